import { existsSync } from "node:fs";
import type { Config } from "../config/config.ts";
import { connect } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { HISTORY_TABLES, historyTablesExist } from "../history/history-tables.ts";
import { modelsFile, readModels } from "./read-models.ts";

/** ModelsReport says whether the folder's models file exists and loads, and the tables it declares. */
export interface ModelsReport {
  readonly file: string;
  readonly exists: boolean;
  readonly loads?: boolean;
  /** The managed tables the models declare, by name. */
  readonly tables?: readonly string[];
  readonly error?: string;
}

/** InfoResult is what `pormg info` reports beyond the Config: the server, the history tables, the models. */
export interface InfoResult {
  /** The server's version (SQLite: the client library's). */
  readonly serverVersion: string;
  /** Whether the database exists (a SQLite file that does not exist yet is reported, not created). */
  readonly databaseExists: boolean;
  /** Each history table, and whether it exists. */
  readonly historyTables: Readonly<Record<string, boolean>>;
  readonly models: ModelsReport;
}

/**
 * Connects to the configured database (or, while it does not exist yet, to the dialect's
 * in-memory stand-in, so nothing is created) and reports its version and history tables, and
 * whether the models file loads. Read-only.
 */
export async function info(config: Config): Promise<InfoResult> {
  const part = dialectNamed(config.dialect).target;
  const exists = part.exists(config.target);
  const driver = await connect(exists ? config : (part.inMemory ?? config));
  let historyTables: Record<string, boolean>;
  try {
    historyTables = exists
      ? await historyTablesExist(driver, dialectNamed(driver.dialect), config.schema)
      : Object.fromEntries(HISTORY_TABLES.map((t) => [t, false]));
  } finally {
    await driver.close();
  }
  return {
    serverVersion: driver.serverVersion,
    databaseExists: exists,
    historyTables,
    models: await modelsReport(config),
  };
}

async function modelsReport(config: Config): Promise<ModelsReport> {
  const { file, shown } = modelsFile(config);
  if (!existsSync(file)) return { file: shown, exists: false };
  try {
    const { schema } = await readModels(config);
    return { file: shown, exists: true, loads: true, tables: schema.tables.map((t) => t.name) };
  } catch (error) {
    return { file: shown, exists: true, loads: false, error: (error as Error).message };
  }
}
