import { ENVIRONMENT_ADVICE, type EnvironmentErrorCode, environmentErrorCode } from "../apply/environment-errors.ts";
import { openTarget } from "../apply/open-target.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { recordEvent } from "../history/event-store.ts";

/**
 * Records the `failed` event on the migration's connection — or, when that connection was lost
 * (the session was terminated, the server restarted), on a fresh one: the migration lock lives on
 * a connection of its own and is still held, so the history can still say what happened.
 */
export async function recordFailure(
  config: Config,
  db: Driver,
  event: Parameters<typeof recordEvent>[2],
  cause: unknown,
) {
  if (config.dialect !== "postgresql" || !connectionLost(cause))
    return recordEvent(db, dialectNamed(db.dialect), event);
  const fresh = await openTarget(config);
  try {
    return await recordEvent(fresh, dialectNamed(fresh.dialect), event);
  } finally {
    await fresh.close().catch(() => {});
  }
}

/** Whether `error` (or the database error inside a PormgError) says the connection was lost. */
function connectionLost(error: unknown): boolean {
  if (isPormgError(error)) return error.code === "CONNECT_LOST" || environmentErrorCode(error.cause) === "CONNECT_LOST";
  return environmentErrorCode(error) === "CONNECT_LOST";
}

/** The error for a plan that failed because of where the database lives (a lost connection, a full disk …). */
export function environmentError(code: EnvironmentErrorCode, error: unknown, recorded: boolean): PormgError {
  const said = recorded
    ? "The plan's transaction was rolled back and the failure is recorded in the history."
    : "The plan's transaction was rolled back; the failure could not be recorded, so `pormg status` shows the run as interrupted.";
  return new PormgError(
    code,
    `The migration stopped: ${(error as Error)?.message ?? String(error)}. ${said} ${ENVIRONMENT_ADVICE[code]}`,
    {},
    { cause: error },
  );
}
