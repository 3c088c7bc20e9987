import { isKeyword, isName } from "./token-predicates.ts";
import type { Token } from "./tokenize.ts";

const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/** The index just past `IF EXISTS` / `IF NOT EXISTS` at `k`, or `k`. */
function skipIfExists(code: readonly Token[], k: number): number {
  if (!isKeyword(code[k], "IF")) return k;
  return isKeyword(code[k + 1], "NOT") ? k + 3 : k + 2;
}

/** The name a word or quoted identifier token denotes (unquoted words fold to lower case, as PostgreSQL does). */
function nameOf(t: Token): string {
  return t.kind === "word" ? t.text.toLowerCase() : t.value;
}

/**
 * Whether the `DROP COLUMN c` action whose `DROP` is at `k` is followed, in the same ALTER TABLE
 * (tokens up to `to`), by an action `ADD [COLUMN] c … GENERATED ALWAYS AS (…)` for the same column:
 * the re-creation of a generated column (what pormg plans when its expression changes), which loses
 * only derived values. Only the explicit `DROP COLUMN` form counts. A plain column made generated
 * this way loses its values; the planner flags that step itself.
 */
export function recreatesGenerated(code: readonly Token[], k: number, to: number): boolean {
  if (!isKeyword(code[k + 1], "COLUMN")) return false;
  let at = skipIfExists(code, k + 2);
  const dropped = code[at];
  if (dropped === undefined || !isName(dropped)) return false;
  const sameName = (t: Token | undefined) => t !== undefined && isName(t) && nameOf(t) === nameOf(dropped);
  let depth = 0;
  for (at = at + 1; at < to; at++) {
    const t = code[at] as Token;
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    if (depth !== 0 || !isPunct(t, ",") || !isKeyword(code[at + 1], "ADD")) continue;
    const name = skipIfExists(code, at + 2 + (isKeyword(code[at + 2], "COLUMN") ? 1 : 0));
    if (!sameName(code[name])) continue;
    for (let j = name + 1; j < to && !isPunct(code[j], ","); j++) {
      if (isKeyword(code[j], "GENERATED") && isKeyword(code[j + 1], "ALWAYS") && isKeyword(code[j + 2], "AS"))
        return true;
    }
  }
  return false;
}
