import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";

/**
 * Sessions that can be holding a statement of pormg up on a table lock, read from `pg_locks` and
 * `pg_stat_activity` once the statement timed out: every other session that holds an ACCESS
 * EXCLUSIVE lock, waits for a lock (a queued ALTER TABLE blocks readers behind it), or holds locks
 * inside an open transaction. At most ten, strongest first. Every name is schema-qualified, so user
 * objects cannot change what it means.
 */
const BLOCKERS_SQL = `
SELECT a.pid AS pid, a.application_name AS application_name, a.state AS state,
       pg_catalog.to_char(a.query_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS query_start,
       pg_catalog.left(a.query, 200) AS query, l.mode AS mode, l.granted AS granted, n.nspname AS schema, c.relname AS relation
  FROM pg_catalog.pg_locks l
  JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
  JOIN pg_catalog.pg_class c ON c.oid = l.relation
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE l.locktype = 'relation'
   AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())
   AND a.pid <> pg_catalog.pg_backend_pid() AND a.pid <> ALL ($1::pg_catalog.int4[])
   AND n.nspname <> 'pg_catalog'
   AND (l.mode = 'AccessExclusiveLock' OR NOT l.granted OR a.state LIKE 'idle in transaction%'
        OR a.xact_start < pg_catalog.now() - interval '1 second')
 ORDER BY (l.mode = 'AccessExclusiveLock') DESC, l.granted DESC, a.pid, c.relname
 LIMIT 10`;

/** A Blocker is one session that may hold a statement of pormg up. */
export interface Blocker {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly state: string | null;
  readonly queryStart: string | null;
  /** Its current (or, idle, last) statement, at most 200 characters. */
  readonly query: string | null;
  /** The lock mode it holds or waits for, e.g. `AccessExclusiveLock`. */
  readonly mode: string;
  readonly granted: boolean;
  readonly relation: string;
}

/** Reads the possible blockers on `driver` (a fresh connection), leaving out the sessions in `exclude`. */
export async function readBlockers(driver: Driver, exclude: readonly number[]): Promise<Blocker[]> {
  const rows = await driver.query(BLOCKERS_SQL, [exclude]);
  const text = (value: unknown) => (value === null || value === undefined || value === "" ? null : String(value));
  return rows.map((r) => ({
    pid: Number(r.pid),
    applicationName: text(r.application_name),
    state: text(r.state),
    queryStart: text(r.query_start),
    query: text(r.query),
    mode: String(r.mode),
    granted: r.granted === true,
    relation: `${String(r.schema)}.${String(r.relation)}`,
  }));
}

/** Describes blockers for a message: `pid 4711 (psql) idle in transaction since …, holds AccessExclusiveLock on public.t, query "…"`. */
export function describeBlockers(blockers: readonly Blocker[]): string {
  if (blockers.length === 0) return "no blocking session is visible any more (it may have finished)";
  return blockers
    .map((b) => {
      const app = b.applicationName ? ` (${b.applicationName})` : "";
      const state = b.state ? ` ${b.state}` : "";
      const since = b.queryStart ? ` since ${b.queryStart}` : "";
      const flat = b.query?.replace(/\s+/g, " ").trim();
      const query = flat ? `, query "${flat.length > 80 ? `${flat.slice(0, 79)}…` : flat}"` : "";
      return `pid ${b.pid}${app}${state}${since}, ${b.granted ? "holds" : "waits for"} ${b.mode} on ${b.relation}${query}`;
    })
    .join("; ");
}

/** Whether `error` is PostgreSQL canceling a statement for `lock_timeout` (55P03) or `statement_timeout` (57014). */
export function timeoutSetting(error: unknown): "lock_timeout" | "statement_timeout" | undefined {
  const e = error as { code?: unknown; message?: unknown } | null;
  if (e?.code === "55P03") return "lock_timeout";
  if (e?.code === "57014" && typeof e.message === "string" && /statement timeout/i.test(e.message))
    return "statement_timeout";
  return undefined;
}

/**
 * The LOCK_TIMEOUT error (exit 4) for a statement PostgreSQL canceled under `setting`, naming the
 * sessions that may hold it up and how to wait longer.
 */
export function timeoutError(error: unknown, setting: string, blockers: readonly Blocker[]): PormgError {
  const message = (error as Error)?.message ?? String(error);
  const flag = setting === "lock_timeout" ? "--lock-timeout" : "--statement-timeout";
  return new PormgError(
    "LOCK_TIMEOUT",
    `PostgreSQL canceled a statement under ${setting} (${message}). Sessions that may hold it up: ${describeBlockers(blockers)}. ` +
      `Wait for them to finish (or end them), or allow longer with ${flag} or "config: ${setting}:" in connection.yml.`,
    { setting, error: message, code: (error as { code?: unknown })?.code, blockers },
    { cause: error },
  );
}
