import process from "node:process";
import { Command, CommanderError, Option } from "commander";
import { offerPormgModule } from "../src/api/pormg-module.ts";
import { redactText } from "../src/config/redact.ts";
import { ExitCode, PormgError } from "../src/core/errors.ts";
import { VERSION } from "../src/core/version.ts";
import { chooseColors, colors } from "./colors.ts";
import { checkCommand } from "./commands/check.ts";
import { discardCommand } from "./commands/discard.ts";
import { dryRunCommand } from "./commands/dry-run.ts";
import {
  historyCommand,
  initCommand,
  markAppliedCommand,
  markFailedCommand,
  removeCommand,
} from "./commands/history.ts";
import { importModelsCommand } from "./commands/import-models.ts";
import { infoCommand } from "./commands/info.ts";
import { inspectCommand } from "./commands/inspect.ts";
import { makemigrationsCommand } from "./commands/makemigrations.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { schemaCommand } from "./commands/schema.ts";
import { setupCommand } from "./commands/setup.ts";
import { statusCommand } from "./commands/status.ts";
import { tuiCommand } from "./commands/tui.ts";
import { completionCommand } from "./completion/command.ts";
import { type CommandOptions, createContext } from "./context.ts";
import { repeatedFlagError, seconds } from "./flags.ts";
import { type ProgressLine, progressLine } from "./progress.ts";
import { printJsonError, reportError } from "./report-error.ts";
import type { CommandSpec } from "./result.ts";
import { installStrayErrorHandlers } from "./stray-errors.ts";
import { runTargets, TARGET_COMMANDS, targetOptions } from "./targets.ts";

/** Builds one command with the flags every command takes (docs/design.md §8). */
function command(name: string, summary: string) {
  return new Command(name)
    .description(summary)
    .option("--db <folder>", "database folder holding connection.yml and models.ts", "db")
    .option("--env <name>", "environment in connection.yml (default: PORMG_ENV, then default_env, then dev)")
    .option("--url <url>", "connection URL that replaces the environment's target (or PORMG_DATABASE_URL)")
    .option("--json", "print one JSON document on stdout")
    .option("--non-interactive", "never prompt (implied when stdin is not a terminal)")
    .option("--no-color", "no colour in the output (as NO_COLOR=1; colour is used only when stdout is a terminal)")
    .addOption(
      new Option(
        "--lock-timeout <seconds>",
        "lock timeout for every statement pormg sends (PostgreSQL lock_timeout, MySQL lock_wait_timeout; a plan's default 3, pormg's own 5; 0: none)",
      ).argParser(seconds({ zero: true })),
    )
    .addOption(
      new Option(
        "--statement-timeout <seconds>",
        "statement timeout for every statement pormg sends (PostgreSQL statement_timeout, MariaDB max_statement_time; MySQL bounds only SELECTs)",
      ).argParser(seconds()),
    )
    .addOption(new Option("--debug", "print stack traces of unexpected errors").hideHelp())
    .exitOverride()
    .configureOutput(output);
}

/** The commands of the CLI, in the order `--help` lists them. */
const COMMANDS: readonly CommandSpec[] = [
  setupCommand,
  infoCommand,
  makemigrationsCommand,
  dryRunCommand,
  migrateCommand,
  statusCommand,
  discardCommand,
  checkCommand,
  schemaCommand,
  inspectCommand,
  importModelsCommand,
  initCommand,
  historyCommand,
  markAppliedCommand,
  markFailedCommand,
  removeCommand,
  tuiCommand,
];

/**
 * Builds the command tree; `execute` runs a command with its parsed options. With `only` (a
 * command's name), the tree holds that command alone: a run of one command does not build the
 * options of every other one (about 10 ms of a cold start). Help, completion and a mistyped
 * command get the whole tree.
 */
export function buildProgram(
  execute: (spec: CommandSpec, options: CommandOptions, args: readonly string[]) => Promise<void>,
  only?: string,
) {
  const program = new Command("pormg")
    .description("State-based schema migrations for PostgreSQL, SQLite and MySQL/MariaDB.")
    .version(
      VERSION,
      "-V, --version",
      "print the version (with --json: the pormg.version/1 document, with the build target)",
    )
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 failed, 2 changes pending or drift, 3 refused for safety, 4 lock timeout, 64 usage, 78 configuration.",
    )
    .exitOverride()
    .configureOutput(output);
  for (const spec of COMMANDS) {
    if (only !== undefined && spec.name !== only) continue;
    const cmd = command(spec.name, spec.summary);
    for (const option of spec.options?.() ?? []) cmd.addOption(option);
    if (TARGET_COMMANDS.has(spec.name)) for (const option of targetOptions()) cmd.addOption(option);
    if (typeof spec.arguments === "string") cmd.arguments(spec.arguments);
    else for (const argument of spec.arguments?.() ?? []) cmd.addArgument(argument);
    program.addCommand(
      cmd.action((...received: unknown[]) => {
        const self = received.at(-1) as Command;
        return execute(spec, self.opts() as CommandOptions, self.processedArgs as string[]);
      }),
    );
  }
  if (only === undefined)
    program.addCommand(
      completionCommand(() => program)
        .exitOverride()
        .configureOutput(output),
    );
  return program;
}

// Commander's own messages (unknown option, missing argument) are usage errors: exit 64.
const output = {
  outputError: (text: string, write: (s: string) => void) =>
    write(`${colors().red(`error[USAGE]:`)} ${text.replace(/^error: /, "")}`),
};

/** Runs the CLI with `args` (no program name) and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  offerPormgModule();
  chooseColors(args);
  const wantsJson = args.includes("--json");
  let progress: ProgressLine | undefined;
  let exitCode: number = ExitCode.ok;
  let secrets: readonly string[] = [];
  installStrayErrorHandlers((error) => reportError(error, secrets, wantsJson, args.includes("--debug")));
  const parallelGiven = args.some((a) => a === "--parallel" || a.startsWith("--parallel="));
  const first = args[0];
  const only = first !== undefined && COMMANDS.some((c) => c.name === first) ? first : undefined;
  const program = buildProgram(async (spec, options, args) => {
    if (parallelGiven && options.targets === undefined)
      throw new PormgError("USAGE", "--parallel applies only with --targets FILE; add --targets or drop --parallel.", {
        option: "--parallel",
      });
    const shown =
      spec.progress === true &&
      !options.json &&
      options.targets === undefined &&
      process.stdout.isTTY &&
      process.stderr.isTTY;
    const line = progressLine(shown === true, (text) => redactText(text, secrets));
    progress = line;
    const notice = (message: string) => {
      if (!options.json) line.write(`${redactText(message, secrets)}\n`);
    };
    const ctx = createContext(options, args, notice, line.sink);
    secrets = ctx.secrets;
    const result = options.targets !== undefined ? await runTargets(spec, ctx) : await spec.run(ctx);
    await line.stop();
    const pc = colors();
    for (const warning of ctx.warnings) process.stderr.write(`${pc.yellow("warning:")} ${warning}\n`);
    const text = options.json
      ? JSON.stringify({ schema: result.schema, ...result.data, warnings: ctx.warnings }, null, 2)
      : result.human;
    process.stdout.write(`${redactText(text, ctx.secrets)}\n`);
    if (!options.json && result.notes) process.stderr.write(`${redactText(result.notes, ctx.secrets)}\n`);
    if (result.error)
      process.stderr.write(
        `${pc.red(`error[${result.error.code}]:`)} ${redactText(result.error.message, ctx.secrets)}\n`,
      );
    exitCode = result.exitCode ?? ExitCode.ok;
  }, only);
  if (args.length === 0) {
    process.stderr.write(program.helpInformation());
    return ExitCode.usage;
  }
  const repeated = repeatedFlagError(args.slice(0, args.includes("--") ? args.indexOf("--") : undefined));
  if (repeated) return reportError(repeated, [], wantsJson, false);
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    await progress?.stop();
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return ExitCode.ok;
      if (wantsJson) printJsonError("USAGE", error.message.replace(/^error: /, ""), ExitCode.usage, {});
      return ExitCode.usage;
    }
    return reportError(error, secrets, wantsJson, args.includes("--debug"));
  }
}
