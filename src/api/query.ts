/**
 * The query API of the library, by dialect name: `bindModels(loaded, "sqlite")`,
 * `query(Result, loaded, "postgresql")`, `queryFromInspectText(text, loaded, "sqlite")` and
 * `explainQuery(driver, inspection)` — the src/query functions with the named dialect's parts.
 */
import type { DialectName } from "../core/dialect-name.ts";
import type { Driver } from "../core/driver.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import type { LoadedModels } from "../model/load-models.ts";
import type { Model } from "../model/types.ts";
import * as bound from "../query/bind-models.ts";
import { explainQuery as explainWith } from "../query/explain.ts";
import type { QueryInspection } from "../query/inspect-query.ts";
import { queryFromInspectText as fromText, type InspectText } from "../query/inspect-text.ts";
import type { QuerySet } from "../query/query-set.ts";

/** Starts a query on `model` (a model value or its export name) of `models`, compiled for `dialect`. */
export function query(model: Model | string, models: bound.ModelsSource, dialect: DialectName): QuerySet {
  return bound.query(model, models, dialectNamed(dialect));
}

/**
 * Binds every model of `models` to the model set and `dialect`, so that
 * `bindModels(loaded, "sqlite").Result.objects.filter({ race__year: 2024 })` reads like PormG.
 */
export function bindModels<T extends Readonly<Record<string, Model>>>(
  models: T | (LoadedModels & { readonly models: T }),
  dialect: DialectName,
): bound.BoundModels<T> {
  return bound.bindModels(models, dialectNamed(dialect));
}

/** The QuerySet query text describes, on `models` for `dialect` (see src/query/inspect-text.ts). */
export function queryFromInspectText(
  parsed: InspectText | string,
  models: bound.ModelsSource,
  dialect: DialectName,
): QuerySet {
  return fromText(parsed, models, dialectNamed(dialect));
}

/** Runs EXPLAIN for `inspection` on `driver` (which must be of the inspection's dialect) and returns the plan's lines. */
export function explainQuery(driver: Driver, inspection: QueryInspection): Promise<string[]> {
  return explainWith(driver, inspection, dialectNamed(driver.dialect));
}
