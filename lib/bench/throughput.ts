import { loadLoop, timed, type BenchClient, type LoadResult } from "./http-client";

// Session open + close pairs through the client API, as licensed applications do them.

/** Without `rate` a closed loop (as fast as answers come); with it, paced (see loadLoop). */
export type OpenCloseOptions = {
  module: string;
  username?: string;
  clients: number;
  seconds: number;
  rate?: number;
  warmupSeconds?: number;
};

export function openCloseLoad(client: BenchClient, key: string, o: OpenCloseOptions): Promise<LoadResult> {
  let n = 0;
  return loadLoop(
    o.clients,
    o.seconds,
    async (lap, due) => {
      const body = {
        module: o.module,
        clientType: "desktop",
        deviceId: `load-${process.pid}-${n++}`,
        ...(o.username ? { username: o.username } : {}),
      };
      const opened = await timed(lap, () => client.request("POST", "/api/v1/sessions", key, body), due);
      if (opened.status !== 201) {
        failures.note(opened.status, opened.body);
        return false;
      }
      const id = (opened.body as { session: { id: string } }).session.id;
      const closed = await timed(lap, () => client.request("DELETE", `/api/v1/sessions/${id}`, key));
      if (closed.status !== 204) failures.note(closed.status, closed.body);
      return closed.status === 204;
    },
    { rate: o.rate, warmupSeconds: o.warmupSeconds },
  );
}

/** The first few unexpected answers, so a failing run says why. */
export const failures = {
  seen: [] as string[],
  note(status: number, body: unknown) {
    if (this.seen.length < 5) this.seen.push(`${status} ${JSON.stringify(body).slice(0, 200)}`);
  },
};
