import type { Driver } from "../../core/driver.ts";
import type { LintBlocker, LintPart } from "../../plan/lint-port.ts";
import type { LintFacts, TableFacts } from "../../plan/lint-rules.ts";
import { dependentsQuery } from "./postgres-dependents.ts";

/**
 * Per table of `$1` named in `$2`: the planner's row estimate (`reltuples`, -1 when never analyzed
 * or vacuumed on PostgreSQL ≥ 14; 0 with relpages 0 before), each column's `format_type`, and the
 * columns a validated `CHECK (c IS NOT NULL)` proves. Never `count(*)`.
 */
const FACTS_SQL = `
SELECT c.relname AS name,
       CASE WHEN c.reltuples < 0 OR (c.reltuples = 0 AND c.relpages = 0 AND c.relallvisible = 0
                 AND pg_catalog.pg_relation_size(c.oid) > 0) THEN NULL ELSE c.reltuples END AS rows,
       COALESCE((SELECT pg_catalog.json_object_agg(a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod))
                   FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '{}') AS columns,
       COALESCE((SELECT pg_catalog.json_agg(a.attname)
                   FROM pg_catalog.pg_constraint k
                   JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.conkey[1]
                  WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.convalidated
                    AND pg_catalog.cardinality(k.conkey) = 1
                    AND pg_catalog.pg_get_constraintdef(k.oid) = 'CHECK ((' || pg_catalog.quote_ident(a.attname) || ' IS NOT NULL))'), '[]') AS not_null
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND c.relname = ANY ($2::pg_catalog.text[])`;

/**
 * Sessions other than this one, in this database, whose transaction has been open longer than `$3`
 * seconds, or that hold locks on a table of `$1` named in `$2` inside an open transaction. At most twenty.
 */
const BLOCKERS_SQL = `
SELECT a.pid AS pid, a.application_name AS application_name, a.state AS state,
       pg_catalog.to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS xact_start,
       pg_catalog.date_part('epoch', pg_catalog.now() - a.xact_start) AS seconds,
       COALESCE((SELECT pg_catalog.json_agg(DISTINCT c.relname)
                   FROM pg_catalog.pg_locks l
                   JOIN pg_catalog.pg_class c ON c.oid = l.relation
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE l.pid = a.pid AND l.locktype = 'relation' AND n.nspname = $1
                    AND c.relname = ANY ($2::pg_catalog.text[])), '[]') AS tables,
       COALESCE((SELECT pg_catalog.json_agg(DISTINCT l.mode)
                   FROM pg_catalog.pg_locks l
                   JOIN pg_catalog.pg_class c ON c.oid = l.relation
                   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                  WHERE l.pid = a.pid AND l.locktype = 'relation' AND n.nspname = $1
                    AND c.relname = ANY ($2::pg_catalog.text[])), '[]') AS modes
  FROM pg_catalog.pg_stat_activity a
 WHERE a.datname = pg_catalog.current_database() AND a.pid <> pg_catalog.pg_backend_pid()
   AND a.xact_start IS NOT NULL AND a.backend_type = 'client backend'
 ORDER BY a.xact_start`;

const json = <T>(value: unknown, empty: T): T =>
  value === null || value === undefined ? empty : typeof value === "string" ? (JSON.parse(value) as T) : (value as T);

async function readFacts(driver: Driver, schema: string, tables: readonly string[]): Promise<LintFacts> {
  const rows = await driver.query(FACTS_SQL, [schema, [...tables]]);
  const out: Record<string, TableFacts> = {};
  for (const r of rows)
    out[String(r.name)] = {
      rows: r.rows === null || r.rows === undefined ? null : Number(r.rows),
      columns: json<Record<string, string>>(r.columns, {}),
      notNullChecks: json<string[]>(r.not_null, []),
    };
  const dependents = await driver.query(dependentsQuery, [schema]);
  const readers = dependents
    .filter((d) => d.kind === "reads" && tables.includes(String(d.on_name)))
    .map((d) => ({
      view: d.schema === schema ? String(d.name) : `${String(d.schema)}.${String(d.name)}`,
      table: String(d.on_name),
      columns: json<string[]>(d.columns, []),
    }));
  return { tables: out, readers };
}

async function readBlockers(
  driver: Driver,
  schema: string,
  tables: readonly string[],
  longSeconds: number,
): Promise<LintBlocker[]> {
  const rows = await driver.query(BLOCKERS_SQL, [schema, [...tables]]);
  const text = (v: unknown) => (v === null || v === undefined || v === "" ? null : String(v));
  return rows
    .map((r) => ({
      pid: Number(r.pid),
      applicationName: text(r.application_name),
      state: text(r.state),
      transactionStart: text(r.xact_start),
      seconds: Math.round(Number(r.seconds)),
      tables: json<string[]>(r.tables, []),
      modes: json<string[]>(r.modes, []),
    }))
    .filter((b) => b.tables.length > 0 || b.seconds >= longSeconds)
    .slice(0, 20);
}

/** PostgreSQL's lint port (`LintPart`). */
export const postgresLint: LintPart = { readFacts, readBlockers };
