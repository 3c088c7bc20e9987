import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { InvalidArgumentError, Option } from "commander";
import { ENVIRONMENT_ADVICE, environmentErrorCode } from "../src/apply/environment-errors.ts";
import { CONNECTION_FILE } from "../src/config/config.ts";
import { rawUserInfo, redactText, secretForms } from "../src/config/redact.ts";
import { ExitCode, exitCodeFor, isPormgError, PormgError } from "../src/core/errors.ts";
import { runPool } from "../src/deploy/run-pool.ts";
import { parseTargets, type TargetLine } from "../src/deploy/targets-file.ts";
import { dialects } from "../src/dialect/dialect.ts";
import { pendingPaths } from "../src/plan-file/pending.ts";
import { type CommandOptions, type Context, createContext } from "./context.ts";
import { readFlagFile } from "./flags.ts";
import type { CommandResult, CommandSpec } from "./result.ts";
import { finishedLine, summaryTable, type TargetReport, targetFacts } from "./targets-report.ts";

/** The commands that take `--targets`. */
export const TARGET_COMMANDS: ReadonlySet<string> = new Set(["migrate", "status", "check"]);

/** The most targets `--parallel` lets run at once. */
const MAX_PARALLEL = 64;

/** The `--targets` and `--parallel` options of the commands in {@link TARGET_COMMANDS}. */
export function targetOptions(): Option[] {
  return [
    new Option("--targets <file>", "run on every database the file lists (one URL or environment name per line)"),
    new Option("--parallel <n>", `with --targets: how many databases at once (1-${MAX_PARALLEL})`)
      .argParser((text: string) => {
        const n = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
        if (!(Number.isInteger(n) && n >= 1 && n <= MAX_PARALLEL))
          throw new InvalidArgumentError(`expected a whole number from 1 to ${MAX_PARALLEL}.`);
        return n;
      })
      .default(4),
  ];
}

/**
 * Runs `spec` — the ordinary command, in this process — once per target of `--targets FILE`, at
 * most `--parallel` at once, each with its own context, configuration and connection (so its own
 * lock). A target's failure is its result and never stops the others. Each target's notices,
 * warnings and error are kept together and printed (stderr) in one piece as it finishes, so lines
 * of targets running side by side never interleave; the result is the summary table, or with
 * `--json` `pormg.<command>-targets/1`. The exit code is the highest of the targets' (for
 * `migrate`, an outcome other than applied, already_applied or nothing_pending counts as 3).
 */
export async function runTargets(spec: CommandSpec, outer: Context): Promise<CommandResult> {
  const o = outer.options;
  if (o.url !== undefined)
    throw new PormgError("USAGE", "--url and --targets exclude each other; list the URL in the targets file instead.", {
      option: "--url",
    });
  if (o.plan === true)
    throw new PormgError(
      "USAGE",
      "--plan and --targets exclude each other: each database would write its own plan into the archive. " +
        "Plan once (`pormg makemigrations` against staging), review it, and migrate the targets from the archive.",
      { option: "--plan" },
    );
  const file = String(o.targets);
  const targets = parseTargets(readFlagFile("--targets", file), file, process.env, process.cwd());
  // The passwords of the listed URLs are secrets from the start, whatever happens to their targets.
  for (const t of targets)
    if (t.kind === "url") outer.secrets.push(...secretForms(rawUserInfo(t.value)?.password ?? ""));
  const folder = resolve(o.db);
  const named = targets.find((t) => t.kind === "env");
  if (named && process.env.PORMG_DATABASE_URL)
    throw new PormgError(
      "CONFIG_INVALID",
      `${file}:${named.line}: names the environment "${named.value}", but PORMG_DATABASE_URL is set and would replace ` +
        "the target of every environment; unset it, or list URLs only.",
      { file, line: named.line },
    );
  if (named && !existsSync(join(folder, CONNECTION_FILE)))
    throw new PormgError(
      "CONFIG_INVALID",
      `${file}:${named.line}: names the environment "${named.value}", but ${o.db}/${CONNECTION_FILE} does not exist; ` +
        "list connection URLs instead, or add the environments to connection.yml.",
      { file, line: named.line },
    );
  const parallel = o.parallel as number;
  const pending = pendingPaths(folder).pending;
  // migrate: until the pending plan is archived (by the first target that applies it), targets run
  // one at a time, so no two apply it from the plan file; then the rest apply it from the archive.
  const oneAtATime = spec.name === "migrate" ? () => existsSync(pending) : undefined;
  const started = performance.now();
  let finished = 0;
  const reports = await runPool(
    targets.map((target) => () => runOne(spec, o, target)),
    {
      limit: parallel,
      ...(oneAtATime && { oneAtATime }),
      onDone: (_, report) => {
        const r = report as TargetReport;
        outer.secrets.push(...r.secrets);
        finished++;
        if (!o.json) process.stderr.write(`${redactText(finishedLine(r, finished, targets.length), r.secrets)}\n`);
      },
    },
  );
  const exitCode = Math.max(ExitCode.ok, ...reports.map((r) => r.exitCode));
  const durationMs = Math.round(performance.now() - started);
  const outcomes: Record<string, number> = {};
  for (const r of reports) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
  return {
    schema: `pormg.${spec.name}-targets/1`,
    data: {
      targets: reports.map((r) => r.json),
      summary: { total: reports.length, outcomes, parallel, durationMs, exitCode },
    },
    human: summaryTable(spec.name, reports, durationMs, parallel),
    exitCode,
  };
}

/** Runs the ordinary command on one target and reports it; never throws. */
async function runOne(spec: CommandSpec, outer: CommandOptions, target: TargetLine): Promise<TargetReport> {
  const notes: string[] = [];
  const options: CommandOptions = {
    ...outer,
    nonInteractive: true,
    targets: undefined,
    parallel: undefined,
    ...(target.kind === "url" ? { url: target.value } : { env: target.value }),
  };
  const ctx = createContext(options, [], (message) => notes.push(message));
  const started = performance.now();
  let result: CommandResult;
  try {
    result = await spec.run(ctx);
  } catch (error) {
    result = thrown(error, spec.name);
  }
  const durationMs = Math.round(performance.now() - started);
  return targetFacts(spec.name, target, result, { durationMs, notes, warnings: ctx.warnings, secrets: ctx.secrets });
}

/** A command that threw: its error as a result, as `main` would have reported it. */
function thrown(error: unknown, command: string): CommandResult {
  const schema = `pormg.${command}/1`;
  if (isPormgError(error)) {
    return {
      schema,
      data: { error: { code: error.code, message: error.message, details: error.details } },
      human: "",
      error,
      exitCode: error.exitCode,
    };
  }
  const raw = error instanceof Error ? error.message : String(error);
  const code = environmentErrorCode(error, dialects()) ?? "INTERNAL";
  const message = code === "INTERNAL" ? `${raw} (a bug in pormg)` : `${raw}. ${ENVIRONMENT_ADVICE[code]}`;
  return {
    schema,
    data: { error: { code, message } },
    human: "",
    error: { code, message },
    exitCode: exitCodeFor(code),
  };
}
