/**
 * A CommandResult is what a command hands back to `main.ts`: the JSON document for `--json`
 * (its `schema` is `pormg.<command>/1`), the text for people, and the exit code.
 */
export interface CommandResult {
  readonly schema: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly human: string;
  readonly exitCode?: number;
}

/** Formats `label: value` lines with the values aligned. */
export function fields(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length)) + 2;
  return rows.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join("\n");
}
