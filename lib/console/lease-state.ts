export { leaseState, type LeaseState } from "@/lib/licensing/holdings/device-activations";
