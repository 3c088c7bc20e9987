import type { Action, LockMode, StatementLocks, TableLock } from "./lock-modes.ts";
import { strongerLock } from "./lock-modes.ts";
import type { Token } from "./tokenize.ts";

/* Token helpers of the lock table (lock-level.ts, alter-table-locks.ts). */

export const up = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
export const isP = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;
export const nameOf = (t: Token | undefined) =>
  t === undefined ? "" : t.kind === "word" ? t.text.toLowerCase() : t.kind === "quoted_identifier" ? t.value : "";

/** Reads a possibly qualified name at `k`: its last part and the index after it. */
export function qualified(code: readonly Token[], k: number): { name: string; next: number } {
  let name = nameOf(code[k]);
  let next = k + 1;
  while (isP(code[next], ".") && code[next + 1] !== undefined) {
    name = nameOf(code[next + 1]);
    next += 2;
  }
  return { name, next };
}

/** Skips the words in `words` (in any order, each once or more) from `k`. */
export function skip(code: readonly Token[], k: number, ...words: string[]): number {
  while (words.includes(up(code[k]))) k++;
  return k;
}

/** Splits `code` at its top-level commas. */
export function topLevelParts(code: readonly Token[]): Token[][] {
  const parts: Token[][] = [[]];
  let depth = 0;
  for (const t of code) {
    if (isP(t, "(")) depth++;
    if (isP(t, ")")) depth--;
    if (depth === 0 && isP(t, ",")) parts.push([]);
    else parts.at(-1)?.push(t);
  }
  return parts.filter((p) => p.length > 0);
}

export const result = (locks: TableLock[], actions: Action[] = []): StatementLocks => {
  const lock = locks.reduce<LockMode | undefined>((m, l) => strongerLock(m, l.mode), undefined);
  return { ...(lock !== undefined && { lock }), locks, actions };
};

/** The tables named after REFERENCES in `code`. */
export function referenced(code: readonly Token[]): string[] {
  const out: string[] = [];
  code.forEach((t, k) => {
    if (up(t) === "REFERENCES") out.push(qualified(code, k + 1).name);
  });
  return out;
}
