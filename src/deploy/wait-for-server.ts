import type { Config } from "../config/config.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { type Dialect, dialectNamed } from "../dialect/dialect.ts";
import { openDriver } from "../driver/connect.ts";
import { sqlState } from "../driver/sqlstate.ts";

/** SQLSTATEs a server answers with while it cannot take the connection yet: worth waiting for. */
const NOT_YET = new Set(["57P03", "53300", "57P01", "57P02"]);

/** The first and the largest pause between two tries, in milliseconds. */
const FIRST_PAUSE_MS = 250;
const MAX_PAUSE_MS = 2000;

/** WaitOptions tune {@link waitForServer}. */
export interface WaitOptions {
  /** Reports the wait for people (stderr). */
  readonly onNotice?: (message: string) => void;
  /** The clock and the pause, for tests. Default: `Date.now` and `setTimeout`. */
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Waits up to `seconds` for the server of `config` (PostgreSQL's or MySQL's) to accept a connection (`--wait`):
 * tries to connect, and while the connection is refused, reset, timed out, or the server answers
 * that it is starting up or full (a SQLSTATE of class 08, or PostgreSQL's 57P0x / 53300), tries again with backoff (250 ms doubling to 2 s). A server that
 * answers anything else (a wrong password, a database that does not exist) has accepted the
 * connection, so the wait ends and the command reports what it reports. After `seconds` it fails
 * with `CONNECT_FAILED` (exit 1) giving the last reason. A dialect without a server (SQLite) and
 * `seconds` 0 return at once.
 */
export async function waitForServer(config: Config, seconds: number, options: WaitOptions = {}): Promise<void> {
  const dialect = dialectNamed(config.dialect);
  if (seconds <= 0 || !dialect.server.hasServer) return;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const start = now();
  const deadline = start + seconds * 1000;
  let pause = FIRST_PAUSE_MS;
  let waited = false;
  for (;;) {
    const remaining = Math.max(1, Math.ceil((deadline - now()) / 1000));
    const reason = await tryConnect(dialect, config, remaining);
    if (reason === undefined) {
      if (waited) options.onNotice?.(`${config.display} accepts connections (after ${elapsed(start, now())} s).`);
      return;
    }
    if (now() >= deadline)
      throw new PormgError(
        "CONNECT_FAILED",
        `gave up after waiting ${seconds} s (--wait) for ${config.display} to accept connections: ${reason}. ` +
          "Check that the server is starting and reachable, or wait longer with a larger --wait.",
        { target: config.display, reason, waitedSeconds: seconds },
      );
    if (!waited)
      options.onNotice?.(
        `Waiting up to ${seconds} s for ${config.display} to accept connections (${reason}); retrying…`,
      );
    waited = true;
    await sleep(Math.min(pause, deadline - now()));
    pause = Math.min(pause * 2, MAX_PAUSE_MS);
  }
}

/**
 * Connects once, bounded by `timeoutSeconds`: `undefined` when the server accepted the connection
 * (whatever it then said), else the reason to try again.
 */
async function tryConnect(dialect: Dialect, config: Config, timeoutSeconds: number): Promise<string | undefined> {
  try {
    const target = dialect.server.withConnectTimeout(config.target, timeoutSeconds);
    const driver = await openDriver(dialect, { ...config, target });
    await driver.close();
    return undefined;
  } catch (error) {
    if (!isPormgError(error) || error.code !== "CONNECT_FAILED") throw error;
    const sqlstate = sqlState(error.cause);
    if (sqlstate !== undefined && !NOT_YET.has(sqlstate) && !sqlstate.startsWith("08")) return undefined;
    return String(error.details.reason ?? error.message);
  }
}

function elapsed(start: number, end: number): string {
  return ((end - start) / 1000).toFixed(1);
}
