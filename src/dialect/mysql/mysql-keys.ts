/**
 * Folding MySQL / MariaDB index, foreign key and check rows into the IR of their table: the primary
 * key, uniques and indexes (one `information_schema.STATISTICS` group per index), foreign keys and
 * checks, with what the IR cannot express reported as unmanaged.
 */
import { canonicalExpression } from "../../schema/expression.ts";
import type {
  Check,
  Column,
  ForeignKey,
  Index,
  IndexKey,
  PrimaryKey,
  ReferentialAction,
  Unique,
  UnmanagedObject,
} from "../../schema/ir.ts";
import type { MysqlCheckRow, MysqlForeignKeyRow, MysqlIndexPartRow } from "./mysql-catalog.ts";

/** Mutable table parts while rows are folded in. */
export interface TableDraft {
  name: string;
  columns: Column[];
  primaryKey?: PrimaryKey;
  foreignKeys: ForeignKey[];
  uniques: Unique[];
  indexes: Index[];
  checks: Check[];
}

const actions: ReadonlySet<string> = new Set(["NO ACTION", "RESTRICT", "CASCADE", "SET NULL", "SET DEFAULT"]);

/** A referential rule as the IR spells it (the catalog already spells it so). */
function action(rule: string): ReferentialAction {
  const upper = rule.toUpperCase();
  return (actions.has(upper) ? upper : "NO ACTION") as ReferentialAction;
}

/**
 * Folds the foreign key rows of one table (one row per key column, in key order) into its
 * foreign keys. A key to a table of another database names it `schema.table`, which is never a
 * managed table (`splitExternalForeignKeys` then moves it to the unmanaged inventory). MySQL has no
 * deferrable keys, so `deferred` is always false.
 */
export function addForeignKeys(table: TableDraft, rows: readonly MysqlForeignKeyRow[]): void {
  const byName = new Map<string, MysqlForeignKeyRow[]>();
  for (const row of rows) {
    const group = byName.get(row.name);
    if (group) group.push(row);
    else byName.set(row.name, [row]);
  }
  for (const [name, group] of byName) {
    const [first] = group as [MysqlForeignKeyRow];
    const sameSchema = Number(first.same_schema) === 1;
    table.foreignKeys.push({
      name,
      columns: group.map((r) => r.column),
      references: {
        table: sameSchema ? first.ref_table : `${first.ref_schema}.${first.ref_table}`,
        columns: group.map((r) => r.ref_column),
      },
      onDelete: action(first.on_delete),
      onUpdate: action(first.on_update),
      deferred: false,
    });
  }
}

/**
 * Whether `index` is the one InnoDB creates by itself for foreign key `fk` when no index starts
 * with the key's columns: non-unique, over exactly the key's columns, named after the constraint
 * (a named key) or after its first column (an unnamed one, `_2` … when that name is taken). Such an
 * index is not the table's own: the models never declare it, and it goes when a later index takes
 * over the key, so it is left out of the IR.
 */
function isForeignKeyIndex(index: Index, fks: readonly ForeignKey[]): boolean {
  if (index.unique || index.method !== undefined || index.name === undefined) return false;
  const columns = index.keys.map((k) => ("column" in k && !k.descending ? k.column : undefined));
  return fks.some((fk) => {
    if (fk.columns.length !== columns.length || fk.columns.some((c, i) => c !== columns[i])) return false;
    const first = fk.columns[0] ?? "";
    return (
      index.name === fk.name ||
      index.name === first ||
      new RegExp(`^${escapeRegExp(first)}_\\d+$`).test(index.name ?? "")
    );
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Folds the STATISTICS rows of one table (grouped by index, each in key order) into its primary key
 * (the index `PRIMARY`), uniques (unique B-tree indexes over whole columns, ascending) and indexes
 * (the rest: descending keys, MySQL 8 functional key parts as expressions, `method` `fulltext`,
 * `spatial` or `hash` for those index types). Call after {@link addForeignKeys}: InnoDB's own index
 * for a foreign key is left out (see `isForeignKeyIndex`). The IR has no slot for a key's prefix
 * length (`KEY (title(191))`, SUB_PART; a SPATIAL index's is implicit and ignored) nor for an
 * invisible (MySQL) or ignored (MariaDB) index: such an index is reported as an unmanaged `index`
 * rather than half-described, as PostgreSQL does with what its IR cannot carry.
 */
export function addIndexes(table: TableDraft, parts: readonly MysqlIndexPartRow[], unmanaged: UnmanagedObject[]): void {
  const byName = new Map<string, MysqlIndexPartRow[]>();
  for (const row of parts) {
    const group = byName.get(row.name);
    if (group) group.push(row);
    else byName.set(row.name, [row]);
  }
  for (const [name, group] of byName) {
    group.sort((a, b) => Number(a.seq) - Number(b.seq));
    const method = (group[0]?.method ?? "BTREE").toLowerCase();
    const prefixed = method !== "spatial" && group.some((r) => r.sub_part !== null);
    const hidden = group.some((r) => r.hidden === true || Number(r.hidden) === 1);
    if (prefixed || hidden || group.some((r) => r.column === null && r.expression === null)) {
      unmanaged.push({ kind: "index", name, table: table.name });
      continue;
    }
    const keys: IndexKey[] = group.map((r) => ({
      ...(r.column !== null ? { column: r.column } : { expression: canonicalExpression(r.expression ?? "") }),
      ...(r.order === "D" && { descending: true }),
    }));
    const unique = Number(group[0]?.non_unique) === 0;
    const plain = method === "btree" && keys.every((k) => "column" in k && !k.descending);
    if (name === "PRIMARY") {
      if (plain) table.primaryKey = { columns: keys.map((k) => ("column" in k ? k.column : "")) };
      else unmanaged.push({ kind: "index", name, table: table.name });
      continue;
    }
    if (unique && plain) {
      table.uniques.push({ name, columns: keys.map((k) => ("column" in k ? k.column : "")) });
      continue;
    }
    const index: Index = { name, keys, unique, ...(method !== "btree" && { method }) };
    if (!isForeignKeyIndex(index, table.foreignKeys)) table.indexes.push(index);
  }
}

/** MariaDB's spelling of a JSON column's check: `json_valid(`col`)`. */
const jsonValid = /^json_valid\(`((?:[^`]|``)+)`\)$/i;

/**
 * Folds the check rows of one table into its checks. MariaDB has no JSON type: a `json` column is a
 * `longtext` (collation `utf8mb4_bin`) with the check `json_valid(`col`)`, named after the column;
 * that column reads back as `json` (`binary: false`, as MySQL's own `json`) without its collation,
 * and the check is left out. A check MySQL does not enforce (`NOT ENFORCED`) has no IR form: it is
 * an unmanaged `constraint`.
 */
export function addChecks(table: TableDraft, rows: readonly MysqlCheckRow[], unmanaged: UnmanagedObject[]): void {
  for (const row of rows) {
    if (row.enforced === "NO") {
      unmanaged.push({ kind: "constraint", name: row.name, table: table.name });
      continue;
    }
    const json = jsonValid.exec(row.expression.trim());
    if (json) {
      const name = (json[1] ?? "").replaceAll("``", "`");
      const at = table.columns.findIndex((c) => c.name === name);
      const column = table.columns[at];
      if (column && column.type.kind === "text") {
        const { collation: _, ...rest } = column;
        table.columns[at] = { ...rest, type: { kind: "json", binary: false } };
        continue;
      }
    }
    table.checks.push({ name: row.name, expression: canonicalExpression(row.expression) });
  }
}
