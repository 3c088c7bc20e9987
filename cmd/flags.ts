import { readFileSync } from "node:fs";
import { InvalidArgumentError } from "commander";
import { MAX_TIMEOUT_SECONDS, timeoutProblem } from "../src/config/timeouts.ts";
import { PormgError } from "../src/core/errors.ts";

/**
 * Parses a number of seconds for a flag, so a bad value (`-1`, `abc`, `1e309`, `NaN`) is a usage
 * error (exit 64) reported before anything runs. `zero` allows 0 (for `--lock-wait`: one try).
 */
export function seconds(options: { zero?: boolean } = {}) {
  return (text: string): number => {
    const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : Number.NaN;
    const ok = options.zero ? value === 0 || timeoutProblem(value) === undefined : timeoutProblem(value) === undefined;
    if (!ok)
      throw new InvalidArgumentError(
        `expected a number of seconds ${options.zero ? "from 0" : "greater than 0"} up to ${MAX_TIMEOUT_SECONDS}.`,
      );
    return value;
  };
}

/** Parses a whole number from 0 to `max` for a flag (`--lock-retries`); anything else is a usage error (exit 64). */
export function count(max: number) {
  return (text: string): number => {
    const value = /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= 0 && value <= max)) throw new InvalidArgumentError(`expected a whole number from 0 to ${max}.`);
    return value;
  };
}

/** Reads the file a flag names, or fails with a USAGE error (exit 64) saying why it cannot be read. */
export function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why =
      code === "ENOENT"
        ? "there is no such file"
        : code === "EISDIR"
          ? "it is a directory"
          : code === "EACCES"
            ? "permission denied"
            : (error as Error).message;
    throw new PormgError("USAGE", `${flag}: cannot read "${path}": ${why}. Give the path of a readable file.`, {
      option: flag,
      path,
    });
  }
}

/** Flags that take one value and must not be given twice (the last would silently win). */
const SINGLE_VALUE_FLAGS = [
  "--db",
  "--env",
  "--url",
  "--lock-timeout",
  "--statement-timeout",
  "--lock-wait",
  "--lock-retries",
  "--wait",
  "--targets",
  "--parallel",
];

/** A USAGE error when `args` give one of the single-value flags more than once. */
export function repeatedFlagError(args: readonly string[]): PormgError | undefined {
  for (const flag of SINGLE_VALUE_FLAGS) {
    const values: string[] = [];
    args.forEach((arg, i) => {
      if (arg === flag) values.push(args[i + 1] ?? "");
      else if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1));
    });
    if (values.length > 1)
      return new PormgError(
        "USAGE",
        `${flag} is given ${values.length} times (${values.map((v) => JSON.stringify(v)).join(", ")}); give it once.`,
        { option: flag },
      );
  }
  return undefined;
}
