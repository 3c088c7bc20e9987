/**
 * `loadModels`: imports a user's `models.ts`, takes every exported Model (the export name gives the
 * default table name), validates them and builds the normalized Schema IR, before any database is touched.
 */

import { importModule } from "../runtime/load-module.ts";
import type { Schema } from "../schema/ir.ts";
import type { ModelDialect } from "./model-rules.ts";
import { modelsToSchema } from "./to-schema.ts";
import { isModel, type Model } from "./types.ts";

/** LoadedModels is a loaded models file: its models by export name, their Schema, and the unmanaged ones. */
export interface LoadedModels {
  readonly models: Readonly<Record<string, Model>>;
  readonly schema: Schema;
  /** Export names of models with `managed: false`. */
  readonly unmanaged: readonly string[];
}

/** Picks the exported Models out of a module's exports, in export order (a frozen record). */
export function exportedModels(exports: Readonly<Record<string, unknown>>): Readonly<Record<string, Model>> {
  const models: Record<string, Model> = {};
  for (const [name, value] of Object.entries(exports)) if (isModel(value)) models[name] = value;
  return Object.freeze(models);
}

/**
 * Loads `file` (a models.ts) for `dialect`. A file that fails to load, or models that are invalid,
 * raise a `MODEL_INVALID` PormgError (exit 78); `shown` is the path to print in messages.
 */
export async function loadModels(file: string, dialect: ModelDialect, shown = file): Promise<LoadedModels> {
  const models = exportedModels(await importModule(file, shown));
  const { schema, unmanaged } = modelsToSchema(models, dialect);
  return { models, schema, unmanaged };
}
