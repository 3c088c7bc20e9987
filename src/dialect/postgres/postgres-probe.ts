/** The SSLRequest message every PostgreSQL server answers with one byte, `S` or `N`. */
const SSL_REQUEST = new Uint8Array([0, 0, 0, 8, 4, 210, 22, 47]);

/**
 * Says what answers at `host:port` when it does not behave like PostgreSQL, for error messages:
 * it sends PostgreSQL's SSLRequest and reads the first bytes back (at most `timeoutMs`). An HTTP
 * server, a server that closes at once, one that stays silent, and any other answer are told apart;
 * a PostgreSQL server yields `undefined`. Never throws.
 */
export async function probeListener(host: string, port: number, timeoutMs = 1000): Promise<string | undefined> {
  // Loaded when an error needs it: node:net costs start-up time for every command otherwise.
  const { Socket } = await import("node:net");
  return new Promise((resolve) => {
    const socket = new Socket();
    let data = "";
    const done = (what: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(what);
    };
    const timer = setTimeout(
      () => done(data === "" ? "a server that does not answer PostgreSQL's handshake" : describe(data)),
      timeoutMs,
    );
    let connected = false;
    socket.once("error", (error) => {
      const code = (error as { code?: string }).code;
      // A server that accepts and resets the connection at once is answering too, just not as PostgreSQL.
      if (connected && (code === "ECONNRESET" || code === "EPIPE"))
        done("a server that closes the connection without answering");
      else done(`nothing usable (${(error as Error).message})`);
    });
    socket.on("data", (chunk: Uint8Array) => {
      data += new TextDecoder("latin1").decode(chunk);
      if (data.length >= 1 && (data === "S" || data === "N")) done(undefined);
      else if (data.includes("\n") || data.length >= 64) done(describe(data));
    });
    socket.once("close", () =>
      done(data === "" ? "a server that closes the connection without answering" : describe(data)),
    );
    socket.connect(port, host, () => {
      connected = true;
      socket.write(SSL_REQUEST);
    });
  });
}

function describe(data: string): string | undefined {
  if (data === "S" || data === "N") return undefined;
  const line = (data.split(/\r?\n/)[0] ?? "").replace(/[^\x20-\x7e]/g, "?").slice(0, 60);
  if (/^HTTP\/\d/.test(data)) return `an HTTP server ("${line}")`;
  if (/^SSH-/.test(data)) return `an SSH server ("${line}")`;
  return `a server that is not PostgreSQL (it answered "${line}")`;
}

/** Adds what answers at the server's address to a connection error, when it is not PostgreSQL. */
export async function withListener(
  error: unknown,
  url: string | undefined,
  hostOption: string | undefined,
  portOption: number | undefined,
): Promise<unknown> {
  const code = (error as { code?: unknown })?.code;
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "28P01" || code === "3D000") return error;
  let host = hostOption ?? "localhost";
  let port = portOption ?? 5432;
  if (url) {
    try {
      const parsed = new URL(url);
      host = parsed.hostname.replace(/^\[|\]$/g, "") || host;
      port = parsed.port === "" ? 5432 : Number(parsed.port);
    } catch {
      return error;
    }
  }
  if (host.startsWith("/")) return error;
  const what = await probeListener(host, port);
  if (what === undefined) return error;
  return new Error(`${(error as Error)?.message ?? String(error)}; what answers at ${host}:${port} is ${what}`, {
    cause: error,
  });
}
