/**
 * The query catalog: what the query builder needs to know about a set of loaded models — each
 * model's table, its queryable fields with their columns, and where each foreign key leads.
 */
import { PormgError } from "../core/errors.ts";
import {
  columnOf,
  hasColumn,
  isRelation,
  type ModelEntry,
  type ModelSet,
  modelSet,
  primaryKeyFields,
  relationTargetField,
  resolveRef,
} from "../model/resolve.ts";
import type { FieldKind, Model } from "../model/types.ts";
import type { QueryDialect } from "./query-hooks.ts";

const TEXT_KINDS: ReadonlySet<FieldKind> = new Set([
  "CharField",
  "TextField",
  "EmailField",
  "URLField",
  "SlugField",
  "PasswordField",
]);

/** Whether fields of `kind` are text columns (varchar or text), which pattern lookups match directly. */
export function isTextKind(kind: FieldKind): boolean {
  return TEXT_KINDS.has(kind);
}

/** A QueryField is one column-bearing field of a model, as the query builder sees it. */
export interface QueryField {
  readonly name: string;
  readonly column: string;
  readonly kind: FieldKind;
  /** The column may hold NULL (`null: true`, and not part of the primary key). */
  readonly nullable: boolean;
  /** For a ForeignKey or OneToOneField: the export name of the model it references and the referenced column. */
  readonly relation?: { readonly model: string; readonly column: string };
}

/** A QueryModel is one model: its export name, table and fields in declaration order. */
export interface QueryModel {
  readonly name: string;
  readonly table: string;
  readonly fields: ReadonlyMap<string, QueryField>;
}

/** A QueryCatalog is every model of a loaded set, by export name, for one dialect. */
export interface QueryCatalog {
  readonly dialect: QueryDialect;
  readonly models: ReadonlyMap<string, QueryModel>;
  /** The export name of each model value, so a query can start from the value itself. */
  readonly byValue: ReadonlyMap<Model, string>;
}

function relationOf(entry: ModelEntry, fieldName: string, set: ModelSet): QueryField["relation"] {
  const field = entry.model.fields[fieldName];
  if (!field || !isRelation(field)) return undefined;
  const target = resolveRef(field.to, entry, set);
  const targetField = target ? relationTargetField(field, target) : undefined;
  const targetDef = target && targetField ? target.model.fields[targetField] : undefined;
  if (!target || !targetField || !targetDef) return undefined;
  return { model: target.name, column: columnOf(targetField, targetDef) };
}

function queryModel(entry: ModelEntry, set: ModelSet): QueryModel {
  const pk = new Set(primaryKeyFields(entry.model));
  const fields = new Map<string, QueryField>();
  for (const [name, field] of Object.entries(entry.model.fields)) {
    if (!hasColumn(field)) continue;
    const relation = relationOf(entry, name, set);
    fields.set(name, {
      name,
      column: columnOf(name, field),
      kind: field.kind,
      nullable: field.options.null === true && !pk.has(name),
      ...(relation && { relation }),
    });
  }
  return { name: entry.name, table: entry.table, fields };
}

/** Builds the catalog of `models` (`{ exportName: model }`, e.g. `LoadedModels.models`) for `dialect`. */
export function buildCatalog(models: Readonly<Record<string, Model>>, dialect: QueryDialect): QueryCatalog {
  const set = modelSet(models);
  return {
    dialect,
    models: new Map(set.entries.map((e) => [e.name, queryModel(e, set)])),
    byValue: new Map([...set.byValue].map(([model, entry]) => [model, entry.name])),
  };
}

/** The catalog's model named `name` (or given as a model value); unknown ones fail listing the models. */
export function catalogModel(catalog: QueryCatalog, model: Model | string): QueryModel {
  const name = typeof model === "string" ? model : catalog.byValue.get(model);
  const found = name === undefined ? undefined : catalog.models.get(name);
  if (found) return found;
  const available = [...catalog.models.keys()].sort();
  throw new PormgError(
    "USAGE",
    typeof model === "string"
      ? `Model "${model}" not found. Available: ${available.join(", ") || "(none)"}. Use a model's export name from the models file.`
      : `That model is not one of the loaded models (${available.join(", ") || "none"}). Query a model exported by the models file you loaded.`,
    { model: name ?? null, available },
  );
}
