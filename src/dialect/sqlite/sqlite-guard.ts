import { excerpt } from "../../apply/statement-error.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import type { SqlStatement } from "../../sql/split-statements.ts";
import { isComment, isKeyword } from "../../sql/token-predicates.ts";
import { quoteIdent } from "./sqlite-ddl.ts";

/**
 * The SQLite safety net around a plan: foreign-key enforcement is switched off before the
 * transaction (SQLite ignores the pragma inside one, https://sqlite.org/pragma.html#pragma_foreign_keys)
 * so a rebuild's `DROP TABLE` cannot cascade into child tables, and every rebuild
 * is checked for lost rows and new orphaned foreign-key rows.
 */

async function foreignKeysOn(driver: Driver): Promise<boolean> {
  const [row] = await driver.query<{ foreign_keys: unknown }>("PRAGMA foreign_keys");
  return Number(row?.foreign_keys) === 1;
}

function enforcementStuck(): PormgError {
  return new PormgError(
    "PLAN_REFUSED",
    "SQLite foreign-key enforcement is still on and cannot be switched off now: `PRAGMA foreign_keys = OFF` has no " +
      "effect inside a transaction, and with enforcement on a table rebuild's DROP TABLE would cascade-delete the rows " +
      "of child tables. Nothing was applied. Run the plan on a connection that is not inside a transaction.",
  );
}

/**
 * Runs `fn` with SQLite foreign-key enforcement off on `driver`'s connection: sets
 * `PRAGMA foreign_keys = OFF` (before any transaction), reads it back and refuses (`PLAN_REFUSED`)
 * when it is still on, and puts the previous value back afterwards, whether `fn` succeeds or fails.
 */
export async function withForeignKeysOff<T>(driver: Driver, fn: () => Promise<T>): Promise<T> {
  const previous = await foreignKeysOn(driver);
  if (previous) {
    await driver.execute("PRAGMA foreign_keys = OFF");
    if (await foreignKeysOn(driver)) throw enforcementStuck();
  }
  try {
    return await fn();
  } finally {
    if (previous) await driver.execute("PRAGMA foreign_keys = ON");
  }
}

/** Refuses (`PLAN_REFUSED`) when foreign-key enforcement is on for the transaction `tx`. */
export async function assertForeignKeysOff(tx: Driver): Promise<void> {
  if (await foreignKeysOn(tx)) throw enforcementStuck();
}

/** A RebuildSnapshot is what a rebuilt table and its neighbours looked like before its step. */
export interface RebuildSnapshot {
  readonly table: string;
  /** The table's columns (as SQLite spells them). */
  readonly columns: readonly string[];
  /** Row counts of the table and of every table whose foreign keys point at it. */
  readonly rows: ReadonlyMap<string, number>;
  /** Orphaned rows per `child → parent` pair, over the same tables. */
  readonly violations: ReadonlyMap<string, number>;
}

async function tableExists(tx: Driver, table: string): Promise<boolean> {
  const rows = await tx.query("SELECT 1 AS found FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE", [
    table,
  ]);
  return rows.length > 0;
}

async function columnsOf(tx: Driver, table: string): Promise<string[]> {
  const rows = await tx.query<{ name: string }>("SELECT name FROM pragma_table_xinfo(?)", [table]);
  return rows.map((r) => r.name);
}

async function rowCount(tx: Driver, table: string): Promise<number> {
  const [row] = await tx.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${quoteIdent(table)}`);
  return Number(row?.n ?? 0);
}

/** `table` and every table with a foreign key to it: those a rebuild could empty or orphan. */
async function relatedTables(tx: Driver, table: string): Promise<string[]> {
  const children = await tx.query<{ name: string }>(
    `SELECT DISTINCT m.name AS name FROM sqlite_master AS m, pragma_foreign_key_list(m.name) AS f
     WHERE m.type = 'table' AND f."table" = ? COLLATE NOCASE`,
    [table],
  );
  return [...new Set([table, ...children.map((c) => c.name)])];
}

/** Orphan counts per `child → parent` pair over `tables`. */
async function violations(tx: Driver, tables: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const t of tables) {
    const rows = await tx.query<{ table: string; parent: string }>(`PRAGMA foreign_key_check(${quoteIdent(t)})`);
    for (const r of rows) {
      const key = `"${r.table}" → "${r.parent}"`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function rebuildFailed(stepIndex: number, label: string, what: string, details: Record<string, unknown>): PormgError {
  return new PormgError(
    "STATEMENT_FAILED",
    `The SQLite table rebuild in step ${stepIndex + 1} ("${label}") ${what}. The transaction was rolled back, so nothing ` +
      "was applied. Fix the step's copy (INSERT … SELECT) or the data, then run the plan again.",
    { stepIndex, label, ...details },
  );
}

/** Records the row counts and orphan counts around `table` before its rebuild step runs. */
export async function snapshotRebuild(
  tx: Driver,
  table: string,
  stepIndex: number,
  label: string,
): Promise<RebuildSnapshot> {
  if (!(await tableExists(tx, table)))
    throw rebuildFailed(stepIndex, label, `names table "${table}", which does not exist before the step`, { table });
  const tables = await relatedTables(tx, table);
  const rows = new Map<string, number>();
  for (const t of tables) rows.set(t, await rowCount(tx, t));
  return { table, columns: await columnsOf(tx, table), rows, violations: await violations(tx, tables) };
}

/**
 * Compares a rebuilt table with its snapshot: the row counts of the table and of the tables that
 * reference it must be unchanged, no `child → parent` pair may have more orphaned rows than
 * before, and — unless the step is marked destructive (`columnsMayGo`) — every column must still
 * be there (compared case-insensitively, as SQLite names are); otherwise throws STATEMENT_FAILED
 * naming the tables, the counts or the columns.
 */
export async function checkRebuild(
  tx: Driver,
  before: RebuildSnapshot,
  stepIndex: number,
  label: string,
  columnsMayGo = true,
): Promise<void> {
  const { table } = before;
  if (!(await tableExists(tx, table)))
    throw rebuildFailed(stepIndex, label, `left no table "${table}" behind`, { table });
  if (!columnsMayGo) {
    const after = new Set((await columnsOf(tx, table)).map((c) => c.toLowerCase()));
    const lost = before.columns.filter((c) => !after.has(c.toLowerCase()));
    if (lost.length > 0)
      throw rebuildFailed(
        stepIndex,
        label,
        `dropped column(s) ${lost.map((c) => `"${c}"`).join(", ")} of "${table}", but the step is not marked destructive`,
        { table, lostColumns: lost },
      );
  }
  const changed: { table: string; before: number; after: number | null }[] = [];
  for (const [t, n] of before.rows) {
    const after = t === table || (await tableExists(tx, t)) ? await rowCount(tx, t) : null;
    if (after !== n) changed.push({ table: t, before: n, after });
  }
  if (changed.length > 0) {
    const list = changed
      .map((c) => `"${c.table}" from ${c.before} to ${c.after === null ? "no table" : c.after}`)
      .join(" and ");
    throw rebuildFailed(stepIndex, label, `changed the row count of ${list}`, {
      table,
      rowsBefore: before.rows.get(table),
      rowsAfter: changed.find((c) => c.table === table)?.after ?? before.rows.get(table),
      changed,
    });
  }
  const after = await violations(tx, [...before.rows.keys()]);
  const grown = [...after]
    .filter(([key, n]) => n > (before.violations.get(key) ?? 0))
    .map(([key, n]) => ({ tables: key, before: before.violations.get(key) ?? 0, after: n }));
  if (grown.length > 0) {
    const list = grown.map((g) => `${g.tables}: ${g.before} before, ${g.after} after`).join("; ");
    throw rebuildFailed(stepIndex, label, `left orphaned foreign-key rows (PRAGMA foreign_key_check): ${list}`, {
      table,
      violations: grown,
    });
  }
}

/** Whether a statement is `PRAGMA [schema.]foreign_key_check …`, whose rows the executor must read. */
export function isForeignKeyCheck(statement: SqlStatement): boolean {
  const code = statement.tokens.filter((t) => !isComment(t));
  if (!isKeyword(code[0], "PRAGMA")) return false;
  const name = code[2]?.text === "." ? code[3] : code[1];
  return isKeyword(name, "FOREIGN_KEY_CHECK");
}

/** Runs a plan's own `PRAGMA foreign_key_check` statement and fails when it returns any row. */
export async function runForeignKeyCheck(
  tx: Driver,
  statement: SqlStatement,
  stepIndex: number,
  label: string,
): Promise<void> {
  const rows = await tx.query<{ table: string; parent: string }>(statement.sql);
  if (rows.length === 0) return;
  const pairs = [...new Set(rows.map((r) => `"${r.table}" → "${r.parent}"`))].join(", ");
  throw new PormgError(
    "STATEMENT_FAILED",
    `Step ${stepIndex + 1} ("${label}"): ${excerpt(statement.sql)} found ${rows.length} orphaned foreign-key row(s) ` +
      `(${pairs}). The transaction was rolled back, so nothing was applied. Fix the orphaned rows or the plan, then run it again.`,
    { stepIndex, label, sql: statement.sql, orphans: rows.length },
  );
}
