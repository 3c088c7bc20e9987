/**
 * `modelsToSchema`: the Schema IR a set of exported models declares on one dialect (docs/design.md §4). Validation runs first, so an invalid model never reaches a database.
 */

import { PormgError } from "../core/errors.ts";
import { canonicalExpression } from "../schema/expression.ts";
import type {
  Check,
  Column,
  ColumnType,
  ForeignKey,
  Identity,
  Index,
  IndexKey,
  ReferentialAction,
  Schema,
  Table,
  Unique,
} from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import { normalizeSchema } from "../schema/normalize.ts";
import { deferrableFrom, foreignKeyClauses, storageFrom } from "./clauses.ts";
import { fieldDefault } from "./defaults.ts";
import { joinTables } from "./join-tables.ts";
import type { ModelDialect } from "./model-rules.ts";
import type { IndexKeySpec } from "./options.ts";
import {
  columnOf,
  hasColumn,
  isRelation,
  keyFieldCollations,
  keyFieldName,
  type ModelEntry,
  type ModelSet,
  modelPrimaryKey,
  modelSet,
  primaryKeyFields,
  relationTargetField,
  resolveRef,
} from "./resolve.ts";
import { columnTypeOf } from "./type-map.ts";
import type { Field, Model } from "./types.ts";
import { assertValidModels } from "./validate.ts";
import { assertIdentifierLengths } from "./validate-names.ts";

/** ModelsSchema is what a set of models declares: the managed tables, and the models left unmanaged. */
export interface ModelsSchema {
  readonly schema: Schema;
  /** Export names of models with `managed: false` (they produce no table). */
  readonly unmanaged: readonly string[];
}

/** Maps a DSL ON DELETE / ON UPDATE spelling to SQL (unset, DO_NOTHING → NO ACTION; PROTECT → RESTRICT). */
export function referentialAction(value: unknown): ReferentialAction {
  switch (value) {
    case "CASCADE":
      return "CASCADE";
    case "RESTRICT":
    case "PROTECT":
      return "RESTRICT";
    case "SET_NULL":
      return "SET NULL";
    case "SET_DEFAULT":
      return "SET DEFAULT";
    default:
      return "NO ACTION";
  }
}

/**
 * The column type of a field; relations take the type of the column they reference (following
 * relation chains). Validation has ruled out unknown targets and cycles.
 */
export function fieldColumnType(
  entry: ModelEntry,
  field: Field,
  set: ModelSet,
  dialect: ModelDialect,
  seen = 0,
): ColumnType {
  if (!isRelation(field)) return columnTypeOf(field, dialect.models);
  const target = resolveRef(field.to, entry, set);
  const targetName = target && relationTargetField(field, target);
  const targetField = targetName === undefined ? undefined : target?.model.fields[targetName];
  if (!target || !targetField || seen > set.entries.length)
    throw new Error(`unresolved relation target on ${entry.name}`);
  return fieldColumnType(target, targetField, set, dialect, seen + 1);
}

function identityOf(field: Field, dialect: ModelDialect): Identity | undefined {
  const o = field.options;
  if (field.kind === "IDField") {
    const kinds = dialect.models.identityKinds;
    if (kinds && o.serial === true) return { always: false, serial: true };
    return { always: kinds && o.generatedAlways === true };
  }
  const id = o.identity;
  if (id === undefined || id === false) return undefined;
  if (id === true) return { always: false };
  const { always, serial } = id as { always?: boolean; serial?: boolean };
  if (serial === true) return { always: false, serial: true };
  return { always: always === true };
}

/** The column of field `fieldName`; `isPk`: whether the field is (part of) the model's primary key. */
function columnFor(
  entry: ModelEntry,
  fieldName: string,
  field: Field,
  isPk: boolean,
  set: ModelSet,
  dialect: ModelDialect,
): Column {
  const type = fieldColumnType(entry, field, set, dialect);
  const identity = isRelation(field) ? undefined : identityOf(field, dialect);
  const nullable = identity ? false : isPk && dialect.models.primaryKeysNotNull ? false : field.options.null === true;
  const dflt = identity ? undefined : fieldDefault(field, dialect);
  const collation = field.options.collation;
  const generated = generatedOf(field);
  // Built by assignment, not conditional spreads (one column per field); the keys keep this order.
  const column: { -readonly [K in keyof Column]: Column[K] } = { name: columnOf(fieldName, field), type, nullable };
  if (dflt) column.default = dflt;
  if (identity) column.identity = identity;
  if (typeof collation === "string") column.collation = collation;
  if (generated) column.generated = generated;
  return column;
}

/** The IR form of a field's `generated` option, its expression canonical. */
function generatedOf(field: Field): Column["generated"] {
  const g = field.options.generated as { expression: string; stored: boolean } | undefined;
  return g === undefined ? undefined : { expression: canonicalExpression(g.expression), stored: g.stored };
}

function defaultsToIndex(field: Field, isKeyOrUnique: boolean): boolean {
  const explicit = field.options.dbIndex;
  if (typeof explicit === "boolean") return explicit;
  if (field.kind === "SlugField") return !isKeyOrUnique;
  if (field.kind === "ForeignKey") return !isKeyOrUnique;
  return false;
}

function indexFrom(model: Model, options: Readonly<Record<string, unknown>>): Index | Unique {
  const col = (name: string) => {
    const f = model.fields[name];
    return f ? columnOf(name, f) : name;
  };
  const keys = (options.fields as readonly IndexKeySpec[]).map((k): IndexKey => {
    if (typeof k === "string")
      return k.startsWith("-") ? { column: col(k.slice(1)), descending: true } : { column: col(k) };
    const base = "field" in k ? { column: col(k.field) } : { expression: canonicalExpression(k.expression) };
    const descending = k.descending === true;
    // NULLS FIRST is the default of a descending key, NULLS LAST of an ascending one: only the other is kept.
    const nulls = k.nulls === "first" || k.nulls === "last" ? k.nulls : undefined;
    return {
      ...base,
      ...(descending && { descending: true }),
      ...(nulls !== undefined && (nulls === "first") !== descending && { nulls }),
      ...(typeof k.opclass === "string" && { opclass: k.opclass }),
      ...(typeof k.collation === "string" && { collation: k.collation }),
    };
  });
  const method = typeof options.method === "string" ? options.method.toLowerCase() : undefined;
  const where = typeof options.condition === "string" ? canonicalExpression(options.condition) : undefined;
  const name = typeof options.name === "string" ? options.name : undefined;
  const unique = options.unique === true;
  const plain = keys.every(
    (k) =>
      "column" in k &&
      k.descending !== true &&
      k.nulls === undefined &&
      k.opclass === undefined &&
      k.collation === undefined,
  );
  const nulls = unique && options.nullsNotDistinct === true ? { nullsNotDistinct: true as const } : {};
  const include = Array.isArray(options.include) ? { include: (options.include as string[]).map(col) } : {};
  if (unique && plain && where === undefined && (method === undefined || method === "btree"))
    return {
      ...(name !== undefined && { name }),
      columns: keys.map((k) => ("column" in k ? k.column : "")),
      ...nulls,
      ...include,
      ...storageFrom(options.storage),
    };
  return {
    ...(name !== undefined && { name }),
    keys,
    unique,
    ...(method !== undefined && method !== "btree" && { method }),
    ...(where !== undefined && { where }),
    ...nulls,
    ...include,
    ...storageFrom(options.storage),
  };
}

function tableFor(entry: ModelEntry, set: ModelSet, dialect: ModelDialect): Table {
  const { model, table } = entry;
  // One pass over the fields: those with a column, and their columns.
  const pkFields = primaryKeyFields(model);
  const fields: (readonly [string, Field])[] = [];
  const columns: Column[] = [];
  for (const name of Object.keys(model.fields)) {
    const f = model.fields[name] as Field;
    if (!hasColumn(f)) continue;
    fields.push([name, f]);
    columns.push(columnFor(entry, name, f, pkFields.includes(name), set, dialect));
  }
  const col = (name: string) => columnOf(name, model.fields[name] as Field);
  const pkName = modelPrimaryKey(model)?.name;
  const uniques: Unique[] = [];
  const indexes: Index[] = [];
  const checks: Check[] = [];
  const foreignKeys: ForeignKey[] = [];
  const checkName = (column: string) =>
    dialect.capabilities.namedConstraints ? { name: defaultName.check(table, column) } : {};

  for (const [name, f] of fields) {
    const column = columnOf(name, f);
    const unique = f.options.unique === true || f.kind === "OneToOneField";
    if (unique) uniques.push({ columns: [column] });
    const soleKey = pkFields.length === 1 && pkFields[0] === name;
    if (defaultsToIndex(f, unique || soleKey)) indexes.push({ keys: [{ column }], unique: false });
    if ((f.kind === "PositiveIntegerField" || f.kind === "PositiveSmallIntegerField") && f.options.dbCheck !== false)
      checks.push({ ...checkName(column), expression: dialect.models.nonNegativeCheck(column) });
    if (f.kind === "BinaryField" && typeof f.options.maxLength === "number")
      checks.push({ ...checkName(column), expression: dialect.models.byteLengthCheck(column, f.options.maxLength) });
    if (isRelation(f) && f.options.dbConstraint !== false) {
      const target = resolveRef(f.to, entry, set) as ModelEntry;
      const targetField = relationTargetField(f, target) as string;
      const constraintName = f.options.constraintName;
      foreignKeys.push({
        ...(typeof constraintName === "string" && { name: constraintName }),
        columns: [column],
        references: {
          table: target.table,
          columns: [columnOf(targetField, target.model.fields[targetField] as Field)],
        },
        onDelete: referentialAction(f.options.onDelete),
        onUpdate: referentialAction(f.options.onUpdate),
        ...foreignKeyClauses(f.options, dialect.models.foreignKeyClauses),
      });
    }
  }
  for (const def of (model.options.indexes ?? []) as readonly { options: Readonly<Record<string, unknown>> }[]) {
    const made = indexFrom(model, def.options);
    if ("keys" in made) indexes.push(made);
    else uniques.push(made);
  }
  for (const c of (model.options.constraints ?? []) as readonly {
    kind: string;
    options: Readonly<Record<string, unknown>>;
  }[]) {
    const o = c.options;
    const name = typeof o.name === "string" ? { name: o.name } : {};
    if (c.kind === "unique") {
      const collations = keyFieldCollations(o.fields as unknown[]);
      uniques.push({
        ...name,
        columns: (o.fields as unknown[]).map((f) => col(keyFieldName(f))),
        ...(collations && { collations }),
        ...deferrableFrom(o.deferrable),
        ...(o.nullsNotDistinct === true && { nullsNotDistinct: true }),
        ...(Array.isArray(o.include) && { include: (o.include as string[]).map(col) }),
        ...storageFrom(o.storage),
      });
    } else if (c.kind === "check")
      checks.push({
        ...name,
        expression: canonicalExpression(o.condition as string),
        ...(o.noInherit === true && { noInherit: true }),
        ...(o.notValid === true && { notValid: true }),
      });
    else {
      const target = resolveRef(o.references as Model | string, entry, set) as ModelEntry;
      const toFields = (o.toFields as string[] | undefined) ?? primaryKeyFields(target.model);
      foreignKeys.push({
        ...name,
        columns: (o.fields as string[]).map(col),
        references: {
          table: target.table,
          columns: toFields.map((n) => columnOf(n, target.model.fields[n] as Field)),
        },
        onDelete: referentialAction(o.onDelete),
        onUpdate: referentialAction(o.onUpdate),
        ...(Array.isArray(o.onDeleteFields) && { onDeleteColumns: (o.onDeleteFields as string[]).map(col) }),
        ...foreignKeyClauses(o, dialect.models.foreignKeyClauses),
      });
    }
  }
  const pkOptions = (Array.isArray(model.options.primaryKey) ? {} : (model.options.primaryKey ?? {})) as Readonly<
    Record<string, unknown>
  >;
  const options = { strict: model.options.strict === true, withoutRowid: model.options.withoutRowid === true };
  const pkCollations = modelPrimaryKey(model)?.collations;
  return {
    name: table,
    columns,
    ...(pkFields.length > 0 && {
      primaryKey: {
        ...(pkName !== undefined && { name: pkName }),
        columns: pkFields.map(col),
        ...(pkCollations && { collations: pkCollations }),
        ...deferrableFrom(pkOptions.deferrable),
        ...storageFrom(pkOptions.storage),
      },
    }),
    foreignKeys,
    uniques,
    indexes,
    checks,
    ...storageFrom(model.options.storage),
    ...(dialect.models.tableOptions && (options.strict || options.withoutRowid) && { options }),
  };
}

const STRICT_TYPES = new Set(["INT", "INTEGER", "REAL", "TEXT", "BLOB", "ANY"]);

/**
 * The problems of STRICT tables: SQLite accepts only the types INT, INTEGER, REAL, TEXT, BLOB and
 * ANY in them, so every other column type (as pormg writes it) is refused, naming the field.
 */
function strictTypeProblems(entry: ModelEntry, table: Table, dialect: ModelDialect): string[] {
  if (table.options?.strict !== true) return [];
  const fieldOfColumn = new Map(
    Object.entries(entry.model.fields)
      .filter(([, f]) => hasColumn(f))
      .map(([name, f]) => [columnOf(name, f), name]),
  );
  return table.columns
    .filter((c) => c.identity === undefined && !STRICT_TYPES.has(dialect.models.typeText(c.type).trim().toUpperCase()))
    .map(
      (c) =>
        `Model "${entry.name}" field "${fieldOfColumn.get(c.name) ?? c.name}": a STRICT table allows only INT, INTEGER, REAL, TEXT, BLOB and ANY columns, ` +
        `but this one is ${dialect.models.typeText(c.type) || "typeless"}; use IntegerField, FloatField, TextField, BinaryField or NativeField({ type: "ANY" }), or remove strict`,
    );
}

/**
 * The Schema IR declared by `models` (`{ exportName: model }`) on `dialect`, normalized
 * (`normalizeSchema`), plus the unmanaged models. Throws a `MODEL_INVALID` PormgError listing every
 * problem when a model is invalid.
 */
export function modelsToSchema(models: Readonly<Record<string, Model>>, dialect: ModelDialect): ModelsSchema {
  assertValidModels(models, dialect);
  const set = modelSet(models);
  const managed = set.entries.filter((e) => e.managed);
  const own = managed.map((e) => [e, tableFor(e, set, dialect)] as const);
  const problems = own.flatMap(([e, t]) => strictTypeProblems(e, t, dialect));
  if (problems.length > 0)
    throw new PormgError(
      "MODEL_INVALID",
      `${problems.length} problem${problems.length === 1 ? "" : "s"} in the models:\n${problems.join("\n")}`,
      { problems },
    );
  const tables = [...own.map(([, t]) => t), ...joinTables(set, dialect, (e, f) => fieldColumnType(e, f, set, dialect))];
  assertIdentifierLengths(tables, dialect, (table) => set.entries.find((e) => e.table === table)?.name);
  return {
    schema: normalizeSchema({ dialect: dialect.name, tables }, dialect),
    unmanaged: set.entries.filter((e) => !e.managed).map((e) => e.name),
  };
}
