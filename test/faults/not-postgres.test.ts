/**
 * Fault: the address in the URL answers, but not as PostgreSQL (an HTTP proxy, an SSH daemon, a
 * port that accepts and stays silent). pormg fails with CONNECT_FAILED within connect_timeout,
 * naming what answered, instead of reconnecting forever.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createServer, type Server, type Socket } from "node:net";
import { pormgAsync, tempDir } from "../lib/cli.ts";

interface Fake {
  readonly port: number;
  connections: number;
  readonly server: Server;
}

const fakes: Fake[] = [];

/** A TCP server on a free port that treats every connection with `onConnection`. */
async function fake(onConnection: (socket: Socket) => void): Promise<Fake> {
  const server = createServer();
  const f: Fake = { port: 0, connections: 0, server };
  server.on("connection", (socket) => {
    f.connections++;
    socket.on("error", () => {});
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  Object.assign(f, { port: (server.address() as { port: number }).port });
  fakes.push(f);
  return f;
}

afterAll(() => {
  for (const f of fakes) f.server.close();
});

const cases = [
  {
    name: "an HTTP server that answers and closes",
    serve: (s: Socket) => s.once("data", () => s.end("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")),
    says: 'an HTTP server ("HTTP/1.1 400 Bad Request")',
  },
  {
    name: "an SSH server",
    serve: (s: Socket) => s.write("SSH-2.0-OpenSSH_9.2\r\n"),
    says: 'an SSH server ("SSH-2.0-OpenSSH_9.2")',
  },
  { name: "a port that accepts and stays silent", serve: () => {}, says: "does not answer PostgreSQL's handshake" },
  { name: "a port that accepts and closes at once", serve: (s: Socket) => s.destroy(), says: "closes the connection" },
];

describe("a server that is not PostgreSQL", () => {
  for (const c of cases) {
    test(`${c.name}: CONNECT_FAILED within connect_timeout, naming it`, async () => {
      const f = await fake(c.serve);
      const started = performance.now();
      const r = await pormgAsync(["status", "--url", `postgres://root@127.0.0.1:${f.port}/x?connect_timeout=2`], {
        cwd: tempDir(),
      });
      const seconds = (performance.now() - started) / 1000;
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("error[CONNECT_FAILED]");
      expect(r.stderr).toContain(c.says);
      expect(seconds).toBeLessThan(10);
      const after = f.connections;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(f.connections).toBe(after); // nothing keeps reconnecting once pormg has exited
    }, 20_000);
  }
});
