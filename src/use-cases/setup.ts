/**
 * `pormg setup` (and the library's `scaffold`): creates whichever of the folder's files are
 * missing — `connection.yml`, the models file it names, `.gitignore` — and never overwrites one.
 * An existing `.gitignore` is kept, with the lines pormg needs appended when it lacks them.
 */
import { isAbsolute, join, relative, sep } from "node:path";
import { CONNECTION_FILE, DEFAULT_SETTINGS } from "../config/config.ts";
import {
  CONNECTION_TEMPLATE,
  DEV_DATABASE,
  ensureGitignore,
  gitignoreLines,
  MODELS_TEMPLATE,
  type ScaffoldOutcome,
  writeIfMissing,
} from "../config/scaffold.ts";
import { isPormgError } from "../core/errors.ts";
import { loadConfig } from "../dialect/load-config.ts";

/** What `scaffold` did: the absolute paths it created, kept as they were, and appended to. */
export interface ScaffoldResult {
  readonly folder: string;
  /** Every file setup looked at, in order (connection.yml, the models file, .gitignore), with what it did. */
  readonly files: readonly { readonly path: string; readonly outcome: ScaffoldOutcome }[];
  /** The models file (absolute), the one `connection.yml` names. */
  readonly modelFile: string;
  readonly created: readonly string[];
  readonly kept: readonly string[];
  readonly updated: readonly string[];
  /** The lines appended to an existing `.gitignore`. */
  readonly gitignoreAdded: readonly string[];
  /** Why the models file and `.gitignore` follow the defaults although `connection.yml` was kept. */
  readonly warnings: readonly string[];
}

/** What the folder's `connection.yml` says (its chosen environment): the models file and a local SQLite file. */
function readSettings(folder: string, env: string | undefined): { modelFile: string; databases: string[] } {
  const config = loadConfig({ folder, ...(env !== undefined && { env }) });
  const path = (config.target as { path?: unknown }).path;
  const inside = typeof path === "string" && isAbsolute(path) ? relative(folder, path) : undefined;
  const local = inside !== undefined && inside !== "" && !inside.startsWith("..") && !isAbsolute(inside);
  return { modelFile: config.settings.modelFile, databases: local ? [inside.split(sep).join("/")] : [] };
}

/**
 * Creates `folder` (if needed) and each of `connection.yml`, the models file and `.gitignore`
 * that is missing; existing files are kept as they are (a `.gitignore` gets the lines it lacks).
 * With a kept `connection.yml`, its environment (`env`, else its default) names the models file
 * and the SQLite file `.gitignore` lists; one that does not load leaves the defaults and a warning.
 */
export function scaffold(folder: string, options: { env?: string } = {}): ScaffoldResult {
  const outcomes: [string, ScaffoldOutcome][] = [];
  const warnings: string[] = [];
  const connection = join(folder, CONNECTION_FILE);
  const connectionOutcome = writeIfMissing(connection, CONNECTION_TEMPLATE);
  outcomes.push([connection, connectionOutcome]);
  let settings = { modelFile: DEFAULT_SETTINGS.modelFile, databases: [DEV_DATABASE] };
  if (connectionOutcome === "kept")
    try {
      settings = readSettings(folder, options.env);
    } catch (error) {
      if (!isPormgError(error)) throw error;
      warnings.push(
        `${(error as Error).message}; setup kept ${CONNECTION_FILE} and used the default names (models.ts, ${DEV_DATABASE})`,
      );
    }
  const models = join(folder, settings.modelFile);
  outcomes.push([models, writeIfMissing(models, MODELS_TEMPLATE)]);
  const gitignore = ensureGitignore(folder, gitignoreLines(settings.databases));
  outcomes.push([join(folder, ".gitignore"), gitignore.outcome]);
  const having = (outcome: ScaffoldOutcome) => outcomes.filter(([, o]) => o === outcome).map(([path]) => path);
  return {
    folder,
    files: outcomes.map(([path, outcome]) => ({ path, outcome })),
    modelFile: models,
    created: having("created"),
    kept: having("kept"),
    updated: having("updated"),
    gitignoreAdded: gitignore.added,
    warnings,
  };
}
