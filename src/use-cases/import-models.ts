import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import process from "node:process";
import type { Config } from "../config/config.ts";
import { MODELS_TEMPLATE } from "../config/scaffold.ts";
import { PormgError } from "../core/errors.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { importableExpressions } from "../introspect/import-expressions.ts";
import { introspect } from "../introspect/introspect.ts";
import { generateModels } from "../model/generate-models.ts";
import type { Schema, Table } from "../schema/ir.ts";
import { readLive } from "./check.ts";
import { openConfiguredReadonly } from "./open-database.ts";
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
  /** Expressions that cannot be written so they print back as the database has them (PostgreSQL). */
  readonly warnings: readonly string[];
}

/**
 * Writes a models file that declares the live database's tables (PormG's importer), choosing for
 * each column the richest field type that round-trips; columns the DSL cannot express use
 * `Models.NativeField`; on PostgreSQL each expression spelled so that the server prints it back
 * exactly as the database has it (`importableExpressions`). Never overwrites a file without `force`, except the untouched boilerplate
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
  const { schema, unstable } = await readImportable(config);
  const generated = generateModels(schema, dialectNamed(schema.dialect));
  const temporary = `${path}.pormg-tmp-${process.pid}`;
  writeFileSync(temporary, generated.source);
  renameSync(temporary, path);
  const warnings = unstable.map(
    (what) =>
      `${what} is written as the database prints it, but PostgreSQL reads that text back as a different expression, so a database built from these models would print it differently; check still compares them as equal. Write it in the models as it was first written (e.g. \`status IN ('a', 'b')\`) to make both identical.`,
  );
  return { path, models: generated.models, rawColumns: generated.rawColumns, warnings };
}

/**
 * The live schema to import: on PostgreSQL with every expression spelled so the server prints it
 * back exactly as the database has it (`importableExpressions`, scratch tables in a rolled-back
 * transaction), and those no spelling reproduces.
 */
async function readImportable(config: Config): Promise<{ schema: Schema; unstable: readonly string[] }> {
  const dialect = dialectNamed(config.dialect);
  const print = dialect.introspector.printTables;
  if (print === undefined || !targetExists(config.target))
    return { schema: (await readLive(config)).schema, unstable: [] };
  const driver = await openConfiguredReadonly(config);
  try {
    const live = await introspect(driver, dialect, config);
    const printer = (tables: readonly Table[]) =>
      print(driver, tables, { schema: config.schema, extensions: config.extensions });
    return await importableExpressions(live.schema, printer, dialect.introspector.expressionCandidates ?? (() => []));
  } finally {
    await driver.close();
  }
}
