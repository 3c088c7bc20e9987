import { canonicalExpression } from "../../schema/expression.ts";
import type { ColumnType, Default } from "../../schema/ir.ts";
import { tokenize } from "../../sql/tokenize.ts";
import { sqliteSql } from "./sqlite-sql.ts";

const timeKeywords = new Set(["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"]);
const numberLiteral = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Turns a SQLite `dflt_value` (the default's source text from `pragma_table_xinfo`) into a
 * Default: a single-quoted string → literal text (`''` unescaped); a signed number → literal
 * number (integers beyond 2^53 stay expressions, so no digit is lost); TRUE/FALSE → literal
 * boolean, and 0/1 on a boolean column too; NULL (or no default) → undefined; CURRENT_TIMESTAMP,
 * CURRENT_DATE and CURRENT_TIME (any case) → that expression in upper case; anything else, e.g.
 * `(datetime('now'))` or `X'00'`, → an expression canonicalised by `canonicalExpression`.
 */
export function parseSqliteDefault(dflt: string | null | undefined, type: ColumnType): Default | undefined {
  if (dflt === null || dflt === undefined) return undefined;
  const text = dflt.trim();
  const upper = text.toUpperCase();
  if (upper === "NULL" || text === "") return undefined;
  if (upper === "TRUE" || upper === "FALSE") return { kind: "literal", value: upper === "TRUE" };
  if (timeKeywords.has(upper)) return { kind: "expression", sql: upper };
  if (numberLiteral.test(text)) {
    const value = Number(text);
    if (type.kind === "boolean" && (value === 0 || value === 1)) return { kind: "literal", value: value === 1 };
    const exact = !/^[+-]?\d+$/.test(text) || Number.isSafeInteger(value);
    if (Number.isFinite(value) && exact) return { kind: "literal", value };
  }
  // A quoted string with no quote inside is that one string token: its value is what is between the quotes.
  if (text.length >= 2 && text.charCodeAt(0) === 39 && text.indexOf("'", 1) === text.length - 1)
    return { kind: "literal", value: text.slice(1, -1) };
  const tokens = tokenize(text, sqliteSql);
  const [only] = tokens;
  if (tokens.length === 1 && only?.kind === "string" && only.text.startsWith("'") && !only.unterminated) {
    return { kind: "literal", value: only.value };
  }
  return { kind: "expression", sql: canonicalExpression(text) };
}
