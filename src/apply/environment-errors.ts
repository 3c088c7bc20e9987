/**
 * Errors that come from where a database lives rather than from a plan's SQL — a full disk, a
 * read-only file or server, a missing privilege, a lost connection — each with its own error code
 * instead of a generic failure. The operating system's codes are recognised here; each dialect
 * recognises its client's own (`ErrorsPart`, in `<d>-errors.ts`).
 */

/** The error code for a failure of the database's environment. */
export type EnvironmentErrorCode = "DISK_FULL" | "READ_ONLY" | "PERMISSION_DENIED" | "CONNECT_LOST";

/** The ErrorsPart is how a dialect classifies its client's errors (PostgreSQL SQLSTATEs, SQLite result codes). */
export interface ErrorsPart {
  /** The environment failure `error` is, by the dialect's own codes and messages, or undefined. */
  environmentCode(error: unknown): EnvironmentErrorCode | undefined;
}

/** The error shape every runtime's clients share: a string `code`, numeric `errcode`/`errno`, a message. */
export interface ErrorShape {
  readonly code?: unknown;
  readonly errcode?: unknown;
  readonly errno?: unknown;
  readonly message?: unknown;
}

const SYSTEM: Readonly<Record<string, EnvironmentErrorCode>> = {
  ENOSPC: "DISK_FULL",
  EDQUOT: "DISK_FULL",
  EROFS: "READ_ONLY",
  EACCES: "PERMISSION_DENIED",
  EPERM: "PERMISSION_DENIED",
  ECONNRESET: "CONNECT_LOST",
  EPIPE: "CONNECT_LOST",
};

/**
 * Classifies `error` as an environment failure, or `undefined` when it is something else: the
 * operating system's codes, then those of each dialect in `dialects` (the one that ran the
 * statement, or every registered dialect where it is not known), then the system's messages.
 */
export function environmentErrorCode(
  error: unknown,
  dialects: readonly { readonly errors: ErrorsPart }[],
): EnvironmentErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as ErrorShape;
  const system = typeof e.code === "string" ? SYSTEM[e.code] : undefined;
  if (system) return system;
  for (const dialect of dialects) {
    const known = dialect.errors.environmentCode(error);
    if (known) return known;
  }
  const message = typeof e.message === "string" ? e.message : "";
  if (/no space left on device/i.test(message)) return "DISK_FULL";
  if (/read-only file system/i.test(message)) return "READ_ONLY";
  return undefined;
}

/** What to do about each environment failure, for messages. */
export const ENVIRONMENT_ADVICE: Readonly<Record<EnvironmentErrorCode, string>> = {
  DISK_FULL: "The disk (or the server's disk) is full: free some space and run it again.",
  READ_ONLY:
    "The database cannot be written: make the SQLite file and its folder writable by this user, or point pormg at a " +
    "primary server rather than a read-only standby.",
  PERMISSION_DENIED:
    "The database user lacks a privilege this needs: grant it (see the privileges each command needs in docs/migrating.md), " +
    "or connect as a user that has it.",
  CONNECT_LOST:
    "The connection to the database was lost (the server closed it, or the session was terminated). Run it again; " +
    "`pormg status` shows whether anything was left unfinished.",
};
