import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { type Blocker, readBlockers, timeoutError, timeoutSetting } from "./postgres-blockers.ts";

/** Turns a driver error into what pormg throws for it; errors it does not recognise pass through. */
export type Diagnose = (error: unknown) => Promise<unknown>;

/** What a connection knows to explain its errors. */
export interface DiagnosisContext {
  /** The connection's own backend pid (left out of the blockers). */
  readonly ownPid: number;
  /** The role the connection runs as (`current_user`), for the grants to suggest. */
  readonly role: string;
  /** Opens a fresh short-lived connection to read `pg_locks` (the failing one may be in an aborted transaction). */
  readonly openProbe: () => Promise<Driver>;
}

const quoteRole = (role: string) => (/^[a-z_][a-z0-9_$]*$/.test(role) ? role : `"${role.replaceAll('"', '""')}"`);

/**
 * The grant (or ownership change) that cures a PostgreSQL permission error, read off its message:
 * `permission denied for schema|table|sequence|database|function X`, `must be owner of … X`, and
 * `permission denied to create extension`. Pure.
 */
export function permissionAdvice(message: string, role: string): string {
  const to = `TO ${role === "" ? "<role>" : quoteRole(role)}`;
  const denied =
    /permission denied for (schema|table|relation|view|sequence|database|function|procedure) "?([^"\s]+)"?/i.exec(
      message,
    );
  if (denied) {
    const [, kind = "", name = ""] = denied;
    switch (kind.toLowerCase()) {
      case "schema":
        return `Grant it: GRANT USAGE, CREATE ON SCHEMA ${name} ${to}; (status and check need USAGE only).`;
      case "database":
        return `Grant it: GRANT CONNECT, CREATE ON DATABASE ${name} ${to};`;
      case "sequence":
        return `Grant it: GRANT USAGE, SELECT, UPDATE ON SEQUENCE ${name} ${to};`;
      case "function":
      case "procedure":
        return `Grant it: GRANT EXECUTE ON ${kind.toUpperCase()} ${name} ${to};`;
      default:
        return name.startsWith("pormg_")
          ? `Grant the history to the role: GRANT SELECT, INSERT, UPDATE, DELETE ON pormg_migrations, pormg_migration_events ${to}; (reading commands need SELECT only).`
          : `Grant it: GRANT SELECT ON ${name} ${to}; or run as the table's owner.`;
    }
  }
  const owner = /must be owner of (table|relation|schema|sequence|index|view|type|extension) "?([^"\s]+)"?/i.exec(
    message,
  );
  if (owner)
    return `PostgreSQL lets only the owner change it: run as the owner, or hand it over: ALTER ${(owner[1] ?? "").toUpperCase()} ${owner[2]} OWNER ${to};`;
  if (/permission denied to create extension/i.test(message))
    return "Creating this extension needs a superuser (or a trusted extension and CREATE on the database): create it once as a superuser, or ask your database administrator.";
  return "Grant the privilege it names, or connect as a role that has it (see the privileges each command needs in docs/migrating.md).";
}

/**
 * The diagnosis of a connection's errors: a statement canceled under `lock_timeout` or
 * `statement_timeout` becomes LOCK_TIMEOUT (exit 4) naming the sessions that may hold it up; a
 * missing privilege (42501) becomes PERMISSION_DENIED (exit 1) with the grant that cures it.
 */
export function diagnosis(context: DiagnosisContext): Diagnose {
  return async (error) => {
    const code = (error as { code?: unknown })?.code;
    const message = (error as Error)?.message ?? String(error);
    if (code === "42501")
      return new PormgError(
        "PERMISSION_DENIED",
        `PostgreSQL refused it: ${message} (role ${context.role || "unknown"}). ${permissionAdvice(message, context.role)}`,
        { error: message, code, role: context.role },
        { cause: error },
      );
    const setting = timeoutSetting(error);
    if (setting === undefined) return error;
    let blockers: Blocker[] = [];
    try {
      const probe = await context.openProbe();
      try {
        blockers = await readBlockers(probe, Number.isInteger(context.ownPid) ? [context.ownPid] : []);
      } finally {
        await probe.close();
      }
    } catch {
      // the blockers are a courtesy; the timeout is the error
    }
    return timeoutError(error, setting, blockers);
  };
}
