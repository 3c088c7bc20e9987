import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";

/** A TCP proxy a test controls: it listens on `port` only after `startAfterMs`, then forwards to the target. */
export interface DelayedProxy {
  readonly port: number;
  /** Resolves when the proxy starts listening. */
  readonly listening: Promise<void>;
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
 * Starts a proxy on a free port that refuses connections (nothing listens) for `startAfterMs`, as a
 * database server that is still starting, then forwards every connection to `host:port`.
 */
export async function delayedProxy(
  target: { host: string; port: number },
  startAfterMs: number,
): Promise<DelayedProxy> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  let server: Server | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listening = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      server = createServer((client) => {
        const upstream = tcpConnect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on("error", () => {});
          s.on("close", () => sockets.delete(s));
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, "127.0.0.1", () => resolve());
    }, startAfterMs);
  });
  return {
    port,
    listening,
    async close() {
      clearTimeout(timer);
      for (const s of sockets) s.destroy();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}
