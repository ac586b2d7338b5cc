export {
  EXPIRING_SOON_DAYS,
  expiringSoonMs,
  leaseState,
  type LeaseState,
} from "@/lib/licensing/holdings/device-activations";
