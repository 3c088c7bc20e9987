import { sameJson } from "../core/canonical-json.ts";

/**
 * Constraints PostgreSQL keeps across a change only when the change leaves them valid. The diff
 * keeps a foreign key or check whose shape did not change; but some column and key changes of the
 * same plan would make PostgreSQL refuse while such a constraint stands, so the constraint must be
 * dropped before them and re-created after them:
 *
 * - a foreign key that depends on a primary key or unique the plan drops (PostgreSQL refuses to
 *   drop the key while the foreign key uses its index);
 * - a foreign key whose columns, or the columns it references, change type so that at some point
 *   of the plan the two sides have incompatible types (PostgreSQL re-checks the key at every
 *   `ALTER COLUMN … TYPE` of either side: `integer` against `text` fails, `integer` against
 *   `bigint` does not) — or change type at all, where the dialect's keys survive no retype
 *   (`foreignKeyRetypes: "none"`, MySQL); a table the plan drops loses such a key first, as the
 *   plan drops tables last;
 * - a check reading two or more retyped columns (each `ALTER COLUMN … TYPE` re-parses the check
 *   with the other columns still of their old types: `a < b` fails once `a` is text and `b` is
 *   still an integer).
 *
 * Ordering then does the rest (`orderOperations`: constraint drops before column changes, adds after).
 */

import type { DialectCapabilities } from "../core/capabilities.ts";
import { type ExpressionNames, mentionsColumn } from "../schema/expression-names.ts";
import type { Check, ColumnType, ForeignKey, Table } from "../schema/ir.ts";
import { checkShape, foreignKeyShape } from "../schema/normalize.ts";
import type { Operation } from "../schema/operation.ts";
import { isInteger, isText } from "../schema/type-families.ts";

/** How far a number type sits in PostgreSQL's implicit-cast chain integer → numeric → float; -1 for other types. */
function numberRank(type: ColumnType): number {
  if (isInteger(type)) return 0;
  if (type.kind === "decimal") return 1;
  if (type.kind === "real" || type.kind === "double") return 2;
  return -1;
}

/**
 * Whether PostgreSQL accepts a foreign-key column of type `fk` referencing a key of type `pk`: the
 * same type, two text types, two types of one number family, or an implicit cast from `fk` up to
 * `pk` (integer → numeric → float). Anything else is treated as incompatible (the safe answer: the
 * key is then dropped and re-created around the change). Pure.
 */
export function foreignKeyTypesCompatible(fk: ColumnType, pk: ColumnType): boolean {
  if (sameJson(fk, pk)) return true;
  if (isText(fk) && isText(pk)) return true;
  const a = numberRank(fk);
  const b = numberRank(pk);
  return a >= 0 && b >= 0 && a <= b;
}

const key = (table: string, column: string) => JSON.stringify([table, column]);
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** The key column sets each table loses in `ops`: a dropped primary key, unique, or plain unique index. */
function droppedKeys(ops: readonly Operation[]): Map<string, (readonly string[])[]> {
  const out = new Map<string, (readonly string[])[]>();
  const add = (table: string, columns: readonly string[]) => out.set(table, [...(out.get(table) ?? []), columns]);
  for (const op of ops) {
    if (op.kind === "setPrimaryKey" && op.from) add(op.table, op.from.columns);
    else if (op.kind === "dropUnique") add(op.table, op.unique.columns);
    else if (op.kind === "dropIndex" && op.index.unique && op.index.where === undefined)
      add(
        op.table,
        op.index.keys.flatMap((k) => ("column" in k ? [k.column] : [])),
      );
  }
  return out;
}

/** `item` under the live constraint's name (left out when the live one has its default name). */
function named<T extends { readonly name?: string }>(item: T, name: string | undefined): T {
  const { name: _, ...rest } = item;
  return (name === undefined ? rest : { ...rest, name }) as T;
}

/**
 * The foreign-key and check re-creations (a drop and an add of the same constraint) that the column
 * and key changes in `ops` need on PostgreSQL, given the live tables (after renames) and the target
 * tables (of the tables kept) by name. The drop is marked `recreated` and the add takes the live
 * constraint's name, so the plan file shows the same constraint dropped and added back (a drop
 * that is not destructive, src/plan-file/step-statements.ts). A blocking foreign key of a table the
 * plan drops is only dropped (first). Constraints the diff already drops or adds are not touched. Pure.
 */
export function blockedConstraintOperations(
  ops: readonly Operation[],
  live: ReadonlyMap<string, Table>,
  target: ReadonlyMap<string, Table>,
  dialect: ExpressionNames & { readonly capabilities: Pick<DialectCapabilities, "foreignKeyRetypes"> },
): Operation[] {
  const anyRetype = dialect.capabilities.foreignKeyRetypes === "none";
  const retyped = new Map<string, { from: ColumnType; to: ColumnType }>();
  for (const op of ops)
    if (op.kind === "alterColumn" && op.changes.includes("type"))
      retyped.set(key(op.table, op.to.name), { from: op.from.type, to: op.to.type });
  const dropped = droppedKeys(ops);
  const out: Operation[] = [];
  for (const [name, before] of live) {
    if (target.has(name)) continue;
    // A table the plan drops: its keys to other dropped tables are dropped by the diff already.
    for (const fk of before.foreignKeys)
      if (target.has(fk.references.table) && foreignKeyBlocked(fk, name, live, target, retyped, dropped, anyRetype))
        out.push({ kind: "dropForeignKey", table: name, foreignKey: fk });
  }
  for (const [name, wanted] of target) {
    const before = live.get(name);
    if (!before) continue;
    const liveKeys = new Map(before.foreignKeys.map((f) => [foreignKeyShape(f), f]));
    for (const fk of wanted.foreignKeys) {
      const current = liveKeys.get(foreignKeyShape(fk));
      if (current && foreignKeyBlocked(fk, name, live, target, retyped, dropped, anyRetype))
        out.push(
          { kind: "dropForeignKey", table: name, foreignKey: current, recreated: true },
          { kind: "addForeignKey", table: name, foreignKey: named(fk, current.name) },
        );
    }
    const liveChecks = new Map(before.checks.map((c) => [checkShape(c), c]));
    for (const check of wanted.checks) {
      const current = liveChecks.get(checkShape(check));
      if (current && checkBlocked(check, before, retyped, dialect))
        out.push(
          { kind: "dropCheck", table: name, check: current, recreated: true },
          { kind: "addCheck", table: name, check: named(check, current.name) },
        );
    }
  }
  return out;
}

function foreignKeyBlocked(
  fk: ForeignKey,
  table: string,
  live: ReadonlyMap<string, Table>,
  target: ReadonlyMap<string, Table>,
  retyped: ReadonlyMap<string, { from: ColumnType; to: ColumnType }>,
  dropped: ReadonlyMap<string, (readonly string[])[]>,
  anyRetype: boolean,
): boolean {
  const parent = fk.references.table;
  if ((dropped.get(parent) ?? []).some((columns) => sameSet(columns, fk.references.columns))) return true;
  const typesOf = (t: string, column: string): ColumnType[] => {
    const change = retyped.get(key(t, column));
    if (change) return [change.from, change.to];
    const type = (target.get(t) ?? live.get(t))?.columns.find((c) => c.name === column)?.type;
    return type ? [type] : [];
  };
  return fk.columns.some((column, k) => {
    const referenced = fk.references.columns[k];
    if (referenced === undefined) return false;
    if (!retyped.has(key(table, column)) && !retyped.has(key(parent, referenced))) return false;
    if (anyRetype) return true; // MySQL: no retype of either side while the key stands
    const parentTypes = typesOf(parent, referenced);
    return typesOf(table, column).some((a) => parentTypes.some((b) => !foreignKeyTypesCompatible(a, b)));
  });
}

function checkBlocked(
  check: Check,
  table: Table,
  retyped: ReadonlyMap<string, { from: ColumnType; to: ColumnType }>,
  dialect: ExpressionNames,
): boolean {
  const read = table.columns.filter(
    (c) => retyped.has(key(table.name, c.name)) && mentionsColumn(check.expression, c.name, dialect),
  );
  return read.length >= 2;
}

/**
 * `changes` without the in-place changes of the constraints that `recreations` drop and re-create
 * (`alterForeignKey`, `validateConstraint`): the re-created constraint is added as the target
 * declares it (its timing, NOT VALID or not), and the in-place statement would name a constraint
 * that is gone by then. Pure.
 */
export function withoutRecreated(changes: readonly Operation[], recreations: readonly Operation[]): Operation[] {
  const gone = new Set(
    recreations.flatMap((op) =>
      op.kind === "dropForeignKey"
        ? [JSON.stringify([op.table, "foreignKey", foreignKeyShape(op.foreignKey)])]
        : op.kind === "dropCheck"
          ? [JSON.stringify([op.table, "check", checkShape(op.check)])]
          : [],
    ),
  );
  return changes.filter((op) => {
    if (op.kind === "alterForeignKey")
      return !gone.has(JSON.stringify([op.table, "foreignKey", foreignKeyShape(op.from)]));
    if (op.kind !== "validateConstraint") return true;
    const c = op.constraint;
    const id = c.kind === "foreignKey" ? ["foreignKey", foreignKeyShape(c.foreignKey)] : ["check", checkShape(c.check)];
    return !gone.has(JSON.stringify([op.table, ...id]));
  });
}
