/** Every event a webhook endpoint can ask for (SPEC §1 Event), with what it means for operators. */
export const webhookEventTypes = {
  "contract.created": "A contract was created.",
  "contract.updated": "A contract's status or end date changed.",
  "pool.capacity_changed": "A pool's capacity changed (by hand, through the API or by a scheduled change).",
  "pool.near_limit": "A pool reached its warning threshold.",
  "pool.full": "A pool's seats are all in use.",
  "pool.over_limit": "A pool holds more than its limit (after a capacity decrease or a change of rules).",
  "pool.devices_full": "A pool's device activations are all in use.",
  "pool.api_quota_exhausted": "A pool's API connects for the month are used up.",
  "seat.granted": "A session, a device activation or a user (named seat) took a seat.",
  "seat.freed":
    "A session ended, a device activation was released, revoked or lapsed, or a user's named seat was freed (reason `reclaimed` when auto-reclaim revoked an unused seat).",
  "scheduled_change.applied": "A scheduled capacity decrease was applied.",
  "scheduled_change.refused": "A scheduled capacity decrease was refused: the pool held too many seats.",
  "denials.summary": "The refusals of one pool in one minute, counted by reason.",
} as const;

export type WebhookEventType = keyof typeof webhookEventTypes;
export const webhookEventTypeList = Object.keys(webhookEventTypes) as [WebhookEventType, ...WebhookEventType[]];
