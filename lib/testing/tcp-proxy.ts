import net from "node:net";

/**
 * A TCP proxy between the app and PostgreSQL that a test can cut and restore, so a database
 * outage is simulated without stopping the shared server. `cut` resets every connection and
 * refuses new ones; `stall` keeps connections open but forwards nothing until `restore`, which
 * delivers what was held back in order (a frozen server, as under SIGSTOP: TCP loses nothing).
 */
export async function startTcpProxy(target: { host: string; port: number }) {
  let mode: "open" | "cut" | "stall" = "open";
  const sockets = new Set<net.Socket>();
  let held: (() => void)[] = [];
  const server = net.createServer((client) => {
    if (mode === "cut") return void client.destroy();
    sockets.add(client);
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    const forward = (from: net.Socket, to: net.Socket) =>
      from.on("data", (chunk) => {
        if (mode === "open") to.write(chunk);
        else if (mode === "stall") held.push(() => to.write(chunk));
      });
    forward(client, upstream);
    forward(upstream, client);
    const close = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("error", close).on("close", close);
    upstream.on("error", close).on("close", close);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    cut() {
      mode = "cut";
      held = [];
      for (const s of sockets) s.resetAndDestroy();
      sockets.clear();
    },
    stall() {
      mode = "stall";
    },
    restore() {
      mode = "open";
      const writes = held;
      held = [];
      for (const write of writes) write();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** DATABASE_URL with its host and port replaced by the proxy's. */
export function throughProxy(url: string, port: number) {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

export function targetOf(url: string) {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432) };
}
