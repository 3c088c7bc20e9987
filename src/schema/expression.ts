import { type TokenRules, tokenize } from "../sql/tokenize.ts";

/**
 * Canonicalises an SQL expression kept as text (defaults, CHECK conditions, index predicates and
 * expressions) so that the same expression written two ways compares equal: whitespace outside
 * string literals and quoted identifiers is collapsed (and dropped next to parentheses and commas),
 * and parentheses wrapping the whole expression are removed. Dialect-specific rewrites (PostgreSQL's
 * `::text` casts on literals, …) are the introspector's job, before it calls this.
 */
export function canonicalExpression(sql: string): string {
  const known = canonical.get(sql);
  if (known !== undefined) return known;
  let text = collapseWhitespace(sql.trim());
  while (wrapsWhole(text)) text = text.slice(1, -1).trim();
  if (canonical.size >= CANONICAL_CACHE_SIZE) canonical.clear();
  canonical.set(sql, text);
  return text;
}

/**
 * The canonical forms already computed in this process, by the text they came from (a schema
 * repeats its expressions: the same CHECK or default on many tables, on both sides of a diff);
 * emptied when full, so it never grows past that.
 */
const canonical = new Map<string, string>();
const CANONICAL_CACHE_SIZE = 20_000;

/** JavaScript's `\s` beyond ASCII (ASCII spaces are checked by code first). */
const wideSpace = /\s/;

/** Whether the code unit `code` (of `sql` at `at`) is whitespace, as `/\s/` says. */
function isSpace(sql: string, at: number, code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || (code >= 0x80 && wideSpace.test(sql[at] as string));
}

function collapseWhitespace(sql: string): string {
  // The text between whitespace runs is copied a slice at a time (`from` is where the pending one starts).
  let out = "";
  let from = 0;
  let i = 0;
  while (i < sql.length) {
    const code = sql.charCodeAt(i);
    if (code === 39 || code === 34 || code === 96 || code === 91) {
      const close = code === 91 ? "]" : (sql[i] as string);
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close) {
          if (close !== "]" && sql[j + 1] === close) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      i = j + 1;
      continue;
    }
    if (isSpace(sql, i, code)) {
      out += sql.slice(from, i);
      while (i < sql.length && isSpace(sql, i, sql.charCodeAt(i))) i++;
      const prev = out[out.length - 1];
      const next = sql[i];
      if (prev !== undefined && next !== undefined && !"(,".includes(prev) && !"),".includes(next)) out += " ";
      from = i;
      continue;
    }
    i++;
  }
  return from === 0 ? sql : out + sql.slice(from);
}

/** Whether `text` is `( … )` with the first parenthesis closing at the very end. */
function wrapsWhole(text: string): boolean {
  if (!text.startsWith("(") || !text.endsWith(")")) return false;
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    else if (c === "(") depth++;
    else if (c === ")") {
      depth--;
      if (depth === 0 && i < text.length - 1) return false;
    }
  }
  return depth === 0;
}

/**
 * `sql` with every double-quoted identifier that needs no quotes (`"score"`: lowercase letters,
 * digits and underscores, not starting with a digit) written bare, as PostgreSQL prints it (`rules`:
 * the PostgreSQL tokenizer's). A
 * quick local spelling for comparing with text PostgreSQL printed: PostgreSQL quotes every
 * identifier that would otherwise read as a keyword, so a bare word in its output is the
 * identifier, and the two texts mean the same whenever they are equal.
 */
export function withPlainIdentifiers(sql: string, rules: { readonly tokens: TokenRules }): string {
  let out = "";
  let from = 0;
  for (const token of tokenize(sql, rules)) {
    if (token.kind !== "quoted_identifier" || !token.text.startsWith('"') || !/^[a-z_][a-z0-9_]*$/.test(token.value))
      continue;
    out += sql.slice(from, token.start) + token.value;
    from = token.end;
  }
  return out + sql.slice(from);
}
