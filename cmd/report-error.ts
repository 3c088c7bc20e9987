import process from "node:process";
import { ENVIRONMENT_ADVICE, environmentErrorCode } from "../src/apply/environment-errors.ts";
import { redactText } from "../src/config/redact.ts";
import { ExitCode, exitCodeFor, isPormgError, type PormgError } from "../src/core/errors.ts";
import { dialects } from "../src/dialect/dialect.ts";
import { colors } from "./colors.ts";

/** Prints the `pormg.error/1` JSON document of a failed command on stdout. */
export function printJsonError(
  code: string,
  message: string,
  exitCode: number,
  details: Readonly<Record<string, unknown>>,
  secrets: readonly string[] = [],
): void {
  const doc = { schema: "pormg.error/1", error: { code, message, exitCode, details } };
  process.stdout.write(`${redactText(JSON.stringify(doc, null, 2), secrets)}\n`);
}

/**
 * Reports an error that ended a command and returns the exit code. A PormgError prints as
 * `error[CODE]: message`; an error from where the database lives (a lost connection, a full disk,
 * a read-only file, a missing privilege — `environmentErrorCode`) gets its own code and advice; only
 * anything else is unexpected — this is the one place that says so (the stack with `--debug`, never the
 * runtime's source excerpt). Everything printed is redacted.
 */
export function reportError(error: unknown, secrets: readonly string[], json: boolean, debug: boolean): number {
  if (isPormgError(error)) {
    const e = error as PormgError;
    const message = redactText(e.message, secrets);
    process.stderr.write(`${colors().red(`error[${e.code}]:`)} ${message}\n`);
    if (json) printJsonError(e.code, message, e.exitCode, e.details, secrets);
    return e.exitCode;
  }
  const raw = error instanceof Error ? error.message : String(error);
  const environment = environmentErrorCode(error, dialects());
  if (environment !== undefined) {
    const message = redactText(`${raw}. ${ENVIRONMENT_ADVICE[environment]}`, secrets);
    process.stderr.write(`${colors().red(`error[${environment}]:`)} ${message}\n`);
    if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactText(error.stack, secrets)}\n`);
    if (json) printJsonError(environment, message, exitCodeFor(environment), {}, secrets);
    return exitCodeFor(environment);
  }
  const message = redactText(raw, secrets);
  process.stderr.write(`${colors().red("error[INTERNAL]:")} ${message}\n`);
  if (debug && error instanceof Error && error.stack) process.stderr.write(`${redactText(error.stack, secrets)}\n`);
  else process.stderr.write("This is a bug in pormg; rerun with --debug for the stack trace and report it.\n");
  if (json) printJsonError("INTERNAL", message, ExitCode.failed, {}, secrets);
  return ExitCode.failed;
}
