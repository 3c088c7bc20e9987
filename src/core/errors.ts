/**
 * An ErrorCode names what went wrong, in UPPER_SNAKE form; it is printed as `error[CODE]: …`
 * and decides the process exit code (see {@link exitCodeFor}).
 */
export type ErrorCode =
  | "USAGE"
  | "CONFIG_MISSING"
  | "CONFIG_INVALID"
  | "CONFIG_EXISTS"
  | "MODEL_INVALID"
  | "CONNECT_FAILED"
  | "CONNECT_LOST"
  | "PERMISSION_DENIED"
  | "DISK_FULL"
  | "READ_ONLY"
  | "STATEMENT_FAILED"
  | "VERIFY_FAILED"
  | "PLAN_MALFORMED"
  | "RENAME_AMBIGUOUS"
  | "PLAN_REFUSED"
  | "PLAN_STALE"
  | "DESTRUCTIVE_UNCONFIRMED"
  | "PRECHECK_FAILED"
  | "HISTORY_TAMPERED"
  | "ARCHIVE_EDITED"
  | "MIGRATE_DISABLED"
  | "LOCK_TIMEOUT"
  | "LINT_FAILED"
  | "INTERNAL";

/**
 * The exit codes of the command-line tool, as docs/design.md §8 defines them.
 * 0 done; 1 failed; 2 changes pending or drift found; 3 refused for safety;
 * 4 lock not acquired in time; 64 usage error; 78 configuration error.
 */
export const ExitCode = {
  ok: 0,
  failed: 1,
  pending: 2,
  refused: 3,
  lockTimeout: 4,
  usage: 64,
  config: 78,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

const exitCodes: Readonly<Record<ErrorCode, ExitCodeValue>> = {
  USAGE: ExitCode.usage,
  CONFIG_MISSING: ExitCode.config,
  CONFIG_INVALID: ExitCode.config,
  CONFIG_EXISTS: ExitCode.config,
  MODEL_INVALID: ExitCode.config,
  CONNECT_FAILED: ExitCode.failed,
  CONNECT_LOST: ExitCode.failed,
  PERMISSION_DENIED: ExitCode.failed,
  DISK_FULL: ExitCode.failed,
  READ_ONLY: ExitCode.failed,
  STATEMENT_FAILED: ExitCode.failed,
  VERIFY_FAILED: ExitCode.failed,
  PLAN_MALFORMED: ExitCode.config,
  RENAME_AMBIGUOUS: ExitCode.refused,
  PLAN_REFUSED: ExitCode.refused,
  PLAN_STALE: ExitCode.refused,
  DESTRUCTIVE_UNCONFIRMED: ExitCode.refused,
  PRECHECK_FAILED: ExitCode.refused,
  HISTORY_TAMPERED: ExitCode.refused,
  ARCHIVE_EDITED: ExitCode.refused,
  MIGRATE_DISABLED: ExitCode.refused,
  LOCK_TIMEOUT: ExitCode.lockTimeout,
  LINT_FAILED: ExitCode.refused,
  INTERNAL: ExitCode.failed,
};

/** The exit code the command-line tool uses for an error of this code. */
export function exitCodeFor(code: ErrorCode): ExitCodeValue {
  return exitCodes[code];
}

/**
 * A PormgError is the only error pormg throws across module boundaries. Its message says what
 * failed, why, and what to do; `details` carries structured facts for `--json` output (never
 * secrets: every URL and password in it is already redacted).
 */
export class PormgError extends Error {
  override readonly name = "PormgError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  /** The process exit code for this error. */
  get exitCode(): ExitCodeValue {
    return exitCodeFor(this.code);
  }
}

/** Whether `e` is a PormgError (optionally of one code); checks the shape, not `instanceof`. */
export function isPormgError(e: unknown, code?: ErrorCode): e is PormgError {
  if (typeof e !== "object" || e === null) return false;
  const candidate = e as { name?: unknown; code?: unknown };
  return candidate.name === "PormgError" && (code === undefined || candidate.code === code);
}

/** Marks a branch the type checker proves unreachable; reaching it is an internal error. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}
