/**
 * The generated model of one table: fields for its columns (relations, keys, uniques and indexes
 * folded into field options where they fit) and model options for everything else.
 */
import { isDeepStrictEqual } from "node:util";
import { PormgError } from "../core/errors.ts";
import type {
  Column,
  ForeignKey,
  Index,
  ReferentialAction,
  Schema,
  StorageParameters,
  Table,
  Unique,
} from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import { defaultOptions, type FieldSpec, typeField } from "./generate-fields.ts";
import { fieldNames } from "./generate-names.ts";
import type { ModelDialect } from "./model-rules.ts";

/** A key field as generated: a field name, or `{ field, collation }` (SQLite `KeyFieldSpec`). */
type KeyField = string | { field: string; collation: string | null };

/** A ModelSpec is one generated model: export name, fields and model options, as plain data. */
export interface ModelSpec {
  readonly exportName: string;
  readonly fields: FieldSpec[];
  readonly options: {
    dbTable?: string;
    primaryKey?:
      | readonly KeyField[]
      | { fields: readonly KeyField[]; name?: string; deferrable?: string; storage?: object };
    storage?: Record<string, number | boolean | string>;
    strict?: boolean;
    withoutRowid?: boolean;
    indexes?: Record<string, unknown>[];
    constraints?: {
      kind: "UniqueConstraint" | "CheckConstraint" | "ForeignKeyConstraint";
      options: Record<string, unknown>;
    }[];
  };
}

const ON_DELETE: Record<ReferentialAction, string | undefined> = {
  "NO ACTION": undefined,
  RESTRICT: "RESTRICT",
  CASCADE: "CASCADE",
  "SET NULL": "SET_NULL",
  "SET DEFAULT": "SET_DEFAULT",
};

const namesCache = new WeakMap<Table, Map<string, string>>();
function fieldOf(table: Table, column: string): string {
  let names = namesCache.get(table);
  if (!names) {
    const list = fieldNames(table.columns.map((c) => c.name));
    names = new Map(table.columns.map((c, i) => [c.name, list[i] as string]));
    namesCache.set(table, names);
  }
  return names.get(column) ?? column;
}

/**
 * Storage parameters as the DSL's `storage` option: numbers as numbers, `on`/`off` as booleans, the
 * rest as text (each loads back to the same canonical value).
 */
function storageSpec(params: StorageParameters | undefined): { storage?: Record<string, number | boolean | string> } {
  if (params === undefined) return {};
  const value = (v: string) => (v === "on" ? true : v === "off" ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v);
  return { storage: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, value(v)])) };
}

/** A unique that `unique: true` on its field says in full: one column, default name, no clauses. */
function isPlainUnique(u: Unique): boolean {
  return (
    u.name === undefined &&
    u.columns.length === 1 &&
    u.deferrable === undefined &&
    u.nullsNotDistinct === undefined &&
    u.include === undefined &&
    u.storage === undefined &&
    u.collations === undefined
  );
}

function isPlainIndexOn(i: Index, column: string): boolean {
  const k = i.keys[0];
  return (
    i.name === undefined &&
    i.storage === undefined &&
    i.include === undefined &&
    !i.unique &&
    i.keys.length === 1 &&
    k !== undefined &&
    "column" in k &&
    k.column === column &&
    k.descending !== true &&
    k.nulls === undefined &&
    k.opclass === undefined &&
    k.collation === undefined &&
    i.method === undefined &&
    i.where === undefined
  );
}

function takeFirst<T>(items: T[], test: (item: T) => boolean): T | undefined {
  const at = items.findIndex(test);
  return at < 0 ? undefined : items.splice(at, 1)[0];
}

/**
 * The actions and clauses of a foreign key as field or ForeignKeyConstraint options; `clauses` is
 * the dialect's `foreignKeyClauses` (timing in full), else only `deferred`.
 */
function actions(fk: ForeignKey, clauses: boolean): Record<string, unknown> {
  return {
    ...(ON_DELETE[fk.onDelete] !== undefined && { onDelete: ON_DELETE[fk.onDelete] }),
    ...(ON_DELETE[fk.onUpdate] !== undefined && { onUpdate: ON_DELETE[fk.onUpdate] }),
    ...(clauses && !fk.deferred && (fk.deferrable ? { deferrable: "immediate" } : { deferred: false })),
    ...(!clauses && fk.deferred && { deferred: true }),
    ...(fk.match === "full" && { match: "full" }),
    ...(fk.notValid && { notValid: true }),
  };
}

/**
 * The ModelSpec of `table` within `schema` (of dialect `dialect`); `exportOf` maps every table to
 * its export name.
 */
export function tableSpec(
  table: Table,
  schema: Schema,
  exportOf: ReadonlyMap<string, string>,
  dialect: ModelDialect,
): ModelSpec {
  const clauses = dialect.models.foreignKeyClauses;
  const t = table.name;
  const exportName = exportOf.get(t) as string;
  const uniques = [...table.uniques];
  const indexes = [...table.indexes];
  const checks = [...table.checks];
  const fks = [...table.foreignKeys];
  const pk = table.primaryKey;
  const soleKey = pk?.columns.length === 1 ? pk.columns[0] : undefined;
  const pkAtField =
    soleKey !== undefined &&
    pk?.name === undefined &&
    pk?.deferrable === undefined &&
    pk?.storage === undefined &&
    pk?.collations === undefined;
  const checkName = (c: string) => (dialect.capabilities.namedConstraints ? defaultName.check(t, c) : undefined);
  const tableOf = (name: string) => schema.tables.find((x) => x.name === name);

  const fields = table.columns.map((c: Column): FieldSpec => {
    const name = fieldOf(table, c.name);
    const isSoleKey = soleKey === c.name;
    const base: Record<string, unknown> = {};
    const common = (kind: string): Record<string, unknown> => ({
      ...(c.nullable && { null: true }),
      ...(pkAtField && isSoleKey && kind !== "IDField" && { primaryKey: true }),
    });
    const tail = (kind: FieldSpec["kind"]) => ({
      ...(c.identity ? {} : defaultOptions(c, kind, dialect)),
      ...(c.collation !== undefined && { collation: c.collation }),
      ...(c.generated && { generated: { expression: c.generated.expression, stored: c.generated.stored } }),
      ...(name !== c.name && { dbColumn: c.name }),
    });
    const plainIndex = () => takeFirst(indexes, (i) => isPlainIndexOn(i, c.name)) !== undefined;
    const singleUnique = () => takeFirst(uniques, (u) => isPlainUnique(u) && u.columns[0] === c.name) !== undefined;

    const relation = fks.find((fk) => {
      if (fk.columns.length !== 1 || fk.columns[0] !== c.name || fk.references.columns.length !== 1) return false;
      if (fk.onDeleteColumns !== undefined) return false;
      const target = tableOf(fk.references.table);
      const tc = target?.columns.find((x) => x.name === fk.references.columns[0]);
      if (!target || !tc || c.identity || c.generated || !isDeepStrictEqual(c.type, tc.type)) return false;
      if (target.foreignKeys.some((f) => f.columns.length === 1 && f.columns[0] === tc.name)) return false;
      if (fk.onDelete === "SET NULL" && !c.nullable) return false;
      return !(fk.onDelete === "SET DEFAULT" && !c.default);
    });
    if (relation) {
      fks.splice(fks.indexOf(relation), 1);
      const target = tableOf(relation.references.table) as Table;
      const targetColumn = relation.references.columns[0] as string;
      const unique = singleUnique();
      const kind = unique ? "OneToOneField" : "ForeignKey";
      const defaultIndex = !unique && !isSoleKey;
      const indexed = plainIndex();
      const targetPk = target.primaryKey?.columns;
      return {
        name,
        kind,
        to: exportOf.get(target.name) as string,
        options: {
          ...common(kind),
          ...(indexed !== defaultIndex && { dbIndex: indexed }),
          ...(!(targetPk?.length === 1 && targetPk[0] === targetColumn) && { pkField: fieldOf(target, targetColumn) }),
          ...actions(relation, clauses),
          ...(relation.name !== undefined && { constraintName: relation.name }),
          ...tail(kind),
        },
      };
    }
    const fieldCheck = (k: Table["checks"][number]) =>
      k.name === checkName(c.name) && k.noInherit === undefined && k.notValid === undefined;
    const nonNegative = checks.findIndex(
      (k) => fieldCheck(k) && k.expression === dialect.models.nonNegativeCheck(c.name),
    );
    const bytes = checks.findIndex((k) => {
      const n = Number(/<= (\d+)$/.exec(k.expression)?.[1]);
      return fieldCheck(k) && Number.isInteger(n) && k.expression === dialect.models.byteLengthCheck(c.name, n);
    });
    const maxBytes =
      bytes < 0 ? undefined : Number(/<= (\d+)$/.exec((checks[bytes] as { expression: string }).expression)?.[1]);
    const typed = typeField(c, dialect, {
      soleKey: isSoleKey,
      nonNegative: nonNegative >= 0,
      ...(maxBytes !== undefined && { maxBytes }),
    });
    if (typed.consumesCheck) checks.splice(c.type.kind === "bytes" ? bytes : nonNegative, 1);
    Object.assign(base, typed.options, common(typed.kind));
    if (singleUnique()) base.unique = true;
    if (plainIndex()) base.dbIndex = true;
    return { name, kind: typed.kind, options: { ...base, ...tail(typed.kind) } };
  });

  const f = (column: string) => fieldOf(table, column);
  /** A key's fields, `{ field, collation }` where the key gives its column a collation (`KeyFieldSpec`). */
  const keyFields = (columns: readonly string[], collations: readonly (string | null)[] | undefined) =>
    columns.map((c, k) => (collations?.[k] ? { field: f(c), collation: collations[k] } : f(c)));
  const constraints: NonNullable<ModelSpec["options"]["constraints"]> = [
    ...uniques.map((u) => ({
      kind: "UniqueConstraint" as const,
      options: {
        fields: keyFields(u.columns, u.collations),
        ...(u.name !== undefined && { name: u.name }),
        ...(u.deferrable !== undefined && { deferrable: u.deferrable }),
        ...(u.nullsNotDistinct && { nullsNotDistinct: true }),
        ...(u.include !== undefined && { include: u.include.map(f) }),
        ...storageSpec(u.storage),
      },
    })),
    ...checks.map((k) => ({
      kind: "CheckConstraint" as const,
      options: {
        condition: k.expression,
        ...(k.name !== undefined && { name: k.name }),
        ...(k.noInherit && { noInherit: true }),
        ...(k.notValid && { notValid: true }),
      },
    })),
    ...fks.map((fk) => {
      const target = tableOf(fk.references.table);
      if (!target)
        throw new PormgError(
          "INTERNAL",
          `foreign key on "${t}" references table "${fk.references.table}", which is not in the schema`,
        );
      return {
        kind: "ForeignKeyConstraint" as const,
        options: {
          fields: fk.columns.map(f),
          references: exportOf.get(target.name) as string,
          ...(!isDeepStrictEqual(target.primaryKey?.columns, fk.references.columns) && {
            toFields: fk.references.columns.map((col) => fieldOf(target, col)),
          }),
          ...actions(fk, clauses),
          ...(fk.onDeleteColumns !== undefined && { onDeleteFields: fk.onDeleteColumns.map(f) }),
          ...(fk.name !== undefined && { name: fk.name }),
        },
      };
    }),
  ];
  const indexSpecs = indexes.map((i) => ({
    fields: i.keys.map((k) => {
      const clauses = {
        ...(k.descending && { descending: true }),
        ...(k.nulls !== undefined && { nulls: k.nulls }),
        ...(k.opclass !== undefined && { opclass: k.opclass }),
        ...(k.collation !== undefined && { collation: k.collation }),
      };
      if (!("column" in k)) return { expression: k.expression, ...clauses };
      const plain = k.nulls === undefined && k.opclass === undefined && k.collation === undefined;
      return plain ? `${k.descending ? "-" : ""}${f(k.column)}` : { field: f(k.column), ...clauses };
    }),
    ...(i.name !== undefined && { name: i.name }),
    ...(i.unique && { unique: true }),
    ...(i.method !== undefined && { method: i.method }),
    ...(i.where !== undefined && { condition: i.where }),
    ...(i.nullsNotDistinct && { nullsNotDistinct: true }),
    ...(i.include !== undefined && { include: i.include.map(f) }),
    ...storageSpec(i.storage),
  }));
  return {
    exportName,
    fields,
    options: {
      ...(exportName.toLowerCase() !== t && { dbTable: t }),
      ...(pk &&
        !pkAtField && {
          primaryKey:
            pk.name === undefined && pk.deferrable === undefined && pk.storage === undefined
              ? keyFields(pk.columns, pk.collations)
              : {
                  fields: keyFields(pk.columns, pk.collations),
                  ...(pk.name !== undefined && { name: pk.name }),
                  ...(pk.deferrable !== undefined && { deferrable: pk.deferrable }),
                  ...storageSpec(pk.storage),
                },
        }),
      ...storageSpec(table.storage),
      ...(indexSpecs.length > 0 && { indexes: indexSpecs }),
      ...(constraints.length > 0 && { constraints }),
      ...(table.options?.strict === true && { strict: true }),
      ...(table.options?.withoutRowid === true && { withoutRowid: true }),
    },
  };
}
