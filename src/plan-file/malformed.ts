import { PormgError } from "../core/errors.ts";

/** The fix a malformed-plan error suggests unless a more precise one applies. */
export const DEFAULT_FIX =
  "Fix the line, or move the plan aside with `pormg discard` and regenerate it with `pormg makemigrations`.";

/**
 * A PLAN_MALFORMED error for line `line` of the plan at `path`, in the form
 * `<path>:<line>: <what is wrong>. <how to fix it>`; `details` carries `path` and `line`.
 */
export function malformed(path: string, line: number, what: string, fix: string = DEFAULT_FIX): PormgError {
  return new PormgError("PLAN_MALFORMED", `${path}:${line}: ${what}. ${fix}`, { path, line });
}

/** Offsets of the first character of every line of `text`, for turning offsets into 1-based line numbers. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/** The 1-based line holding `offset`, given {@link lineStarts} of the text. */
export function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
