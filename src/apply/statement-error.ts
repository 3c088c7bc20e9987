import { isPormgError, PormgError } from "../core/errors.ts";
import { ENVIRONMENT_ADVICE, type ErrorsPart, environmentErrorCode } from "./environment-errors.ts";

/** A DatabaseErrorInfo is what pormg keeps of a driver's error: its message, code and position. */
export interface DatabaseErrorInfo {
  /** The database's own message (with PostgreSQL's detail and hint appended when given). */
  readonly message: string;
  /** The PostgreSQL SQLSTATE (`23502`) or the SQLite result code name (`SQLITE_CONSTRAINT_NOTNULL`). */
  readonly code?: string;
  /** PostgreSQL's 1-based character position of the error in the statement, when the server gives one. */
  readonly position?: number;
}

/**
 * A FailedStatement says which statement of a plan failed and how: indices are 0-based (`stepIndex`
 * into the plan's steps, `statementIndex` into the step's statements); `line` and `column` (1-based)
 * locate the server's error position inside `sql`.
 */
export interface FailedStatement {
  readonly stepIndex: number;
  readonly label: string;
  readonly statementIndex: number;
  readonly sql: string;
  /** The database's message. */
  readonly error: string;
  readonly code?: string;
  readonly position?: number;
  readonly line?: number;
  readonly column?: number;
}

/** Reads the message, code and position off an error thrown by the PostgreSQL or SQLite client. */
export function describeDatabaseError(error: unknown): DatabaseErrorInfo {
  if (typeof error !== "object" || error === null) return { message: String(error) };
  const e = error as { message?: unknown; code?: unknown; position?: unknown; detail?: unknown; hint?: unknown };
  const parts = [typeof e.message === "string" ? e.message : String(error)];
  if (typeof e.detail === "string" && e.detail !== "") parts.push(`DETAIL: ${e.detail}`);
  if (typeof e.hint === "string" && e.hint !== "") parts.push(`HINT: ${e.hint}`);
  const position = Number(e.position);
  return {
    message: parts.join(" "),
    ...(typeof e.code === "string" && e.code !== "" && { code: e.code }),
    ...(Number.isInteger(position) && position > 0 && { position }),
  };
}

/** Turns a 1-based character position in `text` into a 1-based line and column. Pure. */
export function lineColumn(text: string, position: number): { line: number; column: number } {
  // PostgreSQL counts characters, not UTF-16 units: iterate by code point.
  const chars = [...text].slice(0, Math.max(0, position - 1));
  let line = 1;
  let column = 1;
  for (const c of chars) {
    if (c === "\n") {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

/** Builds the FailedStatement for `error`, thrown by statement `statementIndex` of step `stepIndex`. */
export function failedStatement(
  stepIndex: number,
  label: string,
  statementIndex: number,
  sql: string,
  error: unknown,
): FailedStatement {
  const info = describeDatabaseError(error);
  return {
    stepIndex,
    label,
    statementIndex,
    sql,
    error: info.message,
    ...(info.code !== undefined && { code: info.code }),
    ...(info.position !== undefined && { position: info.position, ...lineColumn(sql, info.position) }),
  };
}

/** Shortens SQL to one line of at most `max` characters, for messages. */
export function excerpt(sql: string, max = 160): string {
  const flat = sql.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** What a failure inside the plan's transaction means for the database, and what to do. */
export const ROLLED_BACK =
  "The transaction was rolled back, so nothing was applied. Fix the data or the plan, then run it again.";

function lockAware(consequence: string, diagnosed: PormgError | undefined): string {
  return consequence === ROLLED_BACK && diagnosed?.code === "LOCK_TIMEOUT" ? ROLLED_BACK_LOCK : consequence;
}

/** ROLLED_BACK for a lock timeout: the data and the plan are fine (the advice after it says what to do). */
const ROLLED_BACK_LOCK = "The transaction was rolled back, so nothing was applied.";

/**
 * Whether `error` is a database error the driver already explained (LOCK_TIMEOUT naming blockers,
 * PERMISSION_DENIED with the grant): it keeps its code and gains the statement's context.
 */
export function isDiagnosed(error: unknown): error is PormgError {
  return isPormgError(error, "LOCK_TIMEOUT") || isPormgError(error, "PERMISSION_DENIED");
}

/**
 * The STATEMENT_FAILED error for a failed statement: it names the step and statement, quotes the
 * database's error, and ends with `consequence` (by default: nothing was applied). `extra` joins
 * the details. A failure of the database's environment rather than of the statement (a full disk,
 * a read-only file or server, a missing privilege, a lost connection: `environmentErrorCode`, by
 * the `dialect` that ran it) gets that code instead, with what to do about it.
 */
export function statementFailedError(
  failure: FailedStatement,
  stepCount: number,
  cause: unknown,
  dialect: { readonly errors: ErrorsPart },
  consequence = ROLLED_BACK,
  extra: Readonly<Record<string, unknown>> = {},
): PormgError {
  const where = failure.line !== undefined ? ` (line ${failure.line}, column ${failure.column})` : "";
  const code = failure.code !== undefined ? ` [${failure.code}]` : "";
  const diagnosed = isDiagnosed(cause) ? cause : undefined;
  const environment = diagnosed ? undefined : environmentErrorCode(cause, [dialect]);
  const advice = diagnosed
    ? `\n${diagnosed.message}`
    : environment === undefined
      ? ""
      : `\n${ENVIRONMENT_ADVICE[environment]}`;
  return new PormgError(
    diagnosed?.code ?? environment ?? "STATEMENT_FAILED",
    `Statement ${failure.statementIndex + 1} of step ${failure.stepIndex + 1} of ${stepCount} ("${failure.label}") failed${where}: ${failure.error}${code}\n` +
      `  → ${excerpt(failure.sql)}\n${lockAware(consequence, diagnosed)}${advice}`,
    { ...failure, ...(diagnosed && { ...diagnosed.details, error: failure.error }), ...extra },
    { cause },
  );
}
