// `npm run simulate`: realistic client-API traffic so the dashboards move, for every demo
// organization. People open sessions on desktop, web and mobile, heartbeat, close them (on named
// pools as the demo users who hold a seat, on desktop and web); some clients crash and stop
// heartbeating; devices activate; API clients spend API connects; and some requests are refused.
import { parseArgs } from "node:util";
import { createClient, SeatkeeperError, type License, type SeatkeeperClient, type Session } from "@seatkeeper/client";
import { demoSeatHolders as seatHolders } from "@/lib/runtime/demo-data";
import { readDemoKeys } from "@/lib/runtime/demo-keys";

const usage = `Usage: npm run simulate -- [--url http://localhost:3000] [--key <contract API key>]... [--seconds 60] [--clients 12]
Without --key, the demo's API keys (written under the data folder when the demo was loaded) are used.`;

/** `giveBack` returns a borrowed seat (rule 25) with the key that borrowed it. */
type Live = { session: Session; crashed: boolean; until: number; giveBack?: () => Promise<void> };

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        url: { type: "string", default: process.env.SEATKEEPER_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
        key: { type: "string", multiple: true },
        seconds: { type: "string", default: "60" },
        clients: { type: "string", default: "12" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (parsed.help) {
    console.log(usage);
    process.exit(0);
  }
  const seconds = Number(parsed.seconds);
  const clients = Number(parsed.clients);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400)
    fail("--seconds must be a whole number between 1 and 86400.");
  if (!Number.isInteger(clients) || clients < 1 || clients > 500)
    fail("--clients must be a whole number between 1 and 500.");
  const demoKeys = parsed.key?.length ? [] : readDemoKeys();
  const keys = parsed.key?.length ? parsed.key : demoKeys.map((k) => k.secret);
  if (keys.length === 0) fail("No API key: pass --key, or load the demo first (npm start).");
  const organizationOf = new Map(demoKeys.map((k) => [k.secret, k.organization]));
  return { url: parsed.url.replace(/\/$/, ""), keys, seconds, clients, organizationOf };
}

const counts = new Map<string, number>();
const bump = (what: string) => counts.set(what, (counts.get(what) ?? 0) + 1);
const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)]!;
const chance = (p: number) => Math.random() < p;

async function main() {
  const { url, keys, seconds, clients, organizationOf } = options();
  // Each key is one licensed application using the client SDK; refusals are counted by code.
  const clientFor = new Map<string, SeatkeeperClient>();
  const attempt = async <T>(run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof SeatkeeperError) || e.code === "NETWORK_ERROR") throw e;
      bump(`refused ${e.code}`);
      return undefined;
    }
  };

  const poolsByKey = new Map<string, License["pools"]>();
  for (const key of keys) {
    const client = createClient({ baseUrl: url, apiKey: key, retry: { retries: 2, maxDelayMs: 2_000 } });
    clientFor.set(key, client);
    const license = await client.license().catch((e: unknown) => {
      fail(`The key ${key.slice(0, 12)}… was refused by ${url} (${e instanceof Error ? e.message : e}).`);
    });
    poolsByKey.set(key, license.pools);
  }

  const live: Live[] = [];
  const devices: { key: string; id: string }[] = [];
  // A person refused a seat tries again a few seconds later, not at once.
  const retryAfter = new Map<string, number>();
  const endAt = Date.now() + seconds * 1000;
  const forget = (s: Live) => {
    const i = live.indexOf(s);
    if (i >= 0) live.splice(i, 1);
  };

  const step = async () => {
    const key = pick(keys);
    const client = clientFor.get(key)!;
    const pools = poolsByKey.get(key)!;
    const holders = (module: string) => seatHolders(organizationOf.get(key), module);
    const sessionPools = pools.filter((p) => p.model === "concurrent" || holders(p.module).length > 0);
    const roll = Math.random();
    if (roll < 0.45 && sessionPools.length) {
      const pool = pick(sessionPools);
      if ((retryAfter.get(key + pool.module) ?? 0) > Date.now()) return;
      // A named pool's session is a seat holder at work, on the desktop app or in the browser.
      const username = pool.model === "named" ? pick(holders(pool.module)) : undefined;
      const api = !username && pool.apiConnects.limit > 0 && chance(0.15);
      const integration = !username && !api && chance(0.05);
      const clientType = username
        ? pick(["desktop", "web"] as const)
        : api
          ? "api"
          : integration
            ? "integration"
            : pick(["desktop", "web", "web", "mobile"] as const);
      // Rule 25: some people wait in line for a seat; some walk away from their desk (reported idle).
      const wait = chance(0.2) ? 5 : undefined;
      const idleSince = chance(0.15) ? Date.now() - Math.random() * 600_000 : null;
      try {
        // Heartbeats every few seconds (the SDK's own loop), so the dashboards see them.
        const session = await client.openSession(
          {
            module: pool.module,
            clientType,
            deviceId: `sim-${clientType}-${Math.floor(Math.random() * 400)}`,
            ...(integration ? { weight: 2 } : {}),
            ...(username ? { username } : {}),
            ...(wait ? { wait } : {}),
          },
          {
            heartbeatEveryMs: 2_000 + Math.random() * 3_000,
            onLost: (e) => {
              if (e.details.reason === "idle") bump("reclaimed (idle)");
              forget(entry);
            },
            ...(idleSince === null ? {} : { idleSeconds: () => (Date.now() - idleSince) / 1000 }),
          },
        );
        const entry: Live = { session, crashed: chance(0.08), until: Date.now() + 3_000 + Math.random() * 25_000 };
        bump(session.info.waitedMs === undefined ? "opened" : "opened after waiting in line");
        live.push(entry);
        // Rule 25: some laptops borrow their seat to work offline for a while, then return it.
        if (pool.model === "concurrent" && !integration && chance(0.15)) {
          try {
            const borrowed = await client.borrow(session, pick([8, 24, 72]));
            entry.giveBack = () => client.return(borrowed.id);
            entry.crashed = false;
            bump("borrowed");
          } catch (e) {
            if (!(e instanceof SeatkeeperError) || e.code === "NETWORK_ERROR") throw e;
            bump(`borrow refused ${e.code}`);
          }
        }
      } catch (e) {
        if (!(e instanceof SeatkeeperError) || e.code === "NETWORK_ERROR") throw e;
        bump(`refused ${e.code}`);
        if (e.status === 409) retryAfter.set(key + pool.module, Date.now() + 2_000 + Math.random() * 6_000);
      }
    } else if (roll < 0.55) {
      const ours = devices.filter((d) => d.key === key);
      if (ours.length && chance(0.25)) {
        // A device is uninstalled: its activation is released and the seat is free again.
        const device = pick(ours);
        devices.splice(devices.indexOf(device), 1);
        if ((await attempt(() => client.release(device.id).then(() => true))) === true) bump("released");
        return;
      }
      const withDevices = pools.filter((p) => p.activations.limit > 0);
      if (withDevices.length) {
        const pool = pick(withDevices);
        const fingerprint = `sim-device-${Math.floor(Math.random() * (pool.activations.limit + 1))}`;
        const activation = await attempt(() =>
          client.activate({ module: pool.module, fingerprint, platform: pick(["mobile", "desktop"] as const) }),
        );
        if (activation && !devices.some((d) => d.id === activation.id)) {
          bump("activated");
          devices.push({ key, id: activation.id });
        } else if (activation) bump("re-activated");
      }
    } else {
      // People finish and close their sessions; some clients crash instead and stop heartbeating
      // (the seat frees when the TTL runs out). Other workers go on meanwhile.
      const now = Date.now();
      for (const s of live.filter((l) => now >= l.until)) {
        forget(s);
        if (s.giveBack) {
          const giveBack = s.giveBack;
          if ((await attempt(() => giveBack().then(() => true))) === true) bump("returned");
        } else if (s.crashed) {
          s.session.stop();
          bump("crashed (stopped heartbeating)");
        } else if ((await attempt(() => s.session.close().then(() => true))) === true) bump("closed");
      }
    }
  };

  const worker = async () => {
    while (Date.now() < endAt) {
      try {
        await step();
      } catch (e) {
        bump(`network error`);
        if (counts.get("network error")! > 20) fail(`Cannot reach ${url}: ${(e as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 350));
    }
  };

  const progress = setInterval(() => {
    const summary = [...counts].map(([k, v]) => `${k} ${v}`).join(" · ");
    process.stdout.write(
      `\r${Math.ceil((endAt - Date.now()) / 1000)}s left · live ${live.length} · ${summary}`.slice(0, 200).padEnd(200),
    );
  }, 1000);
  await Promise.all(Array.from({ length: clients }, worker));
  clearInterval(progress);
  for (const s of live) await (s.crashed ? s.session.stop() : s.session.close().catch(() => undefined)); // closing returns a borrow too
  console.log(`\nDone. ${[...counts].map(([k, v]) => `${k}: ${v}`).join(", ")}`);
}

void main();
