/**
 * The model functions of the library API, by dialect name as they have always been called
 * (`loadModels("db/models.ts", "sqlite")`): each resolves the Dialect and calls the model layer,
 * which takes the Dialect object itself.
 */
import type { DialectName } from "../core/dialect-name.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { type GeneratedModels, generateModels as generateFor } from "../model/generate-models.ts";
import { type LoadedModels, loadModels as loadFor } from "../model/load-models.ts";
import { type ModelsSchema, modelsToSchema as schemaFor } from "../model/to-schema.ts";
import type { Model } from "../model/types.ts";
import { validateModels as validateFor } from "../model/validate.ts";
import type { Schema } from "../schema/ir.ts";

/** Writes the models.ts source declaring every table of `schema` (see the model layer's `generateModels`). */
export function generateModels(schema: Schema): GeneratedModels {
  return generateFor(schema, dialectNamed(schema.dialect));
}

/** Loads `file` (a models.ts) for `dialect` (see the model layer's `loadModels`). */
export function loadModels(file: string, dialect: DialectName, shown = file): Promise<LoadedModels> {
  return loadFor(file, dialectNamed(dialect), shown);
}

/** The Schema IR `models` declare on `dialect`, normalized (see the model layer's `modelsToSchema`). */
export function modelsToSchema(models: Readonly<Record<string, Model>>, dialect: DialectName): ModelsSchema {
  return schemaFor(models, dialectNamed(dialect));
}

/** Every problem in `models` for `dialect`, one message line each (see the model layer's `validateModels`). */
export function validateModels(models: Readonly<Record<string, Model>>, dialect: DialectName): string[] {
  return validateFor(models, dialectNamed(dialect));
}
