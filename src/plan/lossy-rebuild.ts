import type { Dialect } from "../driver/driver.ts";
import type { Column } from "../schema/ir.ts";
import { foreignKeyShape } from "../schema/normalize.ts";
import { columnFindings } from "./lossy-columns.ts";
import { countAll } from "./lossy-count.ts";
import { checkFinding, foreignKeyFinding, primaryKeyFinding, uniqueFinding } from "./lossy-findings.ts";
import type { ColumnChange, LossyFinding, Operation } from "./operation.ts";
import type { PlanNames } from "./plan-names.ts";
import { sameType } from "./type-families.ts";

type Rebuild = Extract<Operation, { kind: "rebuildTable" }>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function changesOf(from: Column, to: Column): ColumnChange[] {
  const changes: ColumnChange[] = [];
  if (!sameType(from.type, to.type)) changes.push("type");
  if (from.nullable !== to.nullable) changes.push("nullable");
  if (!same(from.default, to.default)) changes.push("default");
  if (!same(from.identity, to.identity)) changes.push("identity");
  return changes;
}

/** Whether `column` is the table's rowid alias (a single-column INTEGER PRIMARY KEY): SQLite fills it. */
function isRowidAlias(op: Rebuild, column: Column): boolean {
  const key = op.to.primaryKey?.columns ?? [];
  return key.length === 1 && key[0] === column.name && column.type.kind === "bigint";
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
export function rebuildFindings(op: Rebuild, dialect: Dialect, names: PlanNames): LossyFinding[] {
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
      if (!target.nullable && target.default === undefined && !target.identity && !isRowidAlias(op, target)) {
        out.push({
          table: op.to.name,
          column: target.name,
          kind: "rows",
          reason:
            "add_not_null: a NOT NULL column with no default and nothing to copy from fails on a table that has rows",
          countSql: countAll(liveTable),
        });
      }
      continue;
    }
    const live = names.added(source, from) ? undefined : { table: liveTable, column: names.liveColumn(source, from) };
    const place = { table: op.to.name, column: target.name, ...(live && { live }) };
    out.push(...columnFindings(dialect, place, before, target, changesOf(before, target)));
  }

  const existingUniques = new Set(op.from.uniques.map((u) => JSON.stringify(u.columns)));
  if (op.from.primaryKey) existingUniques.add(JSON.stringify(op.from.primaryKey.columns));
  for (const unique of op.to.uniques) {
    const columns = sourceColumns(unique.columns);
    if (columns && existingUniques.has(JSON.stringify(columns))) continue;
    out.push(columns ? uniqueFinding(source, columns, names) : uncounted(uniqueFinding(source, unique.columns, names)));
  }

  const key = op.to.primaryKey?.columns;
  if (key !== undefined) {
    const columns = sourceColumns(key);
    if (!columns || !same(columns, op.from.primaryKey?.columns)) {
      const finding = primaryKeyFinding(source, columns ?? key, names, dialect);
      out.push(columns ? finding : uncounted(finding));
    }
  }

  const existingKeys = new Set(op.from.foreignKeys.map(foreignKeyShape));
  for (const fk of op.to.foreignKeys) {
    const columns = sourceColumns(fk.columns);
    if (columns && existingKeys.has(foreignKeyShape({ ...fk, columns }))) continue;
    const finding = foreignKeyFinding(source, { ...fk, columns: columns ?? fk.columns }, names);
    out.push(columns ? finding : uncounted(finding));
  }

  const existingChecks = new Set(op.from.checks.map((c) => c.expression));
  const unrenamed = op.columns.every((c) => c.to === c.from);
  for (const check of op.to.checks) {
    if (!existingChecks.has(check.expression)) out.push(checkFinding(source, check.expression, names, unrenamed));
  }
  return out.map((f) => ({ ...f, table: op.to.name }));
}
