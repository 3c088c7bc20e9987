import type { Argument, Option } from "commander";
import type { Context } from "./context.ts";

/**
 * A CommandResult is what a command hands back to `main.ts`: the JSON document for `--json`
 * (its `schema` is `pormg.<command>/1`), the text for people, and the exit code.
 */
export interface CommandResult {
  readonly schema: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly human: string;
  /** Side notes for people, printed on stderr (never in `--json` output, which carries them as data). */
  readonly notes?: string;
  /** An error the command turned into a result (a refusal): printed as `error[CODE]: …` on stderr. */
  readonly error?: { readonly code: string; readonly message: string };
  readonly exitCode?: number;
}

/** A CommandSpec declares one CLI command: its name, summary, own options, and what runs it. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /**
   * Positional arguments in commander syntax, e.g. `<version> <name>`, or as commander Arguments
   * (with a description for `--help`, choices for validation and completion).
   */
  readonly arguments?: string | (() => readonly Argument[]);
  /** Options of this command beside the global ones. */
  readonly options?: () => readonly Option[];
  /** Reports the progress of long work (`ctx.progress`): a progress line is drawn at a terminal. */
  readonly progress?: boolean;
  run(ctx: Context): CommandResult | Promise<CommandResult>;
}

/** Formats `label: value` lines with the values aligned. */
export function fields(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join("\n");
}
