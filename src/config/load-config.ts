import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import process from "node:process";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Scalar } from "yaml";
import { didYouMeanHint } from "../core/did-you-mean.ts";
import { PormgError } from "../core/errors.ts";
import {
  CONNECTION_FILE,
  type Config,
  DEFAULT_SETTINGS,
  type Settings,
  type Target,
  type TargetSource,
} from "./config.ts";
import type { Environ } from "./interpolate.ts";
import { ENVIRONMENT_KEYS, INERT_KEYS, KEY_ALIASES, SETTINGS_KEYS, TOP_LEVEL_KEYS } from "./keys.ts";
import { redactText } from "./redact.ts";
import { targetFromBlock } from "./target-block.ts";
import { type ConfigDialect, dialectOfTarget } from "./target-part.ts";
import { targetFromUrl } from "./target-url.ts";
import { MAX_LOCK_RETRIES, MAX_TIMEOUT_SECONDS, type Timeouts } from "./timeouts.ts";
import { Block } from "./yaml-block.ts";

/** LoadConfigOptions select the folder, the environment and an optional target override. */
export interface LoadConfigOptions {
  /** The database folder. Default is `db`. */
  readonly folder?: string;
  /** The environment; otherwise `PORMG_ENV`, then `default_env:`, then `dev`. */
  readonly env?: string;
  /** A connection URL that replaces the environment's target (the `--url` flag). */
  readonly url?: string;
  /** Environment variables for `${VAR}`, `PORMG_ENV`, `PORMG_DATABASE_URL` and `DATABASE_URL`. Default is `process.env`. */
  readonly environ?: Environ;
  /** The directory relative paths on the command line resolve against. Default is the working directory. */
  readonly cwd?: string;
  /** Timeouts from the command line; they win over the environment's `config:`. */
  readonly timeouts?: Timeouts;
}

/**
 * Loads `<folder>/connection.yml` and resolves one environment into a {@link Config}. Throws a
 * PormgError (`CONFIG_MISSING` or `CONFIG_INVALID`, exit 78) naming the file, the line, the key and
 * the fix. With a URL override (`url` option or `PORMG_DATABASE_URL`) the folder and file are
 * optional: the URL is the target and the file, when present, still gives the settings. A folder
 * without the file also takes its target from `DATABASE_URL` (after `PORMG_DATABASE_URL`); a URL
 * alone means default settings with `change_db: true`. `dialects` are the dialects an `adapter:`
 * or a URL scheme may choose (the registered ones: `loadConfig` in `src/dialect/load-config.ts`).
 */
export function loadConfigWith(dialects: readonly ConfigDialect[], options: LoadConfigOptions = {}): Config {
  const environ = options.environ ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const folderArg = options.folder ?? "db";
  const folder = resolve(cwd, folderArg);
  const file = join(folder, CONNECTION_FILE);
  const shownFile = show(file, cwd);
  const override = urlOverride(options, environ, cwd, dialects);
  // Without connection.yml (a container that ships only the models and the archive) the platform's
  // DATABASE_URL names the target; where the file exists it is read only through `${DATABASE_URL}`.
  const fileless = () => override ?? platformUrl(environ, cwd, dialects);

  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    const only = fileless();
    if (only)
      return fromOverrideOnly(dialects, folder, options.env ?? environ.PORMG_ENV ?? "dev", only, options.timeouts);
    throw new PormgError(
      "CONFIG_MISSING",
      `database folder "${show(folder, cwd)}" does not exist. Run \`pormg setup --db ${folderArg}\` to create it, ` +
        "or pass --db with the folder that holds connection.yml (or --url to name a database directly).",
      { folder },
    );
  }
  if (!existsSync(file)) {
    const only = fileless();
    if (only)
      return fromOverrideOnly(dialects, folder, options.env ?? environ.PORMG_ENV ?? "dev", only, options.timeouts);
    throw new PormgError(
      "CONFIG_MISSING",
      `${shownFile} does not exist. Run \`pormg setup --db ${folderArg}\` to create it (existing files are kept), ` +
        "or name a database directly with --url, PORMG_DATABASE_URL or DATABASE_URL.",
      { file },
    );
  }

  const lines = new LineCounter();
  // The yaml package's own duplicate-key check compares every key with every other (quadratic in a
  // large file); `duplicateKey` does the same check in one pass.
  const document = parseDocument(readConfigFile(file, shownFile), {
    lineCounter: lines,
    uniqueKeys: false,
    merge: true,
  });
  const [yamlError] = document.errors;
  if (yamlError) {
    const pos = yamlError.linePos?.[0];
    const firstLine = (yamlError.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "");
    throw new PormgError(
      "CONFIG_INVALID",
      `${shownFile}${pos ? `:${pos.line}:${pos.col}` : ""}: malformed YAML: ${firstLine}. ` +
        'Fix the syntax: "key: value" pairs, nested blocks indented with spaces (no tabs).',
      { file, ...(pos && { line: pos.line, column: pos.col }) },
    );
  }
  const duplicate = duplicateKey(document.contents);
  if (duplicate) {
    const pos = duplicate.range ? lines.linePos(duplicate.range[0]) : undefined;
    throw new PormgError(
      "CONFIG_INVALID",
      `${shownFile}${pos ? `:${pos.line}:${pos.col}` : ""}: malformed YAML: the key "${String(duplicate.value)}" appears twice in one mapping. ` +
        "Keep one of them.",
      { file, ...(pos && { line: pos.line, column: pos.col }) },
    );
  }
  if (!isMap(document.contents))
    throw new PormgError(
      "CONFIG_INVALID",
      `${shownFile}: must be a mapping of environments (dev:, test:, prod: …), but it is ${document.contents ? "not" : "empty"}. ` +
        `Run \`pormg setup\` in an empty folder to see an example.`,
      { file },
    );

  const where = { file: shownFile, lines, doc: document };
  const root = new Block("", document.contents, where, environ);
  const warnings: string[] = [];
  const environments = root.entries.filter((e) => isMap(e.value)).map((e) => e.key);
  const isEnvironment = new Set(environments);
  for (const entry of root.entries) {
    if (isEnvironment.has(entry.key) || (TOP_LEVEL_KEYS as readonly string[]).includes(entry.key)) continue;
    if (entry.key === "env")
      warnings.push(`${root.at("env")}: ignored (old spelling); use "default_env:" to choose the default environment`);
    else
      warnings.push(
        `${root.at(entry.key)}: unknown top-level key, ignored${didYouMeanHint(entry.key, TOP_LEVEL_KEYS)}; ` +
          "top-level keys are default_env and one mapping per environment",
      );
  }

  const [envName, chosenBy] =
    options.env !== undefined
      ? [options.env, "--env"]
      : environ.PORMG_ENV
        ? [environ.PORMG_ENV, "PORMG_ENV"]
        : root.entry("default_env")
          ? [root.string("default_env") ?? "dev", "default_env"]
          : ["dev", "the default"];
  const envBlock = isEnvironment.has(envName) ? root.child(envName) : undefined;
  if (!envBlock) {
    const listed = environments.length > 0 ? environments.join(", ") : "none";
    throw new PormgError(
      "CONFIG_INVALID",
      `${shownFile}: environment "${envName}" (chosen by ${chosenBy}) is not defined${didYouMeanHint(envName, environments)}. ` +
        `Defined environments: ${listed}. Choose one with --env or PORMG_ENV, or add a "${envName}:" block.`,
      { file, env: envName, environments },
    );
  }

  checkKeys(envBlock, warnings);
  const settingsBlock = envBlock.child("config");
  if (settingsBlock) checkSettingsKeys(settingsBlock, warnings);

  const target = override?.target ?? targetFromBlock(envBlock, folder, dialects);
  const dialect = dialectOfTarget(dialects, target);
  if (!override) {
    for (const key of dialect.target.ignoredKeys) {
      if (envBlock.entry(key)) warnings.push(`${envBlock.at(key)}: ignored on ${dialect.label}`);
    }
  }
  const secrets = dialect.target.secrets(target);
  const schema = dialect.target.schema(envBlock);
  return {
    folder,
    file,
    env: envName,
    dialect: target.dialect,
    target,
    source: override?.source ?? "connection.yml",
    display: dialect.target.describe(target),
    schema,
    settings: withTimeouts(readSettings(settingsBlock), options.timeouts),
    ignoreTables: envBlock.stringList("ignore_tables") ?? [],
    extensions: dialect.target.extensions(envBlock),
    secrets,
    warnings: warnings.map((w) => redactText(w, secrets)),
  };
}

function urlOverride(
  options: LoadConfigOptions,
  environ: Environ,
  cwd: string,
  dialects: readonly ConfigDialect[],
): { target: Target; source: TargetSource } | undefined {
  const [url, source]: [string | undefined, TargetSource] =
    options.url !== undefined
      ? [options.url, "--url"]
      : [environ.PORMG_DATABASE_URL || undefined, "PORMG_DATABASE_URL"];
  if (url === undefined) return undefined;
  return parsedOverride(url, source, cwd, dialects);
}

/** `DATABASE_URL`, the variable platforms set, as the target of a folder without `connection.yml`. */
function platformUrl(
  environ: Environ,
  cwd: string,
  dialects: readonly ConfigDialect[],
): { target: Target; source: TargetSource } | undefined {
  const url = environ.DATABASE_URL || undefined;
  return url === undefined ? undefined : parsedOverride(url, "DATABASE_URL", cwd, dialects);
}

function parsedOverride(
  url: string,
  source: TargetSource,
  cwd: string,
  dialects: readonly ConfigDialect[],
): { target: Target; source: TargetSource } {
  const parsed = targetFromUrl(url, cwd, dialects);
  if ("problem" in parsed)
    throw new PormgError(source === "--url" ? "USAGE" : "CONFIG_INVALID", `${source}: ${parsed.problem}`, { source });
  return { target: parsed.target, source };
}

function fromOverrideOnly(
  dialects: readonly ConfigDialect[],
  folder: string,
  env: string,
  override: { target: Target; source: TargetSource },
  timeouts?: Timeouts,
): Config {
  const dialect = dialectOfTarget(dialects, override.target);
  const secrets = dialect.target.secrets(override.target);
  return {
    folder,
    env,
    dialect: override.target.dialect,
    target: override.target,
    source: override.source,
    display: dialect.target.describe(override.target),
    schema: dialect.target.schema(undefined),
    // Naming a database with no connection.yml is the consent to change it: a container's folder
    // holds only the models and the archive, and `migrate` there must apply them.
    settings: withTimeouts(URL_ONLY_SETTINGS, timeouts),
    ignoreTables: [],
    extensions: [],
    secrets,
    warnings: [],
  };
}

/** The settings of a target named by a URL alone (no `connection.yml`): defaults, but `change_db: true`. */
const URL_ONLY_SETTINGS: Settings = { ...DEFAULT_SETTINGS, changeDb: true };

function checkKeys(block: Block, warnings: string[]): void {
  const known = [...ENVIRONMENT_KEYS, ...INERT_KEYS] as readonly string[];
  for (const { key } of block.entries) {
    if (known.includes(key)) {
      if ((INERT_KEYS as readonly string[]).includes(key))
        warnings.push(`${block.at(key)}: accepted for PormG compatibility but has no effect in pormg`);
      continue;
    }
    const alias = KEY_ALIASES[key];
    if (alias) warnings.push(`${block.at(key)}: unknown key, ignored; write "${alias}:" instead`);
    else if ((SETTINGS_KEYS as readonly string[]).includes(key))
      warnings.push(`${block.at(key)}: misplaced, ignored; "${key}" belongs under "config:"`);
    else warnings.push(`${block.at(key)}: unknown key, ignored${didYouMeanHint(key, ENVIRONMENT_KEYS)}`);
  }
}

function checkSettingsKeys(block: Block, warnings: string[]): void {
  for (const { key } of block.entries) {
    if ((SETTINGS_KEYS as readonly string[]).includes(key)) continue;
    if ((ENVIRONMENT_KEYS as readonly string[]).includes(key))
      warnings.push(
        `${block.at(key)}: misplaced, ignored; "${key}" belongs directly under the environment, not "config:"`,
      );
    else warnings.push(`${block.at(key)}: unknown key, ignored${didYouMeanHint(key, SETTINGS_KEYS)}`);
  }
}

function readSettings(block: Block | undefined): Settings {
  if (!block) return DEFAULT_SETTINGS;
  const timeZone = block.string("time_zone");
  const djangoPrefix = block.string("django_prefix");
  return {
    changeDb: block.boolean("change_db") ?? DEFAULT_SETTINGS.changeDb,
    changeData: block.boolean("change_data") ?? DEFAULT_SETTINGS.changeData,
    modelFile: block.string("model_file") ?? DEFAULT_SETTINGS.modelFile,
    ...(timeZone !== undefined && { timeZone }),
    ...(djangoPrefix !== undefined && { djangoPrefix }),
    ...optional("lockTimeoutSeconds", block.seconds("lock_timeout", MAX_TIMEOUT_SECONDS, true)),
    ...optional("lockRetries", block.integer("lock_retries", 0, MAX_LOCK_RETRIES)),
    ...optional("statementTimeoutSeconds", block.seconds("statement_timeout", MAX_TIMEOUT_SECONDS)),
    ...optional("online", block.boolean("online")),
  };
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };

/** The settings with the command line's timeouts put over the file's. */
function withTimeouts(settings: Settings, timeouts: Timeouts | undefined): Settings {
  return {
    ...settings,
    ...optional("lockTimeoutSeconds", timeouts?.lockTimeoutSeconds),
    ...optional("lockRetries", timeouts?.lockRetries),
    ...optional("statementTimeoutSeconds", timeouts?.statementTimeoutSeconds),
  };
}

/** The first key that repeats within one mapping anywhere in `node`, in one pass over the document. */
function duplicateKey(node: unknown): Scalar | undefined {
  const pending: unknown[] = [node];
  while (pending.length > 0) {
    const current = pending.pop();
    if (isMap(current)) {
      const seen = new Set<unknown>();
      for (const pair of current.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key) && isScalar(pair.key)) return pair.key;
        seen.add(key);
        pending.push(pair.value);
      }
    } else if (isSeq(current)) pending.push(...current.items);
  }
  return undefined;
}

/** The text of `connection.yml`, or CONFIG_INVALID when it is not a readable file. */
function readConfigFile(file: string, shown: string): string {
  try {
    if (!statSync(file).isFile())
      throw new PormgError("CONFIG_INVALID", `${shown} is not a file (it is a directory); it must be a YAML file.`, {
        file,
      });
    return readFileSync(file, "utf8");
  } catch (error) {
    if (error instanceof PormgError) throw error;
    const code = (error as { code?: string }).code;
    throw new PormgError(
      "CONFIG_INVALID",
      `${shown} cannot be read (${code === "EACCES" ? "permission denied" : (error as Error).message}); make it readable by this user.`,
      { file },
    );
  }
}

function show(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel !== "" && !rel.startsWith("..") ? rel : path;
}
