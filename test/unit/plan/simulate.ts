/**
 * Test helpers: compact Schema builders and an in-memory simulator that applies Operations to the
 * IR the way the database would, refusing what the database would refuse (a foreign key to a
 * missing table or to columns no key covers, dropping a column something still uses, altering a
 * column that is not as expected; on PostgreSQL also DROP NOT NULL on a primary-key column,
 * dropping a key a foreign key uses, and a type change that leaves a foreign key joining
 * incompatible types).
 */

import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { foreignKeyTypesCompatible } from "../../../src/diff/blocked-constraints.ts";
import { mentionsColumn, renameInExpression } from "../../../src/schema/expression-names.ts";
import type { Column, ColumnType, Schema, Table } from "../../../src/schema/ir.ts";
import { defaultName } from "../../../src/schema/names.ts";
import {
  checkShape,
  foreignKeyShape,
  indexShape,
  normalizeSchema,
  primaryKeyShape,
  uniqueShape,
} from "../../../src/schema/normalize.ts";
import type { Operation } from "../../../src/schema/operation.ts";

export type Dialect = Schema["dialect"];

/** A column; `type` is a kind name or a ColumnType. */
export function col(
  name: string,
  type: ColumnType | ColumnType["kind"] = "integer",
  extra: Partial<Column> = {},
): Column {
  const t = typeof type === "string" ? ({ kind: type } as ColumnType) : type;
  return { name, type: t, nullable: true, ...extra };
}

/** A table with defaults for every list. */
export function table(name: string, columns: Column[], extra: Partial<Omit<Table, "name" | "columns">> = {}): Table {
  return { name, columns, foreignKeys: [], uniques: [], indexes: [], checks: [], ...extra };
}

/** A normalized schema. */
export function schema(dialect: Dialect, tables: Table[]): Schema {
  return normalizeSchema({ dialect, tables }, dialectNamed(dialect));
}

/**
 * A schema with every constraint and index name removed and columns sorted by name, for comparisons
 * by shape (column order is not a difference: `schemaDifferences` matches columns by name).
 */
export function shapes(s: Schema): Schema {
  const strip = <T extends { name?: string }>(x: T): T => {
    const { name: _, ...rest } = x;
    return rest as T;
  };
  return normalizeSchema(
    {
      dialect: s.dialect,
      tables: s.tables.map((t) => ({
        ...t,
        columns: [...t.columns].sort((a, b) => (a.name < b.name ? -1 : 1)),
        ...(t.primaryKey && { primaryKey: strip(t.primaryKey) }),
        foreignKeys: t.foreignKeys.map(strip),
        uniques: t.uniques.map(strip),
        indexes: t.indexes.map(strip),
        checks: t.checks.map(strip),
      })),
    },
    dialectNamed(s.dialect),
  );
}

function fail(op: Operation, why: string): never {
  throw new Error(`simulator: ${op.kind} ${JSON.stringify(op).slice(0, 300)}: ${why}`);
}

function removeOne<T>(op: Operation, list: readonly T[], item: T, shape: (x: T) => string): T[] {
  const at = list.findIndex((x) => shape(x) === shape(item));
  if (at < 0) fail(op, "not present");
  return list.filter((_, i) => i !== at);
}

function usesColumn(t: Table, c: string, dialect: Dialect): boolean {
  return (
    !!t.primaryKey?.columns.includes(c) ||
    t.foreignKeys.some((f) => f.columns.includes(c)) ||
    t.uniques.some((u) => u.columns.includes(c)) ||
    t.indexes.some(
      (i) =>
        i.keys.some((k) => ("column" in k ? k.column === c : mentionsColumn(k.expression, c, dialectNamed(dialect)))) ||
        (i.where !== undefined && mentionsColumn(i.where, c, dialectNamed(dialect))),
    ) ||
    t.checks.some((k) => mentionsColumn(k.expression, c, dialectNamed(dialect))) ||
    t.columns.some(
      (x) => x.name !== c && x.generated && mentionsColumn(x.generated.expression, c, dialectNamed(dialect)),
    )
  );
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((c) => b.includes(c));

/** The column sets of `t` that a foreign key can reference: its primary key, uniques and plain unique indexes. */
function keySets(t: Table): (readonly string[])[] {
  return [
    ...(t.primaryKey ? [t.primaryKey.columns] : []),
    ...t.uniques.map((u) => u.columns),
    ...t.indexes
      .filter((i) => i.unique && i.where === undefined && i.keys.every((k) => "column" in k))
      .map((i) => i.keys.map((k) => ("column" in k ? k.column : ""))),
  ];
}

/**
 * PostgreSQL: a key of `table` over `columns` cannot be dropped while a foreign key references
 * exactly those columns and no other key of the table covers them.
 */
function keyStillReferenced(s: Schema, table: Table, columns: readonly string[], op: Operation): void {
  if (s.dialect !== "postgresql") return;
  const others = keySets(table).filter((k) => sameSet(k, columns));
  if (others.length > 1) return;
  for (const t of s.tables)
    for (const f of t.foreignKeys)
      if (f.references.table === table.name && sameSet(f.references.columns, columns))
        fail(op, `the key is still used by a foreign key of "${t.name}"`);
}

/** PostgreSQL: every foreign key of the schema must join columns of compatible types. */
function foreignKeyTypesHold(s: Schema, op: Operation): void {
  if (s.dialect !== "postgresql") return;
  const typeOf = (table: string, column: string) =>
    s.tables.find((t) => t.name === table)?.columns.find((c) => c.name === column)?.type;
  for (const t of s.tables)
    for (const f of t.foreignKeys)
      f.columns.forEach((column, k) => {
        const a = typeOf(t.name, column);
        const b = typeOf(f.references.table, f.references.columns[k] ?? "");
        if (a && b && !foreignKeyTypesCompatible(a, b))
          fail(op, `foreign key ${t.name}(${column}) would join incompatible types`);
      });
}

/** The table once PostgreSQL drops column `c`: its indexes and table constraints involving `c` go with it. */
function dropDependents(t: Table, c: string, dialect: Dialect): Table {
  const only = (x: Table): boolean => usesColumn(x, c, dialect);
  const single = (parts: Partial<Table>): Table => ({
    ...t,
    columns: [],
    foreignKeys: [],
    uniques: [],
    indexes: [],
    checks: [],
    ...parts,
  });
  const { primaryKey, ...rest } = t;
  return {
    ...rest,
    ...(primaryKey && !primaryKey.columns.includes(c) && { primaryKey }),
    foreignKeys: t.foreignKeys.filter((f) => !only(single({ foreignKeys: [f] }))),
    uniques: t.uniques.filter((u) => !only(single({ uniques: [u] }))),
    indexes: t.indexes.filter((i) => !only(single({ indexes: [i] }))),
    checks: t.checks.filter((k) => !only(single({ checks: [k] }))),
  };
}

/** What SQLite has no ALTER TABLE for. */
const SQLITE_CANNOT = new Set([
  "alterColumn",
  "setPrimaryKey",
  "addForeignKey",
  "dropForeignKey",
  "addUnique",
  "dropUnique",
  "addCheck",
  "dropCheck",
  "renameIndex",
  "renameConstraint",
  "setStorage",
  "alterForeignKey",
  "validateConstraint",
  "setTableOptions",
]);

function applyOne(s: Schema, op: Operation): Schema {
  const d = s.dialect;
  if (d === "sqlite" && SQLITE_CANNOT.has(op.kind)) fail(op, "SQLite cannot do this");
  if (d === "postgresql" && op.kind === "rebuildTable") fail(op, "rebuilds are SQLite-only");
  if (d === "sqlite" && op.kind === "addColumn") {
    const c = op.column;
    const refused = c.generated
      ? c.generated.stored
      : c.identity || c.default?.kind === "expression" || (!c.nullable && c.default === undefined);
    if (refused) fail(op, "SQLite cannot ADD COLUMN this column");
  }
  const find = (name: string) => s.tables.find((t) => t.name === name) ?? fail(op, `no table "${name}"`);
  const replace = (name: string, f: (t: Table) => Table): Schema => {
    find(name);
    return { ...s, tables: s.tables.map((t) => (t.name === name ? f(t) : t)) };
  };
  const hasColumns = (t: Table, cols: readonly string[]) =>
    cols.every((c) => t.columns.some((x) => x.name === c)) || fail(op, `missing column in ${cols.join(",")}`);
  switch (op.kind) {
    case "createTable":
      if (s.tables.some((t) => t.name === op.table.name)) fail(op, "exists");
      return { ...s, tables: [...s.tables, op.table] };
    case "dropTable": {
      find(op.table.name);
      const left = s.tables.filter((t) => t.name !== op.table.name);
      if (d === "postgresql" && left.some((t) => t.foreignKeys.some((f) => f.references.table === op.table.name)))
        fail(op, "still referenced");
      return { ...s, tables: left };
    }
    case "renameTable":
      if (s.tables.some((t) => t.name === op.to)) fail(op, "target exists");
      find(op.from);
      return {
        ...s,
        tables: s.tables.map((t) => {
          const named = t.name === op.from ? withNames(t) : t;
          return {
            ...named,
            name: t.name === op.from ? op.to : t.name,
            foreignKeys: named.foreignKeys.map((f) =>
              f.references.table === op.from ? { ...f, references: { ...f.references, table: op.to } } : f,
            ),
          };
        }),
      };
    case "renameColumn": {
      const t0 = find(op.table);
      hasColumns(t0, [op.from]);
      if (t0.columns.some((c) => c.name === op.to)) fail(op, "target column exists");
      const r = (c: string) => (c === op.from ? op.to : c);
      const e = (x: string) => renameInExpression(x, op.from, op.to, dialectNamed(d));
      return {
        ...s,
        tables: s.tables.map((t) => {
          const own = t.name === op.table;
          const base = own ? withNames(t) : t;
          return {
            ...base,
            columns: own
              ? base.columns.map((c) => {
                  const renamed = c.name === op.from ? { ...c, name: op.to } : c;
                  return renamed.generated
                    ? { ...renamed, generated: { ...renamed.generated, expression: e(renamed.generated.expression) } }
                    : renamed;
                })
              : base.columns,
            ...(base.primaryKey &&
              own && { primaryKey: { ...base.primaryKey, columns: base.primaryKey.columns.map(r) } }),
            foreignKeys: base.foreignKeys.map((f) => ({
              ...f,
              columns: own ? f.columns.map(r) : f.columns,
              references:
                f.references.table === op.table
                  ? { ...f.references, columns: f.references.columns.map(r) }
                  : f.references,
            })),
            uniques: own ? base.uniques.map((u) => ({ ...u, columns: u.columns.map(r) })) : base.uniques,
            indexes: own
              ? base.indexes.map((i) => ({
                  ...i,
                  keys: i.keys.map((k) =>
                    "column" in k ? { ...k, column: r(k.column) } : { ...k, expression: e(k.expression) },
                  ),
                  ...(i.where !== undefined && { where: e(i.where) }),
                }))
              : base.indexes,
            checks: own ? base.checks.map((c) => ({ ...c, expression: e(c.expression) })) : base.checks,
          };
        }),
      };
    }
    case "addColumn":
      return replace(op.table, (t) => {
        if (t.columns.some((c) => c.name === op.column.name)) fail(op, "column exists");
        if (op.foreignKey && (d !== "sqlite" || !op.column.nullable || op.column.default !== undefined))
          fail(op, "ADD COLUMN … REFERENCES needs SQLite and a nullable column without a default");
        const foreignKeys = op.foreignKey ? [...t.foreignKeys, op.foreignKey] : t.foreignKeys;
        return { ...t, columns: [...t.columns, op.column], foreignKeys };
      });
    case "setTableOptions":
      return replace(op.table, (t) => {
        const { options: _, ...rest } = t;
        return op.to ? { ...rest, options: op.to } : rest;
      });
    case "dropColumn":
      return replace(op.table, (t) => {
        const rest = { ...t, columns: t.columns.filter((c) => c.name !== op.column.name) };
        hasColumns(t, [op.column.name]);
        if (usesColumn(t, op.column.name, d)) fail(op, "column still used by a key, index or check");
        if (
          s.tables.some((o) =>
            o.foreignKeys.some((f) => f.references.table === t.name && f.references.columns.includes(op.column.name)),
          )
        )
          fail(op, "column still referenced");
        return rest;
      });
    case "alterColumn": {
      const next = replace(op.table, (t) => {
        const now = t.columns.find((c) => c.name === op.from.name) ?? fail(op, "no column");
        // A generated column a retype already re-created as the target declares it (`regenerated`).
        if (now.generated && JSON.stringify(now) === JSON.stringify(op.to)) return t;
        if (JSON.stringify(now) !== JSON.stringify(op.from)) fail(op, `column is ${JSON.stringify(now)}`);
        if (d === "postgresql" && op.to.nullable && !now.nullable && t.primaryKey?.columns.includes(now.name))
          fail(op, `column "${now.name}" is in a primary key`);
        const regenerated = op.regenerated ?? [];
        if (d === "postgresql" && (op.changes.includes("type") || op.changes.includes("collation"))) {
          // PostgreSQL refuses to retype a column a generated column reads, unless the statement re-creates it.
          const reader = t.columns.find(
            (x) =>
              x.name !== now.name &&
              x.generated &&
              mentionsColumn(x.generated.expression, now.name, dialectNamed(d)) &&
              !regenerated.some((g) => g.name === x.name),
          );
          if (reader) fail(op, `column "${now.name}" is used by generated column "${reader.name}"`);
        }
        // PostgreSQL re-creates a column that becomes generated or changes its expression (DROP + ADD),
        // and the generated columns re-created around a retype.
        const recreated =
          d === "postgresql" &&
          op.to.generated &&
          JSON.stringify(op.from.generated) !== JSON.stringify(op.to.generated);
        let base = recreated ? dropDependents(t, op.from.name, d) : t;
        for (const g of regenerated) base = dropDependents(base, g.name, d);
        const after = (c: Column) =>
          c.name === op.from.name ? op.to : (regenerated.find((g) => g.name === c.name) ?? c);
        return { ...base, columns: t.columns.map(after) };
      });
      // PostgreSQL re-checks the foreign keys on either side of a retyped column.
      foreignKeyTypesHold(next, op);
      return next;
    }
    case "setPrimaryKey":
      return replace(op.table, (t) => {
        // MySQL: a key change is one statement, `DROP PRIMARY KEY, ADD PRIMARY KEY (…)` (lowering
        // keeps its add half alone): an add replaces whatever key the table has.
        const replaces = d === "mysql" && op.to !== undefined && op.from === undefined;
        if (!replaces && primaryKeyShape(t.primaryKey) !== primaryKeyShape(op.from)) fail(op, "pk differs");
        if (op.to) hasColumns(t, op.to.columns);
        if (op.from) keyStillReferenced(s, t, op.from.columns, op);
        const { primaryKey: _, ...rest } = t;
        return op.to ? { ...rest, primaryKey: op.to } : rest;
      });
    case "addForeignKey":
      return replace(op.table, (t) => {
        hasColumns(t, op.foreignKey.columns);
        const parent = op.foreignKey.references.table === t.name ? t : find(op.foreignKey.references.table);
        hasColumns(parent, op.foreignKey.references.columns);
        if (d === "postgresql" && !keySets(parent).some((k) => sameSet(k, op.foreignKey.references.columns)))
          fail(op, "no primary key or unique on the referenced columns");
        const next = { ...t, foreignKeys: [...t.foreignKeys, op.foreignKey] };
        foreignKeyTypesHold({ ...s, tables: s.tables.map((x) => (x.name === t.name ? next : x)) }, op);
        return next;
      });
    case "dropForeignKey":
      return replace(op.table, (t) => ({
        ...t,
        foreignKeys: removeOne(op, t.foreignKeys, op.foreignKey, foreignKeyShape),
      }));
    case "addUnique":
      return replace(op.table, (t) => {
        hasColumns(t, op.unique.columns);
        return { ...t, uniques: [...t.uniques, op.unique] };
      });
    case "dropUnique":
      return replace(op.table, (t) => {
        keyStillReferenced(s, t, op.unique.columns, op);
        return { ...t, uniques: removeOne(op, t.uniques, op.unique, uniqueShape) };
      });
    case "createIndex":
      return replace(op.table, (t) => {
        hasColumns(
          t,
          op.index.keys.flatMap((k) => ("column" in k ? [k.column] : [])),
        );
        const name = op.index.name ?? defaultName.index(t.name, op.index.keys);
        if (t.indexes.some((i) => (i.name ?? defaultName.index(t.name, i.keys)) === name)) fail(op, "index name taken");
        return { ...t, indexes: [...t.indexes, op.index] };
      });
    case "dropIndex":
      return replace(op.table, (t) => {
        if (op.index.unique && op.index.where === undefined && op.index.keys.every((k) => "column" in k))
          keyStillReferenced(
            s,
            t,
            op.index.keys.map((k) => ("column" in k ? k.column : "")),
            op,
          );
        return { ...t, indexes: removeOne(op, t.indexes, op.index, indexShape) };
      });
    case "renameIndex":
      return replace(op.table, (t) => {
        const at = t.indexes.findIndex((i) => (i.name ?? defaultName.index(t.name, i.keys)) === op.from);
        if (at >= 0) return { ...t, indexes: t.indexes.map((i, n) => (n === at ? { ...i, name: op.to } : i)) };
        const u = t.uniques.findIndex((x) => (x.name ?? defaultName.unique(t.name, x.columns)) === op.from);
        if (u >= 0) return { ...t, uniques: t.uniques.map((x, n) => (n === u ? { ...x, name: op.to } : x)) };
        // ALTER INDEX on a primary key's index renames the key too.
        if (t.primaryKey && (t.primaryKey.name ?? defaultName.primaryKey(t.name)) === op.from)
          return { ...t, primaryKey: { ...t.primaryKey, name: op.to } };
        return fail(op, "no such index");
      });
    case "renameConstraint":
      return replace(op.table, (t) => {
        const f = t.foreignKeys.findIndex((x) => (x.name ?? defaultName.foreignKey(t.name, x.columns)) === op.from);
        if (f >= 0) return { ...t, foreignKeys: t.foreignKeys.map((x, n) => (n === f ? { ...x, name: op.to } : x)) };
        const c = t.checks.findIndex((x) => x.name === op.from);
        if (c < 0) fail(op, "no such constraint");
        return { ...t, checks: t.checks.map((x, n) => (n === c ? { ...x, name: op.to } : x)) };
      });
    case "addCheck":
      return replace(op.table, (t) => ({ ...t, checks: [...t.checks, op.check] }));
    case "dropCheck":
      return replace(op.table, (t) => ({ ...t, checks: removeOne(op, t.checks, op.check, checkShape) }));
    case "setStorage":
      return replace(op.table, (t) => setStorage(op, t));
    case "alterForeignKey":
      return replace(op.table, (t) => {
        const at = t.foreignKeys.findIndex((f) => JSON.stringify(f) === JSON.stringify(op.from));
        if (at < 0) fail(op, "no such foreign key");
        const { deferred, deferrable } = op.to;
        const { deferrable: _, ...from } = op.from;
        const altered = { ...from, deferred, ...(deferrable && { deferrable }) };
        return { ...t, foreignKeys: t.foreignKeys.map((f, n) => (n === at ? altered : f)) };
      });
    case "validateConstraint":
      return replace(op.table, (t) => {
        const valid = <T extends { notValid?: true }>(x: T): T => {
          const { notValid: _, ...rest } = x;
          return rest as T;
        };
        const c = op.constraint;
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        if (c.kind === "foreignKey") {
          if (!t.foreignKeys.some((f) => same(f, c.foreignKey))) fail(op, "no such foreign key");
          return { ...t, foreignKeys: t.foreignKeys.map((f) => (same(f, c.foreignKey) ? valid(f) : f)) };
        }
        if (!t.checks.some((k) => same(k, c.check))) fail(op, "no such check");
        return { ...t, checks: t.checks.map((k) => (same(k, c.check) ? valid(k) : k)) };
      });
    case "rebuildTable":
      return replace(op.to.name, (t) => {
        if (
          JSON.stringify(shapes({ dialect: d, tables: [t] })) !==
          JSON.stringify(shapes({ dialect: d, tables: [op.from] }))
        )
          fail(op, `table is ${JSON.stringify(t)}`);
        for (const m of op.columns) hasColumns(t, [m.from]);
        return op.to;
      });
  }
}

/** Applies a setStorage operation: the live item must carry exactly `from`; it then carries `to`. */
function setStorage(op: Extract<Operation, { kind: "setStorage" }>, t: Table): Table {
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const swap = <T extends { storage?: unknown }>(item: T): T => {
    if (!same(item.storage, op.from)) fail(op, `storage is ${JSON.stringify(item.storage)}`);
    const { storage: _, ...rest } = item;
    return (op.to ? { ...rest, storage: op.to } : rest) as T;
  };
  const target = op.target;
  switch (target.kind) {
    case "table":
      return swap(t);
    case "primaryKey":
      if (!t.primaryKey || primaryKeyShape(t.primaryKey) !== primaryKeyShape(target.primaryKey))
        fail(op, "no such key");
      return { ...t, primaryKey: swap(t.primaryKey) };
    case "unique": {
      const at = t.uniques.findIndex((u) => uniqueShape(u) === uniqueShape(target.unique) && same(u.storage, op.from));
      if (at < 0) fail(op, "no such unique");
      return { ...t, uniques: t.uniques.map((u, n) => (n === at ? swap(u) : u)) };
    }
    case "index": {
      const at = t.indexes.findIndex((i) => indexShape(i) === indexShape(target.index) && same(i.storage, op.from));
      if (at < 0) fail(op, "no such index");
      return { ...t, indexes: t.indexes.map((i, n) => (n === at ? swap(i) : i)) };
    }
  }
}

/** Gives a table's unnamed indexes and constraints their physical (default) names, as a rename keeps them. */
function withNames(t: Table): Table {
  return {
    ...t,
    foreignKeys: t.foreignKeys.map((f) => ({ ...f, name: f.name ?? defaultName.foreignKey(t.name, f.columns) })),
    uniques: t.uniques.map((u) => ({ ...u, name: u.name ?? defaultName.unique(t.name, u.columns) })),
    indexes: t.indexes.map((i) => ({ ...i, name: i.name ?? defaultName.index(t.name, i.keys) })),
    ...(t.primaryKey && { primaryKey: { ...t.primaryKey, name: t.primaryKey.name ?? defaultName.primaryKey(t.name) } }),
  };
}

/** Applies operations in order to a schema, as the database would; throws on what the database would refuse. */
export function simulate(start: Schema, ops: readonly Operation[]): Schema {
  return normalizeSchema(ops.reduce(applyOne, start), dialectNamed(start.dialect));
}

/** A one-line summary of an operation, for table-driven expectations. */
export function summary(op: Operation): string {
  const keys = (cols: readonly string[]) => `(${cols.join(",")})`;
  switch (op.kind) {
    case "createTable":
    case "dropTable":
      return `${op.kind} ${op.table.name}`;
    case "renameTable":
      return `renameTable ${op.from}→${op.to}`;
    case "addColumn":
    case "dropColumn":
      return `${op.kind} ${op.table}.${op.column.name}`;
    case "renameColumn":
    case "renameIndex":
    case "renameConstraint":
      return `${op.kind} ${op.table} ${op.from}→${op.to}`;
    case "alterColumn":
      return `alterColumn ${op.table}.${op.to.name} ${op.changes.join(",")}${op.regenerated ? ` regenerating ${op.regenerated.map((g) => g.name).join(",")}` : ""}`;
    case "setTableOptions":
      return `setTableOptions ${op.table} ${JSON.stringify(op.to ?? {})}`;
    case "setPrimaryKey":
      return `setPrimaryKey ${op.table} ${op.from ? keys(op.from.columns) : "none"}→${op.to ? keys(op.to.columns) : "none"}`;
    case "addForeignKey":
    case "dropForeignKey":
      return `${op.kind} ${op.table} ${keys(op.foreignKey.columns)}→${op.foreignKey.references.table}${keys(op.foreignKey.references.columns)}`;
    case "addUnique":
    case "dropUnique":
      return `${op.kind} ${op.table} ${keys(op.unique.columns)}`;
    case "createIndex":
    case "dropIndex":
      return `${op.kind} ${op.table} ${op.index.name ?? keys(op.index.keys.map((k) => ("column" in k ? k.column : k.expression)))}`;
    case "addCheck":
    case "dropCheck":
      return `${op.kind} ${op.table} ${op.check.expression}`;
    case "setStorage":
      return `setStorage ${op.table} ${op.target.kind}`;
    case "alterForeignKey":
      return `alterForeignKey ${op.table} ${keys(op.to.columns)}`;
    case "validateConstraint":
      return `validateConstraint ${op.table} ${op.constraint.kind}`;
    case "rebuildTable":
      return `rebuildTable ${op.to.name} ${op.columns.map((c) => (c.from === c.to ? c.to : `${c.to}←${c.from}`)).join(",")}`;
  }
}
