import { z } from "zod";
import { deliveries, notificationKinds, type Delivery, type NotificationKind } from "@/lib/notifications/kinds";

const delivery = z.enum(deliveries, { message: "Choose immediately, daily digest or off" });

/** The account page's notification form: a delivery per kind (kinds left out keep their choice). */
export const notificationChoicesInput = z
  .object(
    Object.fromEntries(notificationKinds.map((k) => [k, delivery.optional()])) as Record<
      NotificationKind,
      z.ZodOptional<typeof delivery>
    >,
  )
  .strict()
  .transform((v) => v as Partial<Record<NotificationKind, Delivery>>);
