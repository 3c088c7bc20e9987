import { countDuplicates } from "../../plan/lossy-count.ts";
import type { LossyRules, TypeFinding } from "../../plan/plan-dialect.ts";
import type { ColumnType } from "../../schema/ir.ts";
import { renderColumnType } from "./sqlite-ddl.ts";
import { rebuildFindings } from "./sqlite-lossy-rebuild.ts";

/** A SQLite column affinity (https://www.sqlite.org/datatype3.html#determination_of_column_affinity). */
type SqliteAffinity = "INTEGER" | "TEXT" | "BLOB" | "REAL" | "NUMERIC";

/** The affinity SQLite gives a declared type, by the five rules of the SQLite documentation. */
function sqliteAffinity(declared: string): SqliteAffinity {
  const upper = declared.toUpperCase();
  if (upper.includes("INT")) return "INTEGER";
  if (upper.includes("CHAR") || upper.includes("CLOB") || upper.includes("TEXT")) return "TEXT";
  if (upper.includes("BLOB") || upper.trim() === "") return "BLOB";
  if (upper.includes("REAL") || upper.includes("FLOA") || upper.includes("DOUB")) return "REAL";
  return "NUMERIC";
}

/** A retype moves a column's affinity: text that looks like a number is stored as a number from then on. */
function sqliteTypeFindings(c: string, from: ColumnType, to: ColumnType): TypeFinding[] {
  const before = sqliteAffinity(renderColumnType(from));
  const after = sqliteAffinity(renderColumnType(to));
  if (before !== "TEXT" || !["INTEGER", "REAL", "NUMERIC"].includes(after)) return [];
  return [
    {
      kind: "silent",
      reason: `text_affinity (${renderColumnType(from)} → ${renderColumnType(to)}): text that looks like a number is stored as a number ('007' becomes 7)`,
      predicate: `typeof(${c}) = 'text' AND ${c} = CAST(${c} AS NUMERIC)`,
    },
  ];
}

/**
 * SQLite's lossy rules: it enforces neither lengths nor ranges, so a type change only matters when
 * it moves text to a numeric affinity; most changes are table rebuilds (`rebuildFindings`); a new
 * primary key fails on duplicates (SQLite lets NULLs into most keys).
 */
export const sqliteLossy: LossyRules = {
  typeFindings: sqliteTypeFindings,
  rebuildFindings,
  primaryKeyCount: (table, columns, quoting) =>
    countDuplicates(
      quoting,
      table,
      columns.map((c) => quoting.quoteIdent(c)),
    ),
  castType: renderColumnType,
};
