import { ExitCode } from "../../src/core/errors.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { productLabel } from "../../src/dialect/product-label.ts";
import { HISTORY_TABLES } from "../../src/history/history-tables.ts";
import { type ModelsReport, info as readInfo } from "../../src/use-cases/info.ts";
import type { Context } from "../context.ts";
import { type CommandResult, type CommandSpec, fields } from "../result.ts";

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
  const dialect = dialectNamed(config.dialect);
  const { serverVersion, databaseExists: exists, historyTables: history, models } = await readInfo(config);
  const data = {
    adapter: config.dialect,
    environment: config.env,
    target: config.display,
    source: config.source,
    serverVersion,
    databaseExists: exists,
    ...(dialect.capabilities.schemas && { pgSchema: config.schema }),
    historyTables: history,
    models,
  };
  const historyText = HISTORY_TABLES.map((t) => `${t} ${history[t] ? "present" : "missing"}`).join(", ");
  const human = fields([
    ["adapter", productLabel(config)],
    ["environment", config.env],
    ["target", `${config.display}${config.source === "connection.yml" ? "" : ` (from ${config.source})`}`],
    ["server", `${productLabel(config, serverVersion)} ${serverVersion}`],
    ...(exists ? [] : ([["database", "file does not exist yet; migrate creates it"]] as const)),
    ...(dialect.capabilities.schemas ? ([["schema", config.schema]] as const) : []),
    ["history", historyText],
    ["models", describeModels(models)],
  ]);
  // A models file that exists but does not load is a configuration error: report everything, exit 78.
  return { schema: "pormg.info/1", data, human, ...(models.loads === false && { exitCode: ExitCode.config }) };
}

function describeModels(models: ModelsReport): string {
  if (!models.exists) return `${models.file} (not found)`;
  if (!models.loads) return `${models.file} does not load: ${models.error}`;
  const count = models.tables?.length ?? 0;
  return `${models.file} (loads; ${count} table${count === 1 ? "" : "s"}${count ? `: ${models.tables?.join(", ")}` : ""})`;
}
