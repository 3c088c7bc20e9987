import process from "node:process";
import picocolors from "picocolors";

/** The colour functions of the CLI's output (picocolors'; each returns its text unchanged when colour is off). */
export type Colors = ReturnType<typeof picocolors.createColors>;

/** What decides whether output is coloured. */
export interface ColorInputs {
  /** The command line (no program name). */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal. */
  readonly stdoutIsTTY: boolean;
}

/**
 * Whether to colour, first rule that applies: `--no-color` or `--json` → no; `NO_COLOR` set to
 * anything non-empty → no (no-color.org); `FORCE_COLOR` set → yes, unless it is `0` or `false`;
 * otherwise yes only when stdout is a terminal and `TERM` is not `dumb`. Pure.
 */
export function colorEnabled({ args, env, stdoutIsTTY }: ColorInputs): boolean {
  const own = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
  if (own.includes("--no-color") || own.includes("--json")) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force !== "false";
  return stdoutIsTTY && env.TERM !== "dumb";
}

let current: Colors = picocolors.createColors(false);

/** Sets the colours of this run once, from the command line and the environment (`main.ts`). */
export function chooseColors(args: readonly string[]): void {
  current = picocolors.createColors(
    colorEnabled({ args, env: process.env, stdoutIsTTY: process.stdout.isTTY === true }),
  );
}

/** The colours of this run (all off until {@link chooseColors}). */
export function colors(): Colors {
  return current;
}
