import process from "node:process";
import { Command, CommanderError, Option } from "@commander-js/extra-typings";
import pc from "picocolors";
import { redactText } from "../src/config/redact.ts";
import { ExitCode, isPormgError, type PormgError } from "../src/errors.ts";
import { VERSION } from "../src/version.ts";
import { info } from "./commands/info.ts";
import { setup } from "./commands/setup.ts";
import { type Context, createContext, type GlobalOptions } from "./context.ts";
import type { CommandResult } from "./result.ts";

type Run = (ctx: Context) => CommandResult | Promise<CommandResult>;

/** Builds one command with the flags every command takes (design §8). */
function command(name: string, summary: string) {
  return new Command(name)
    .description(summary)
    .option("--db <folder>", "database folder holding connection.yml and models.ts", "db")
    .option("--env <name>", "environment in connection.yml (default: PORMG_ENV, then default_env, then dev)")
    .option("--url <url>", "connection URL that replaces the environment's target (or PORMG_DATABASE_URL)")
    .option("--json", "print one JSON document on stdout")
    .option("--non-interactive", "never prompt (implied when stdin is not a terminal)")
    .addOption(new Option("--debug", "print stack traces of unexpected errors").hideHelp())
    .exitOverride()
    .configureOutput(output);
}

/** The commands of the CLI: name, one-line summary, and what runs it. */
const COMMANDS: readonly (readonly [string, string, Run])[] = [
  ["setup", "scaffold the database folder: connection.yml (SQLite dev) and models.ts; never overwrites", setup],
  ["info", "show the resolved configuration, server version and whether history tables exist", info],
];

/** Builds the command tree; `execute` runs a command with its global options. */
export function buildProgram(execute: (run: Run, options: GlobalOptions) => Promise<void>) {
  const program = new Command("pormg")
    .description("State-based schema migrations for PostgreSQL and SQLite.")
    .version(VERSION, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    .addHelpText(
      "after",
      "\nExit codes: 0 done, 1 failed, 2 changes pending or drift, 3 refused for safety, 4 lock timeout, 64 usage, 78 configuration.",
    )
    .exitOverride()
    .configureOutput(output);
  for (const [name, summary, run] of COMMANDS) {
    program.addCommand(command(name, summary).action((options) => execute(run, options)));
  }
  return program;
}

// Commander's own messages (unknown option, missing argument) are usage errors: exit 64.
const output = {
  outputError: (text: string, write: (s: string) => void) =>
    write(`${pc.red(`error[USAGE]:`)} ${text.replace(/^error: /, "")}`),
};

/** Runs the CLI with `args` (no program name) and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const wantsJson = args.includes("--json");
  let exitCode: number = ExitCode.ok;
  let secrets: readonly string[] = [];
  const program = buildProgram(async (run, options) => {
    const ctx = createContext(options);
    secrets = ctx.secrets;
    const result = await run(ctx);
    for (const warning of ctx.warnings) process.stderr.write(`${pc.yellow("warning:")} ${warning}\n`);
    const text = options.json
      ? JSON.stringify({ schema: result.schema, ...result.data, warnings: ctx.warnings }, null, 2)
      : result.human;
    process.stdout.write(`${redactText(text, ctx.secrets)}\n`);
    exitCode = result.exitCode ?? ExitCode.ok;
  });
  if (args.length === 0) {
    process.stderr.write(program.helpInformation());
    return ExitCode.usage;
  }
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return ExitCode.ok;
      if (wantsJson) printJsonError("USAGE", error.message.replace(/^error: /, ""), ExitCode.usage, {});
      return ExitCode.usage;
    }
    return reportError(error, secrets, wantsJson, args.includes("--debug"));
  }
}

function reportError(error: unknown, secrets: readonly string[], json: boolean, debug: boolean): number {
  if (isPormgError(error)) {
    const e = error as PormgError;
    const message = redactText(e.message, secrets);
    process.stderr.write(`${pc.red(`error[${e.code}]:`)} ${message}\n`);
    if (json) printJsonError(e.code, message, e.exitCode, e.details, secrets);
    return e.exitCode;
  }
  const message = redactText(error instanceof Error ? error.message : String(error), secrets);
  process.stderr.write(`${pc.red("error[INTERNAL]:")} ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactText(error.stack, secrets)}\n`);
  else process.stderr.write("This is a bug in pormg; rerun with --debug for the stack trace and report it.\n");
  if (json) printJsonError("INTERNAL", message, ExitCode.failed, {}, secrets);
  return ExitCode.failed;
}

function printJsonError(
  code: string,
  message: string,
  exitCode: number,
  details: Readonly<Record<string, unknown>>,
  secrets: readonly string[] = [],
): void {
  const doc = { schema: "pormg.error/1", error: { code, message, exitCode, details } };
  process.stdout.write(`${redactText(JSON.stringify(doc, null, 2), secrets)}\n`);
}
