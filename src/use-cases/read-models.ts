import { join, relative } from "node:path";
import process from "node:process";
import type { Config } from "../config/config.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { assertNoIgnoredTables } from "../model/ignored-tables.ts";
import { type LoadedModels, loadModels } from "../model/load-models.ts";
import { modelSet } from "../model/resolve.ts";
import type { Schema } from "../schema/ir.ts";

/** ModelsState is the schema a folder's models file declares, for the configured dialect. */
export interface ModelsState {
  /** The absolute path of the models file. */
  readonly file: string;
  /** The path as printed (relative to the working directory when inside it). */
  readonly shown: string;
  readonly loaded: LoadedModels;
  readonly schema: Schema;
  /** Tables of `managed: false` models: never compared, created, altered or dropped. */
  readonly unmanagedTables: readonly string[];
}

/** The models file of a configuration: `config.model_file` inside the folder (default `models.ts`). */
export function modelsFile(config: Config): { file: string; shown: string } {
  const file = join(config.folder, config.settings.modelFile);
  const rel = relative(process.cwd(), file);
  return { file, shown: rel !== "" && !rel.startsWith("..") ? rel : file };
}

/**
 * Loads and validates the folder's models for the configured dialect (no database is touched),
 * refusing managed models whose table an ignore prefix covers (the built-in list or `ignore_tables`).
 */
export async function readModels(config: Config): Promise<ModelsState> {
  const { file, shown } = modelsFile(config);
  const loaded = await loadModels(file, dialectNamed(config.dialect), shown);
  assertNoIgnoredTables(loaded.models, dialectNamed(config.dialect), config.ignoreTables);
  const unmanagedTables = modelSet(loaded.models)
    .entries.filter((e) => !e.managed)
    .map((e) => e.table);
  return { file, shown, loaded, schema: loaded.schema, unmanagedTables };
}
