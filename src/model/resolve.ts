/**
 * Resolution of a set of exported models: export names, physical table names, column names,
 * primary keys and relation targets. Shared by validation and by `modelsToSchema`.
 */
import { type Field, isField, type Model, type ModelRef } from "./types.ts";

/** A ModelEntry is one exported model with the names it resolves to. */
export interface ModelEntry {
  /** The export name. */
  readonly name: string;
  readonly model: Model;
  /** The physical table: `dbTable`, else the lowercased export name. */
  readonly table: string;
  readonly managed: boolean;
}

/** A ModelSet is every exported model, addressable by export name and by value. */
export interface ModelSet {
  readonly entries: readonly ModelEntry[];
  readonly byName: ReadonlyMap<string, ModelEntry>;
  readonly byValue: ReadonlyMap<Model, ModelEntry>;
}

/** The ModelSets built from frozen records (a loaded models file's): loading asks for one several times. */
const sets = new WeakMap<Readonly<Record<string, Model>>, ModelSet>();

/** Builds a ModelSet from `{ exportName: model }` (in export order); a frozen record's once. */
export function modelSet(models: Readonly<Record<string, Model>>): ModelSet {
  const cached = sets.get(models);
  if (cached) return cached;
  const set = buildModelSet(models);
  if (Object.isFrozen(models)) sets.set(models, set);
  return set;
}

function buildModelSet(models: Readonly<Record<string, Model>>): ModelSet {
  const entries = Object.entries(models).map(([name, model]): ModelEntry => {
    const dbTable = model.options.dbTable;
    return {
      name,
      model,
      table: typeof dbTable === "string" && dbTable !== "" ? dbTable : name.toLowerCase(),
      managed: model.options.managed !== false,
    };
  });
  const byValue = new Map<Model, ModelEntry>();
  for (const e of entries) if (!byValue.has(e.model)) byValue.set(e.model, e);
  return { entries, byName: new Map(entries.map((e) => [e.name, e])), byValue };
}

/** The model a reference points at, seen from model `from` (`"self"` is `from`), or undefined. */
export function resolveRef(ref: ModelRef | undefined, from: ModelEntry, set: ModelSet): ModelEntry | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === "string") return ref === "self" ? from : set.byName.get(ref);
  return ref === from.model ? from : set.byValue.get(ref);
}

/** The physical column of a field: `dbColumn`, else the field name. */
export function columnOf(fieldName: string, field: Field): string {
  const dbColumn = field.options.dbColumn;
  return typeof dbColumn === "string" && dbColumn !== "" ? dbColumn : fieldName;
}

/** Whether a field produces a column (every kind but ManyToManyField). */
export function hasColumn(field: Field): boolean {
  return field.kind !== "ManyToManyField";
}

/** The field a key field spec names: the name itself, or `{ field }`'s (`KeyFieldSpec`). */
export function keyFieldName(spec: unknown): string {
  return typeof spec === "object" && spec !== null ? String((spec as { field?: unknown }).field) : String(spec);
}

/**
 * The collations a key's field specs give their fields (`KeyCollations`: uppercased, as SQLite
 * names compare, null where none is given), or undefined when none is.
 */
export function keyFieldCollations(specs: readonly unknown[]): (string | null)[] | undefined {
  const collations = specs.map((spec) => {
    const collation =
      typeof spec === "object" && spec !== null ? (spec as { collation?: unknown }).collation : undefined;
    return typeof collation === "string" ? collation.toUpperCase() : null;
  });
  return collations.some((c) => c !== null) ? collations : undefined;
}

/** The model-level primary key option, as field names, optional name and the collations its fields take. */
export function modelPrimaryKey(
  model: Model,
): { fields: readonly string[]; name?: string; collations?: (string | null)[] } | undefined {
  const pk = model.options.primaryKey;
  const key = (specs: readonly unknown[]) => {
    const collations = keyFieldCollations(specs);
    return { fields: specs.map(keyFieldName), ...(collations && { collations }) };
  };
  if (Array.isArray(pk)) return key(pk);
  if (typeof pk === "object" && pk !== null) {
    const { fields, name } = pk as { fields?: unknown; name?: unknown };
    if (Array.isArray(fields)) return { ...key(fields), ...(typeof name === "string" && { name }) };
  }
  return undefined;
}

/**
 * The field names of a model's primary key: the model-level `primaryKey`, else every field with
 * `primaryKey: true` (an IDField is a primary key unless it says `primaryKey: false`).
 */
export function primaryKeyFields(model: Model): readonly string[] {
  // Validation and the schema ask this once per field: a frozen model (every `Models.Model`) is
  // answered from a cache, so a model costs one pass over its fields, not one per field.
  // Only frozen models are cached, and a frozen model stays frozen: a cached answer needs no check.
  const cached = primaryKeys.get(model);
  if (cached) return cached;
  const frozen = Object.isFrozen(model) && Object.isFrozen(model.fields) && Object.isFrozen(model.options);
  const fields = Object.freeze([...readPrimaryKeyFields(model)]);
  if (frozen) primaryKeys.set(model, fields);
  return fields;
}

const primaryKeys = new WeakMap<Model, readonly string[]>();

function readPrimaryKeyFields(model: Model): readonly string[] {
  const declared = modelPrimaryKey(model);
  if (declared) return declared.fields;
  return Object.keys(model.fields).filter((name) => {
    const f = model.fields[name];
    return isField(f) && (f.options.primaryKey === true || (f.kind === "IDField" && f.options.primaryKey !== false));
  });
}

/** Whether a field is a relation with a column (ForeignKey or OneToOneField). */
export function isRelation(field: Field): boolean {
  return field.kind === "ForeignKey" || field.kind === "OneToOneField";
}

/** The field of `target` a relation references: `pkField`, else the target's single primary-key field. */
export function relationTargetField(field: Field, target: ModelEntry): string | undefined {
  const pkField = field.options.pkField;
  if (typeof pkField === "string") return pkField;
  const pk = primaryKeyFields(target.model);
  return pk.length === 1 ? pk[0] : undefined;
}
