import { Badge, type Tone } from "@/components/ui/badge";
import { Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { When } from "@/components/ui/when";
import { sentenceCase } from "@/lib/console/format";
import type { DeviceRow } from "@/lib/console/devices-queries";
import { leaseState, renewalDueAt, type LeaseState } from "@/lib/console/lease-state";
import { RevokeDeviceButton } from "./revoke-device-button";

export const leaseBadge: Record<LeaseState, { tone: Tone; label: string }> = {
  valid: { tone: "success", label: "Valid" },
  expiring: { tone: "warning", label: "Expiring soon" },
  grace: { tone: "warning", label: "In grace (still counting)" },
  lapsed: { tone: "danger", label: "Lapsed" },
};

/** Long fingerprints are cut in the middle; the full value is in the title (hover) and for screen readers. */
function shortFingerprint(fingerprint: string) {
  return fingerprint.length <= 20 ? fingerprint : `${fingerprint.slice(0, 10)}…${fingerprint.slice(-6)}`;
}

export function DevicesTable({
  organizationId,
  devices,
  canRevoke,
  now,
}: {
  organizationId: string;
  devices: DeviceRow[];
  canRevoke: boolean;
  now: Date;
}) {
  return (
    <Table>
      <THead>
        <tr>
          <Th>Device</Th>
          <Th>Platform</Th>
          <Th>Module</Th>
          <Th>User</Th>
          <Th>Lease</Th>
          <Th>Last refresh</Th>
          <Th>Activated</Th>
          {canRevoke ? <Th className="text-right">Actions</Th> : null}
        </tr>
      </THead>
      <TBody>
        {devices.map((a) => {
          const state = leaseBadge[leaseState(a.leaseExpiresAt, a.leaseDays, now)];
          const label = a.name ?? a.fingerprint;
          return (
            <Tr key={a.id}>
              <Td>
                <div className="font-medium text-slate-900">{a.name ?? "Unnamed device"}</div>
                <div className="font-mono text-xs text-slate-500" title={a.fingerprint}>
                  <span aria-hidden="true">{shortFingerprint(a.fingerprint)}</span>
                  <span className="sr-only">{a.fingerprint}</span>
                </div>
              </Td>
              <Td>
                <Badge>{sentenceCase(a.platform)}</Badge>
              </Td>
              <Td>{a.moduleName}</Td>
              <Td>{a.username ?? <span className="text-slate-500">—</span>}</Td>
              <Td className="whitespace-nowrap">
                <Badge tone={state.tone}>{state.label}</Badge>
                <div className="mt-1 text-xs text-slate-500">
                  {a.leaseExpiresAt > now ? "ends" : "ended"} <When at={a.leaseExpiresAt} />
                </div>
                {a.deviceKeyThumbprint ? (
                  <div className="mt-1 text-xs text-slate-600">
                    <Badge>Offline</Badge> renewal due <When at={renewalDueAt(a.leaseExpiresAt, a.leaseDays)} />
                  </div>
                ) : null}
              </Td>
              <Td className="whitespace-nowrap">
                <When at={a.lastRefreshedAt} />
              </Td>
              <Td className="whitespace-nowrap">
                <When at={a.activatedAt} />
              </Td>
              {canRevoke ? (
                <Td className="text-right">
                  <RevokeDeviceButton
                    organizationId={organizationId}
                    activationId={a.id}
                    deviceLabel={label}
                    offlineLeaseEnds={a.deviceKeyThumbprint ? a.leaseExpiresAt : null}
                  />
                </Td>
              ) : null}
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
