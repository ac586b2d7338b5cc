export { leaseState, renewalDueAt, type LeaseState } from "@/lib/licensing/holdings/device-activations";
