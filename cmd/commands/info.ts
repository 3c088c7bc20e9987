import { existsSync } from "node:fs";
import { providePormgModule } from "../../src/api/pormg-module.ts";
import type { Config } from "../../src/config/config.ts";
import type { Driver } from "../../src/core/driver.ts";
import { ExitCode } from "../../src/core/errors.ts";
import { connect, targetExists } from "../../src/dialect/connect.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { HISTORY_TABLES, historyTablesExist } from "../../src/history/history-tables.ts";
import { modelsFile, readModels } from "../../src/use-cases/read-models.ts";
import type { Context } from "../context.ts";
import { type CommandResult, type CommandSpec, fields } from "../result.ts";

const ADAPTER_NAMES = { postgresql: "PostgreSQL", sqlite: "SQLite" } as const;

/**
 * `pormg info`: resolves the configuration, connects, and reports the adapter, environment,
 * target (redacted), server version, whether the history tables exist, and whether the models
 * file loads. A SQLite file that does not exist yet is reported, not created.
 */
export const infoCommand: CommandSpec = {
  name: "info",
  summary: "show the resolved configuration, server version, history tables and whether the models load",
  run: info,
};

async function info(ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  const exists = targetExists(config.target);
  const driver: Driver = await connect(exists ? config : { dialect: "sqlite", path: ":memory:" });
  let history: Record<string, boolean>;
  try {
    history = exists
      ? await historyTablesExist(driver, dialectNamed(driver.dialect), config.schema)
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
  /** The managed tables the models declare, by name. */
  readonly tables?: readonly string[];
  readonly error?: string;
}

async function modelsReport(config: Config): Promise<ModelsReport> {
  const { file, shown } = modelsFile(config);
  if (!existsSync(file)) return { file: shown, exists: false };
  try {
    await providePormgModule();
    const { schema } = await readModels(config);
    return { file: shown, exists: true, loads: true, tables: schema.tables.map((t) => t.name) };
  } catch (error) {
    return { file: shown, exists: true, loads: false, error: (error as Error).message };
  }
}

function describeModels(models: ModelsReport): string {
  if (!models.exists) return `${models.file} (not found)`;
  if (!models.loads) return `${models.file} does not load: ${models.error}`;
  const count = models.tables?.length ?? 0;
  return `${models.file} (loads; ${count} table${count === 1 ? "" : "s"}${count ? `: ${models.tables?.join(", ")}` : ""})`;
}
