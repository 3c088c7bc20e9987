import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import process from "node:process";
import type { Config } from "../../src/config/config.ts";
import { connect, targetExists } from "../../src/driver/connect.ts";
import type { Driver } from "../../src/driver/driver.ts";
import { ExitCode } from "../../src/errors.ts";
import { HISTORY_TABLES, historyTablesExist } from "../../src/history/history-tables.ts";
import { importModule } from "../../src/load-module.ts";
import type { Context } from "../context.ts";
import { providePormg } from "../provide-pormg.ts";
import { type CommandResult, fields } from "../result.ts";

const ADAPTER_NAMES = { postgresql: "PostgreSQL", sqlite: "SQLite" } as const;

/**
 * `pormg info`: resolves the configuration, connects, and reports the adapter, environment,
 * target (redacted), server version, whether the history tables exist, and whether the models
 * file loads. A SQLite file that does not exist yet is reported, not created.
 */
export async function info(ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const exists = targetExists(config.target);
  const driver: Driver = await connect(exists ? config : { dialect: "sqlite", path: ":memory:" });
  let history: Record<string, boolean>;
  try {
    history = exists
      ? await historyTablesExist(driver, config.schema)
      : Object.fromEntries(HISTORY_TABLES.map((t) => [t, false]));
  } finally {
    await driver.close();
  }
  const models = await modelsReport(config);
  const data = {
    adapter: config.dialect,
    environment: config.env,
    target: config.display,
    source: config.source,
    serverVersion: driver.serverVersion,
    databaseExists: exists,
    ...(config.dialect === "postgresql" && { pgSchema: config.schema }),
    historyTables: history,
    models,
  };
  const historyText = HISTORY_TABLES.map((t) => `${t} ${history[t] ? "present" : "missing"}`).join(", ");
  const human = fields([
    ["adapter", ADAPTER_NAMES[config.dialect]],
    ["environment", config.env],
    ["target", `${config.display}${config.source === "connection.yml" ? "" : ` (from ${config.source})`}`],
    ["server", `${ADAPTER_NAMES[config.dialect]} ${driver.serverVersion}`],
    ...(exists ? [] : ([["database", "file does not exist yet; migrate creates it"]] as const)),
    ...(config.dialect === "postgresql" ? ([["schema", config.schema]] as const) : []),
    ["history", historyText],
    ["models", describeModels(models)],
  ]);
  // A models file that exists but does not load is a configuration error: report everything, exit 78.
  return { schema: "pormg.info/1", data, human, ...(models.loads === false && { exitCode: ExitCode.config }) };
}

interface ModelsReport {
  readonly file: string;
  readonly exists: boolean;
  readonly loads?: boolean;
  readonly exports?: readonly string[];
  readonly error?: string;
}

async function modelsReport(config: Config): Promise<ModelsReport> {
  const file = join(config.folder, config.settings.modelFile);
  const shown = relative(process.cwd(), file) || file;
  if (!existsSync(file)) return { file: shown, exists: false };
  try {
    await providePormg();
    const exports = await importModule(file, shown);
    return { file: shown, exists: true, loads: true, exports: Object.keys(exports).sort() };
  } catch (error) {
    return { file: shown, exists: true, loads: false, error: (error as Error).message };
  }
}

function describeModels(models: ModelsReport): string {
  if (!models.exists) return `${models.file} (not found)`;
  if (!models.loads) return `${models.file} does not load: ${models.error}`;
  return `${models.file} (loads; exports: ${models.exports?.length ? models.exports.join(", ") : "none"})`;
}
