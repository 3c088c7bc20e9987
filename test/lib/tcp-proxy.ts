import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/** A TCP proxy a test controls: it starts forwarding to its target only after `startAfterMs`. */
export interface DelayedProxy {
  readonly port: number;
  /** Resolves when the proxy starts forwarding. */
  readonly forwarding: Promise<void>;
  close(): Promise<void>;
}

/** A free local port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * Starts a proxy on a free port that, for `startAfterMs`, either refuses connections (`refuse`:
 * nothing listens, as a database server still starting) or accepts and resets them at once
 * (`reset`: a load balancer in front of a server that is not up), then forwards every connection
 * to `target`.
 */
export async function delayedProxy(
  target: { host: string; port: number },
  startAfterMs: number,
  mode: "refuse" | "reset" = "refuse",
): Promise<DelayedProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let open = false;
  const track = (s: Socket) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  };
  const server: Server = createServer((client) => {
    track(client);
    if (!open) {
      client.resetAndDestroy();
      return;
    }
    const upstream = tcpConnect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
  });
  const listen = () => new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  if (mode === "reset") await listen();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const forwarding = new Promise<void>((resolve) => {
    timer = setTimeout(async () => {
      open = true;
      if (mode === "refuse") await listen();
      resolve();
    }, startAfterMs);
  });
  return {
    port,
    forwarding,
    async close() {
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
