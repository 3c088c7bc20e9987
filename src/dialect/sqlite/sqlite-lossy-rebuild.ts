import { sameJson } from "../../core/canonical-json.ts";
import { columnChanges } from "../../diff/diff-columns.ts";
import { columnFindings } from "../../plan/lossy-columns.ts";
import { countAll, countDuplicates } from "../../plan/lossy-count.ts";
import {
  addedAllNull,
  checkFinding,
  foreignKeyCannotFail,
  foreignKeyFinding,
  primaryKeyFinding,
  uniqueFinding,
} from "../../plan/lossy-findings.ts";
import type { PlanDialect } from "../../plan/plan-dialect.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import { temporaryDefault } from "../../plan/temporary-default.ts";
import type { Column } from "../../schema/ir.ts";
import { foreignKeyShape } from "../../schema/normalize.ts";
import type { LossyFinding, Operation } from "../../schema/operation.ts";
import { sameType } from "../../schema/type-families.ts";
import { quoteIdent, renderCollation, sqliteTemporaryDefaults } from "./sqlite-ddl.ts";

type Rebuild = Extract<Operation, { kind: "rebuildTable" }>;

/** Whether `column` is the table's rowid alias (a single-column INTEGER PRIMARY KEY): SQLite fills it. */
function isRowidAlias(op: Rebuild, column: Column): boolean {
  const key = op.to.primaryKey?.columns ?? [];
  return key.length === 1 && key[0] === column.name && column.type.kind === "bigint";
}

/** The target columns whose collation the rebuild changes, with their new collation (undefined: BINARY). */
function recollatedColumns(op: Rebuild): Map<string, string | undefined> {
  const sourceOf = new Map(op.columns.map((c) => [c.to, c.from]));
  const out = new Map<string, string | undefined>();
  for (const target of op.to.columns) {
    const before = op.from.columns.find((c) => c.name === sourceOf.get(target.name));
    if (before !== undefined && before.collation !== target.collation) out.set(target.name, target.collation);
  }
  return out;
}

/**
 * A key (unique or primary) over a column whose collation changes fails on rows equal under the
 * new collation (`NOCASE` makes 'a' and 'A' the same key), counted with that collation.
 */
function collationFindings(
  op: Rebuild,
  names: PlanNames,
  keys: readonly (readonly string[])[],
  recollated: ReadonlyMap<string, string | undefined>,
): LossyFinding[] {
  const sourceOf = new Map(op.columns.map((c) => [c.to, c.from]));
  const liveTable = names.liveTable(op.from.name);
  return keys
    .filter((columns) => columns.some((c) => recollated.has(c)))
    .map((columns) => {
      const live = columns.map((c) => sourceOf.get(c));
      const counted = live.every((c) => c !== undefined && !names.added(op.from.name, c));
      const exprs = columns.map((c, k) => {
        const column = quoteIdent(names.liveColumn(op.from.name, live[k] ?? c));
        return recollated.has(c) ? `${column} COLLATE ${renderCollation(recollated.get(c) ?? "BINARY")}` : column;
      });
      return {
        table: op.to.name,
        ...(columns.length === 1 && { column: columns[0] }),
        kind: "rows" as const,
        reason: `collation_key (${columns.join(", ")}): rows whose key is equal under the new collation fail`,
        ...(counted && { countSql: countDuplicates({ quoteIdent }, liveTable, exprs) }),
      };
    });
}

/**
 * A key (unique or primary) the rebuild keeps over the same columns but whose collations inside the
 * key change (`UNIQUE (name)` → `UNIQUE (name COLLATE NOCASE)`, `KeyCollations`) fails on rows equal
 * under the new ones, counted with each key column's new effective collation (the key's, else the
 * column's, else BINARY); one whose columns move only to BINARY cannot fail and has none. A new key is `uniqueFinding`'s; a column's own collation change is
 * `collationFindings`'.
 */
function keyCollationFindings(op: Rebuild, names: PlanNames): LossyFinding[] {
  const sourceOf = new Map(op.columns.map((c) => [c.to, c.from]));
  const liveTable = names.liveTable(op.from.name);
  type Key = { readonly columns: readonly string[]; readonly collations?: readonly (string | null)[] };
  const effective = (key: Key, columns: readonly Column[]) =>
    key.columns.map(
      (c, k) => key.collations?.[k] ?? columns.find((x) => x.name === c)?.collation?.toUpperCase() ?? "BINARY",
    );
  const sourceKeys: Key[] = [...op.from.uniques, ...(op.from.primaryKey ? [op.from.primaryKey] : [])];
  const targetKeys: Key[] = [...op.to.uniques, ...(op.to.primaryKey ? [op.to.primaryKey] : [])];
  return targetKeys.flatMap((key) => {
    const live = key.columns.map((c) => sourceOf.get(c));
    if (live.some((c) => c === undefined || names.added(op.from.name, c))) return [];
    const before = sourceKeys.find((k) => sameJson(k.columns, live));
    if (before === undefined) return [];
    const was = effective(before, op.from.columns);
    const after = effective(key, op.to.columns);
    // BINARY (byte equality) merges no two keys: a key moving only to BINARY cannot fail.
    if (after.every((c, k) => c === was[k] || c === "BINARY")) return [];
    const exprs = live.map(
      (c, k) =>
        `${quoteIdent(names.liveColumn(op.from.name, c as string))} COLLATE ${renderCollation(after[k] as string)}`,
    );
    return [
      {
        table: op.to.name,
        ...(key.columns.length === 1 && { column: key.columns[0] }),
        kind: "rows" as const,
        reason: `collation_key (${key.columns.join(", ")}): rows whose key is equal under the new collation fail`,
        countSql: countDuplicates({ quoteIdent }, liveTable, exprs),
      },
    ];
  });
}

/** A finding whose count cannot be computed (a key column has no source column). */
function uncounted(finding: LossyFinding): LossyFinding {
  const { countSql: _, ...rest } = finding;
  return rest;
}

/**
 * The lossy findings of a SQLite table rebuild, found by comparing its source and target tables
 * through the column mapping: each copied column's change (NOT NULL over NULLs, text to a numeric
 * affinity, a dropped default), new NOT NULL columns with no default, and new uniques, primary
 * key, foreign keys and checks (which the copy or the executor's `foreign_key_check` fails on).
 */
export function rebuildFindings(op: Rebuild, names: PlanNames, dialect: PlanDialect): LossyFinding[] {
  const source = op.from.name;
  const liveTable = names.liveTable(source);
  const sourceOf = new Map(op.columns.map((c) => [c.to, c.from]));
  const sourceColumns = (columns: readonly string[]) => {
    const mapped = columns.map((c) => sourceOf.get(c));
    return mapped.every((c) => c !== undefined) ? (mapped as string[]) : undefined;
  };
  const out: LossyFinding[] = [];

  for (const target of op.to.columns) {
    const from = sourceOf.get(target.name);
    const before = op.from.columns.find((c) => c.name === from);
    if (from === undefined || before === undefined) {
      const filled =
        target.default !== undefined ||
        target.identity ||
        target.generated ||
        isRowidAlias(op, target) ||
        temporaryDefault(target, sqliteTemporaryDefaults) !== undefined;
      if (!target.nullable && !filled) {
        out.push({
          table: op.to.name,
          column: target.name,
          kind: "rows",
          reason:
            "add_not_null: a NOT NULL column with no default and nothing to copy from fails on a table that has rows",
          countSql: countAll(dialect, liveTable),
        });
      }
      continue;
    }
    const live = names.added(source, from) ? undefined : { table: liveTable, column: names.liveColumn(source, from) };
    const place = { table: op.to.name, column: target.name, ...(live && { live }) };
    out.push(...columnFindings(dialect, place, before, target, columnChanges(before, target, sameType)));
  }

  const existingUniques = new Set(op.from.uniques.map((u) => JSON.stringify(u.columns)));
  if (op.from.primaryKey) existingUniques.add(JSON.stringify(op.from.primaryKey.columns));
  const recollated = recollatedColumns(op);
  const keys = [...op.to.uniques.map((u) => u.columns), ...(op.to.primaryKey ? [op.to.primaryKey.columns] : [])];
  for (const unique of op.to.uniques) {
    const columns = sourceColumns(unique.columns);
    if (columns && existingUniques.has(JSON.stringify(columns))) continue;
    out.push(
      columns
        ? uniqueFinding(source, columns, names, dialect)
        : uncounted(uniqueFinding(source, unique.columns, names, dialect)),
    );
  }
  out.push(...collationFindings(op, names, keys, recollated));
  out.push(...keyCollationFindings(op, names));
  if (op.to.options?.strict === true && op.from.options?.strict !== true) {
    out.push({
      table: op.to.name,
      kind: "rows",
      reason:
        "make_strict: rows holding a value their column's type does not accept (text in an INTEGER column …) fail the copy",
    });
  }

  const key = op.to.primaryKey?.columns;
  if (key !== undefined) {
    const columns = sourceColumns(key);
    if (!columns || !sameJson(columns, op.from.primaryKey?.columns)) {
      const finding = primaryKeyFinding(source, columns ?? key, names, dialect);
      out.push(columns ? finding : uncounted(finding));
    }
  }

  const existingKeys = new Set(op.from.foreignKeys.map(foreignKeyShape));
  for (const fk of op.to.foreignKeys) {
    const columns = sourceColumns(fk.columns);
    if (columns && existingKeys.has(foreignKeyShape({ ...fk, columns }))) continue;
    // Columns the plan just added (or the rebuild adds) without a default hold only NULLs: no row can be an orphan.
    const onlyNulls = (c: string) => {
      const from = sourceOf.get(c);
      return addedAllNull(from === undefined ? op.to.columns.find((x) => x.name === c) : names.added(source, from));
    };
    if (foreignKeyCannotFail(fk, onlyNulls)) continue;
    const finding = foreignKeyFinding(source, { ...fk, columns: columns ?? fk.columns }, names, dialect);
    out.push(columns ? finding : uncounted(finding));
  }

  const existingChecks = new Set(op.from.checks.map((c) => c.expression));
  const unrenamed = op.columns.every((c) => c.to === c.from);
  for (const check of op.to.checks) {
    if (!existingChecks.has(check.expression))
      out.push(checkFinding(source, check.expression, names, dialect, unrenamed));
  }
  return out.map((f) => ({ ...f, table: op.to.name }));
}
