import { isComment, isKeyword } from "./token-predicates.ts";
import { type Token, type TokenRules, tokenize } from "./tokenize.ts";

/**
 * The index of the `)` that closes the `(` at `open` in `tokens`, or -1 when it is never closed.
 * Comments are ignored because they are single tokens.
 */
export function closingParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== "punctuation") continue;
    if (t.text === "(") depth++;
    else if (t.text === ")") {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}

/** Splits `tokens[from, to)` at commas that sit outside any parentheses. */
export function splitTopLevel(tokens: readonly Token[], from: number, to: number): Token[][] {
  // Each part is the run of tokens between two top-level commas: copied with one slice each.
  const parts: Token[][] = [];
  let start = from;
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== "punctuation") continue;
    const text = t.text;
    if (text === "(") depth++;
    else if (text === ")") depth--;
    else if (depth === 0 && text === ",") {
      parts.push(tokens.slice(start, k));
      start = k + 1;
    }
  }
  if (start < to) parts.push(tokens.slice(start, to));
  return parts;
}

/**
 * The source text from the first to the last of `tokens` (which may have had comments filtered
 * out), with every comment in that range replaced by a space, so a PormG marker comment inside a
 * CHECK does not become part of the expression. Empty for no tokens.
 */
export function sourceText(sql: string, tokens: readonly Token[], rules: { readonly tokens: TokenRules }): string {
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (!first || !last) return "";
  const text = sql.slice(first.start, last.end);
  // Every comment opens with `--`, `/*` or (MySQL) `#`: text with none of them has none to replace.
  if (!text.includes("--") && !text.includes("/*") && !(rules.tokens.hashComments === true && text.includes("#")))
    return text.trim();
  let out = "";
  let position = 0;
  for (const t of tokenize(text, rules)) {
    if (!isComment(t)) continue;
    out += `${text.slice(position, t.start)} `;
    position = t.end;
  }
  return (out + text.slice(position)).trim();
}

/** Whether the unquoted keyword `word` appears among `code`'s tokens outside any parentheses. */
export function hasTopLevelKeyword(code: readonly Token[], word: string): boolean {
  let depth = 0;
  for (const t of code) {
    if (t.kind === "punctuation" && t.text === "(") depth++;
    else if (t.kind === "punctuation" && t.text === ")") depth--;
    else if (depth === 0 && isKeyword(t, word)) return true;
  }
  return false;
}
