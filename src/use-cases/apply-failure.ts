import {
  ENVIRONMENT_ADVICE,
  type EnvironmentErrorCode,
  type ErrorsPart,
  environmentErrorCode,
} from "../apply/environment-errors.ts";
import { openTarget } from "../apply/open-target.ts";
import type { SessionDialect } from "../apply/session.ts";
import type { Config } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { recordEvent } from "../history/event-store.ts";

/**
 * Records the `failed` event on the migration's connection — or, when that connection to the
 * server was lost (the session was terminated, the server restarted), on a fresh one: the
 * migration lock lives on a connection of its own and is still held, so the history can still say
 * what happened. (A file database has no connection to lose.)
 */
export async function recordFailure(
  config: Config,
  dialect: SessionDialect & { readonly errors: ErrorsPart },
  db: Driver,
  event: Parameters<typeof recordEvent>[2],
  cause: unknown,
) {
  if (!connectionLost(cause, dialect)) return recordEvent(db, dialectNamed(db.dialect), event);
  const fresh = await openTarget(config, dialect);
  try {
    return await recordEvent(fresh, dialectNamed(fresh.dialect), event);
  } finally {
    await fresh.close().catch(() => {});
  }
}

/** Whether `error` (or the database error inside a PormgError) says the connection was lost. */
function connectionLost(error: unknown, dialect: { readonly errors: ErrorsPart }): boolean {
  if (isPormgError(error))
    return error.code === "CONNECT_LOST" || environmentErrorCode(error.cause, [dialect]) === "CONNECT_LOST";
  return environmentErrorCode(error, [dialect]) === "CONNECT_LOST";
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

/** Which run failed: the plan's version, who ran it, and when it started (`performance.now()`). */
export interface FailedRun {
  readonly version: string;
  readonly actor: string;
  readonly started: number;
}

/**
 * After the plan's transaction rolled back: records the `failed` event (the database's own error
 * when a statement failed, pormg's message otherwise; the failing statement and step) and returns
 * the error to throw — an environment failure as its own code, a PormgError with the `failed`
 * event's id (`details.failedEvent`). A failure to record it is only a notice (`onNotice`): the
 * plan's own error says what went wrong.
 */
export async function failedRun(
  config: Config,
  dialect: SessionDialect & { readonly errors: ErrorsPart },
  db: Driver,
  run: FailedRun,
  error: unknown,
  onNotice?: (message: string) => void,
): Promise<unknown> {
  const details = isPormgError(error) ? error.details : {};
  const failed = await recordFailure(
    config,
    dialect,
    db,
    {
      type: "failed",
      version: run.version,
      actor: run.actor,
      payload: {
        // The database's own error when a statement failed; pormg's message otherwise.
        error:
          typeof details.error === "string"
            ? `${details.error}${typeof details.code === "string" ? ` [${details.code}]` : ""}`
            : error instanceof Error
              ? error.message
              : String(error),
        durationMs: Math.round(performance.now() - run.started),
        ...(typeof details.sql === "string" && { failedStatement: details.sql }),
        ...(typeof details.label === "string" && { stepLabel: details.label }),
        ...(typeof details.lockRetries === "number" && { lockRetries: details.lockRetries }),
      },
    },
    error,
  ).catch((recordError: unknown) => {
    onNotice?.(`Could not record the failure in the history: ${(recordError as Error).message}`);
    return undefined;
  });
  const code = isPormgError(error) ? undefined : environmentErrorCode(error, [dialect]);
  if (code !== undefined) return environmentError(code, error, failed !== undefined);
  if (!failed || !isPormgError(error)) return error;
  return new PormgError(error.code, error.message, { ...error.details, failedEvent: failed.id }, { cause: error });
}
