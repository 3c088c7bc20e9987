import process from "node:process";
import { ExitCode } from "../src/core/errors.ts";
import { colors } from "./colors.ts";

/**
 * The `postgres` client (porsager/postgres ≤ 3.4.9, upstream issues #1066, #1154, #1208) can
 * throw from a timer after the server closed the connection: a buffered write runs on the null
 * socket. The query that was waiting has already been rejected with CONNECTION_CLOSED, so the
 * command reports the lost connection itself; this throw is noise, matched by its signature.
 */
function isClosedSocketWrite(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  return /null is not an object \(evaluating '[\w$.]*\.write'\)|of null \(reading 'write'\)/.test(error.message);
}

/** How long a command may go on after such a throw before it is ended as a lost connection. */
const GRACE_MS = 30_000;

/**
 * Installs process-level handlers for errors no `await` can catch (thrown from timers, or promises
 * nobody awaits), so none of them prints the runtime's own report — which in the compiled binary
 * includes a page of bundled source. The client's closed-socket throw is set aside (printed with
 * `--debug`), and should the command still be waiting after a grace period it ends as CONNECT_LOST;
 * anything else is reported by `report` (one line, never the runtime's source excerpt), which gives the exit code.
 */
export function installStrayErrorHandlers(report: (error: unknown) => number): void {
  const debug = process.argv.includes("--debug");
  let grace: ReturnType<typeof setTimeout> | undefined;
  const handle = (error: unknown) => {
    if (isClosedSocketWrite(error)) {
      if (debug) process.stderr.write(`debug: ignored the database client's write after close: ${String(error)}\n`);
      grace ??= setTimeout(() => {
        process.stderr.write(
          `${colors().red("error[CONNECT_LOST]:")} the connection to the database was lost and the command did not finish. ` +
            "Run it again; `pormg status` shows whether anything was left unfinished.\n",
        );
        process.exit(ExitCode.failed);
      }, GRACE_MS);
      grace.unref?.();
      return;
    }
    process.exit(report(error));
  };
  process.on("uncaughtException", handle);
  process.on("unhandledRejection", handle);
  // A reader that stops reading (`pormg … | head`) closes the pipe: the rest of the output has
  // nowhere to go, which is no failure of the command (and surely no lost database connection).
  // The command goes on and exits with its own code.
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") handle(error);
    });
}
