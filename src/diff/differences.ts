/**
 * The differences between the models and a database as people read them (`check`, `status`,
 * `migrate`'s verification), described from the planner's own diff: the operations `diffColumns`
 * and `diffConstraints` plan for each table, plus the tables on one side only. There is no second
 * comparison: what the planner would change is what differs. Names do not count here (identity is
 * by shape, src/schema/match.ts): `renameIndex` operations are left to the caller (`check` asks the
 * whole planner for those).
 */
import { sameJson } from "../core/canonical-json.ts";
import { type AlignDialect, alignNames } from "../schema/align-names.ts";
import {
  type Difference,
  describeCheck,
  describeCollation,
  describeDefault,
  describeForeignKey,
  describeGenerated,
  describeIdentity,
  describeIndex,
  describeOptions,
  describePrimaryKey,
  describeType,
  describeUnique,
  keyList,
} from "../schema/describe.ts";
import type { Column, Schema, Table } from "../schema/ir.ts";
import { foreignKeyTiming } from "../schema/normalize.ts";
import type { ColumnChange, Operation } from "../schema/operation.ts";
import { describeStorage } from "../schema/storage.ts";
import { diffColumns } from "./diff-columns.ts";
import { diffConstraints } from "./diff-constraints.ts";
import type { DiffDialect } from "./diff-dialect.ts";

/**
 * The operations that turn the live table `live` into `model` (same name), names aside: the
 * planner's column and constraint diff and the table-options change, without the planning
 * refinements that only make the plan runnable (re-creating constraints around a retype …).
 */
function tableOperations(live: Table, model: Table, dialect: DiffDialect): Operation[] {
  const ops = diffColumns(live, model);
  for (const op of diffConstraints(live, model, dialect)) if (op.kind !== "renameIndex") ops.push(op);
  if (!sameJson(live.options ?? {}, model.options ?? {}))
    ops.push({
      kind: "setTableOptions",
      table: model.name,
      ...(live.options && { from: live.options }),
      ...(model.options && { to: model.options }),
    });
  return ops;
}

/**
 * Where a table operation's description goes among its table's: columns in the models' order, then
 * the database's extra columns in its order, then storage, options, the primary key, foreign keys,
 * uniques, indexes and checks — each kind missing ones first, then extra ones, then in-place changes.
 */
function place(op: Operation, live: Table, model: Table): [number, number] {
  const at = (columns: readonly Column[], name: string) => columns.findIndex((c) => c.name === name);
  switch (op.kind) {
    case "addColumn":
      return [0, at(model.columns, op.column.name)];
    case "alterColumn":
      return [0, at(model.columns, op.to.name)];
    case "dropColumn":
      return [1, at(live.columns, op.column.name)];
    case "setStorage":
      return [{ table: 2, primaryKey: 4, unique: 10, index: 13 }[op.target.kind], 0];
    case "setTableOptions":
      return [3, 0];
    case "setPrimaryKey":
      return [4, 0];
    case "addForeignKey":
      return [5, 0];
    case "dropForeignKey":
      return [6, 0];
    case "alterForeignKey":
      return [7, 0];
    case "validateConstraint":
      return [op.constraint.kind === "foreignKey" ? 7 : 16, 0];
    case "addUnique":
      return [8, 0];
    case "dropUnique":
      return [9, 0];
    case "createIndex":
      return [11, 0];
    case "dropIndex":
      return [12, 0];
    case "addCheck":
      return [14, 0];
    case "dropCheck":
      return [15, 0];
    default:
      return [17, 0];
  }
}

/**
 * The operations the planner's diff makes of `live` → `target` (both normalized, one dialect, names
 * already aligned), renames aside, in the order their descriptions are read: per target table its
 * creation or its changes (see {@link place}), then the dropped tables.
 */
export function differenceOperations(live: Schema, target: Schema, dialect: DiffDialect): Operation[] {
  const liveTables = new Map(live.tables.map((t) => [t.name, t]));
  const targetNames = new Set(target.tables.map((t) => t.name));
  const out: Operation[] = [];
  for (const model of target.tables) {
    const before = liveTables.get(model.name);
    if (!before) {
      out.push({ kind: "createTable", table: model });
      continue;
    }
    const changes = tableOperations(before, model, dialect);
    if (changes.length === 0) continue; // the usual case: the table agrees
    if (changes.length === 1) {
      out.push(changes[0] as Operation);
      continue;
    }
    const ops = changes.map((op, k) => ({
      op,
      k,
      at: place(op, before, model),
    }));
    ops.sort((a, b) => a.at[0] - b.at[0] || a.at[1] - b.at[1] || a.k - b.k);
    out.push(...ops.map((o) => o.op));
  }
  for (const table of live.tables) if (!targetNames.has(table.name)) out.push({ kind: "dropTable", table });
  return out;
}

const MISSING = "is missing in the database";
const EXTRA = "is in the database but not in the models";
const NOT_VALID = "not validated in the database (NOT VALID)";

/** `<what>: models <a>, database <b>`. */
const versus = (what: string, model: string, live: string) => `${what}: models ${model}, database ${live}`;

/** One column change of `alterColumn` in words, the models' side first. */
function columnChange(change: ColumnChange, from: Column, to: Column): string {
  switch (change) {
    case "type":
      return versus("type", describeType(to.type), describeType(from.type));
    case "nullable":
      return versus("nullability", to.nullable ? "NULL" : "NOT NULL", from.nullable ? "NULL" : "NOT NULL");
    case "default":
      return versus("default", describeDefault(to.default), describeDefault(from.default));
    case "identity":
      return versus("identity", describeIdentity(to), describeIdentity(from));
    case "collation":
      return versus("collation", describeCollation(to.collation), describeCollation(from.collation));
    case "generated":
      return versus("generated", describeGenerated(to), describeGenerated(from));
  }
}

/** What a setStorage operation applies to, in words, as the prefix of its description. */
function storageOf(op: Extract<Operation, { kind: "setStorage" }>): string {
  const t = op.target;
  if (t.kind === "table") return "";
  if (t.kind === "primaryKey") return `primary key ${keyList(t.primaryKey.columns)}: `;
  if (t.kind === "unique") return `unique constraint ${describeUnique(t.unique)}: `;
  return `index ${describeIndex(t.index)}: `;
}

/**
 * Describes one operation of {@link differenceOperations} as the difference it removes, the models'
 * side named first (`type: models bigint, database integer`). A matched item's description is the
 * same on both sides (its shape), so in-place changes name the live one.
 */
export function describeDifference(op: Operation): Difference[] {
  switch (op.kind) {
    case "createTable":
      return [{ table: op.table.name, what: `table ${MISSING}` }];
    case "dropTable":
      return [{ table: op.table.name, what: `table ${EXTRA}` }];
    case "addColumn":
      return [{ table: op.table, column: op.column.name, what: `column ${MISSING}` }];
    case "dropColumn":
      return [{ table: op.table, column: op.column.name, what: `column ${EXTRA}` }];
    case "alterColumn":
      return op.changes.map((c) => ({ table: op.table, column: op.to.name, what: columnChange(c, op.from, op.to) }));
    case "setStorage":
      return [
        {
          table: op.table,
          what: versus(`${storageOf(op)}storage parameters`, describeStorage(op.to), describeStorage(op.from)),
        },
      ];
    case "setTableOptions":
      return [{ table: op.table, what: versus("table options", describeOptions(op.to), describeOptions(op.from)) }];
    case "setPrimaryKey":
      return [{ table: op.table, what: versus("primary key", describePrimaryKey(op.to), describePrimaryKey(op.from)) }];
    case "addForeignKey":
      return [{ table: op.table, what: `foreign key ${describeForeignKey(op.foreignKey)} ${MISSING}` }];
    case "dropForeignKey":
      return [{ table: op.table, what: `foreign key ${describeForeignKey(op.foreignKey)} ${EXTRA}` }];
    case "alterForeignKey":
      return [
        {
          table: op.table,
          what: versus(
            `foreign key ${describeForeignKey(op.to, false)}`,
            foreignKeyTiming(op.to),
            foreignKeyTiming(op.from),
          ),
        },
      ];
    case "validateConstraint": {
      const c = op.constraint;
      const what =
        c.kind === "foreignKey"
          ? `foreign key ${describeForeignKey(c.foreignKey, false)}`
          : `check ${describeCheck(c.check)}`;
      return [{ table: op.table, what: `${what}: ${NOT_VALID}` }];
    }
    case "addUnique":
      return [{ table: op.table, what: `unique constraint ${describeUnique(op.unique)} ${MISSING}` }];
    case "dropUnique":
      return [{ table: op.table, what: `unique constraint ${describeUnique(op.unique)} ${EXTRA}` }];
    case "createIndex":
      return [{ table: op.table, what: `index ${describeIndex(op.index)} ${MISSING}` }];
    case "dropIndex":
      return [{ table: op.table, what: `index ${describeIndex(op.index)} ${EXTRA}` }];
    case "addCheck":
      return [{ table: op.table, what: `check ${describeCheck(op.check)} ${MISSING}` }];
    case "dropCheck":
      return [{ table: op.table, what: `check ${describeCheck(op.check)} ${EXTRA}` }];
    default:
      return [];
  }
}

/**
 * Lists the differences between the schema the models declare and the live one (both normalized),
 * as the planner's diff sees them (see the module comment). Pure. On SQLite, names that differ only
 * in case are the same name (`alignNames`). Every default counts, an expression default the models
 * do not mention included (docs/design.md §10: never "agree" while the database differs). `dialect` is
 * the schemas' dialect.
 */
export function schemaDifferences(declared: Schema, live: Schema, dialect: DiffDialect & AlignDialect): Difference[] {
  return differenceOperations(live, alignNames(declared, live, dialect), dialect).flatMap(describeDifference);
}
