/**
 * Where queries start. Models are frozen plain values that know nothing of the other models or of
 * the dialect, so a query needs both bound to it: `query(Result, loaded, sqliteDialect)` for one
 * query, or `bindModels(loaded, sqliteDialect)` once, whose `.Result.objects` is a QuerySet (PormG's
 * `M.Result.objects`). The library API takes the dialect's name instead (src/api/query.ts).
 */
import type { LoadedModels } from "../model/load-models.ts";
import { isModel, type Model } from "../model/types.ts";
import { buildCatalog, catalogModel, type QueryCatalog } from "./catalog.ts";
import type { QueryDialect } from "./query-hooks.ts";
import { QuerySet } from "./query-set.ts";

/** ModelsSource is a loaded models file (`loadModels`) or its models by export name. */
export type ModelsSource = LoadedModels | Readonly<Record<string, Model>>;

function modelsOf(source: ModelsSource): Readonly<Record<string, Model>> {
  const maybe = (source as { models?: unknown }).models;
  // A Record may export a model named "models"; LoadedModels.models is a record of models instead.
  return typeof maybe === "object" && maybe !== null && !isModel(maybe) && "schema" in source
    ? (maybe as Readonly<Record<string, Model>>)
    : (source as Readonly<Record<string, Model>>);
}

const catalogs = new WeakMap<object, Map<QueryDialect, QueryCatalog>>();

/** The catalog of `source` for `dialect`, built once per models object. */
export function catalogFor(source: ModelsSource, dialect: QueryDialect): QueryCatalog {
  const models = modelsOf(source);
  const byDialect = catalogs.get(models) ?? new Map<QueryDialect, QueryCatalog>();
  catalogs.set(models, byDialect);
  const catalog = byDialect.get(dialect) ?? buildCatalog(models, dialect);
  byDialect.set(dialect, catalog);
  return catalog;
}

/** Starts a query on `model` (a model value or its export name) of `models`, compiled for `dialect`. */
export function query(model: Model | string, models: ModelsSource, dialect: QueryDialect): QuerySet {
  const catalog = catalogFor(models, dialect);
  return new QuerySet({ catalog, model: catalogModel(catalog, model), where: [], order: [] });
}

/** A BoundModel is one model with the model set and dialect bound: `objects` starts its queries. */
export interface BoundModel {
  /** The export name. */
  readonly name: string;
  /** The physical table. */
  readonly table: string;
  readonly model: Model;
  /** A QuerySet of every row of the model (immutable: each call on it returns a new one). */
  readonly objects: QuerySet;
}

/** BoundModels maps each export name of a models file to its BoundModel. */
export type BoundModels<T extends Readonly<Record<string, Model>>> = { readonly [K in keyof T]: BoundModel };

/**
 * Binds every model of `models` to the model set and `dialect`, so that
 * `bindModels(loaded, sqliteDialect).Result.objects.filter({ race__year: 2024 })` reads like PormG.
 */
export function bindModels<T extends Readonly<Record<string, Model>>>(
  models: T | (LoadedModels & { readonly models: T }),
  dialect: QueryDialect,
): BoundModels<T> {
  const catalog = catalogFor(models, dialect);
  const bound: Record<string, BoundModel> = {};
  for (const [name, model] of Object.entries(modelsOf(models))) {
    const objects = new QuerySet({ catalog, model: catalogModel(catalog, name), where: [], order: [] });
    bound[name] = Object.freeze({ name, table: objects.state.model.table, model, objects });
  }
  return Object.freeze(bound) as BoundModels<T>;
}
