import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import process from "node:process";
import type { Config } from "../config/config.ts";
import { MODELS_TEMPLATE } from "../config/scaffold.ts";
import { PormgError } from "../errors.ts";
import { generateModels } from "../model/generate-models.ts";
import { readLive } from "./check.ts";
import { modelsFile } from "./read-models.ts";

/** ImportModelsOptions say where to write and whether an existing file may be replaced. */
export interface ImportModelsOptions {
  /** The file to write (relative to the working directory). Default is the folder's models file. */
  readonly out?: string;
  /** Replace an existing file. Default is `false`: an existing file (other than the untouched scaffold) is kept. */
  readonly force?: boolean;
}

/** ImportModelsResult is what `import-models` wrote. */
export interface ImportModelsResult {
  readonly path: string;
  readonly models: number;
  readonly rawColumns: number;
}

/**
 * Writes a models file that declares the live database's tables (PormG's importer), choosing for
 * each column the richest field type that round-trips; columns the DSL cannot express use
 * `Models.NativeField`. Never overwrites a file without `force`, except the untouched boilerplate
 * `pormg setup` wrote (replacing it loses nothing).
 */
export async function importModels(config: Config, options: ImportModelsOptions = {}): Promise<ImportModelsResult> {
  const path = options.out ? resolve(options.out) : modelsFile(config).file;
  const shown = relative(process.cwd(), path) || path;
  if (existsSync(path) && !options.force && readFileSync(path, "utf8") !== MODELS_TEMPLATE)
    throw new PormgError(
      "CONFIG_EXISTS",
      `${shown} already exists; import-models never overwrites a file. Pass --force to replace it, or --out to write elsewhere.`,
      { path },
    );
  const live = await readLive(config);
  const generated = generateModels(live.schema);
  const temporary = `${path}.pormg-tmp-${process.pid}`;
  writeFileSync(temporary, generated.source);
  renameSync(temporary, path);
  return { path, models: generated.models, rawColumns: generated.rawColumns };
}
