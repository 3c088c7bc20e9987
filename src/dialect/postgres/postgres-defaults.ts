import { canonicalExpression } from "../../schema/expression.ts";
import type { ColumnType, Default } from "../../schema/ir.ts";
import { exactNumber, isNumericType, NUMBER_TEXT } from "../../schema/number-text.ts";
import { isOwnTypeCast } from "./postgres-types.ts";

const identifier = '(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")';
/** A type name as `pg_get_expr` prints it after `::`: qualified, multi-word, with typmod and array brackets. */
const typeName = String.raw`${identifier}(?:\.${identifier})?(?: [a-z_]+)*(?:\(\d+(?:, ?\d+)?\))?(?:\[\])*`;
const castLiteral = new RegExp(`^'((?:[^']|'')*)'(?:::(${typeName}))?$`, "i");
const nullLiteral = new RegExp(`^NULL(?:::${typeName})?$`, "i");
const castNumber = new RegExp(String.raw`^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)::(${typeName})$`, "i");
const numericCast = /^(?:smallint|integer|bigint|numeric|real|double precision)$/i;

/**
 * Cleans a PostgreSQL column default (`pg_get_expr(adbin, adrelid, true)`) into the IR's Default:
 * - a quoted literal whose cast names the column's own type (or that has no cast) loses the cast:
 *   `'x'::character varying` on a varchar column → `"x"`, `'t'` on a boolean column → `true`;
 * - on a numeric column, a number (bare, quoted as `'-1.5'::numeric`, or cast to another numeric
 *   type) keeps its exact digits: a JS number when that prints back the same (`20`, `-1.5`), its text
 *   otherwise (`"20.0"`, integers beyond 2^53) — see `exactNumber`;
 * - `true`/`false` → boolean; `NULL` (with or without a cast) → no default (undefined);
 * - anything else — a literal cast to another type (`'0001-01-01 00:00:00'::timestamp without time
 *   zone` on a timestamptz column), a function call, an operator — is a canonical expression, so a
 *   default that means something else never reads as the same literal.
 * Serial defaults are handled by the caller before this is reached.
 */
export function cleanPostgresDefault(text: string | null | undefined, type: ColumnType): Default | undefined {
  if (text === null || text === undefined) return undefined;
  const sql = text.trim();
  if (nullLiteral.test(sql)) return undefined;
  const quoted = castLiteral.exec(sql);
  if (quoted) {
    const value = (quoted[1] ?? "").replace(/''/g, "'");
    const cast = quoted[2];
    if (isNumericType(type) && NUMBER_TEXT.test(value) && (cast === undefined || numericCast.test(cast)))
      return { kind: "literal", value: exactNumber(value) };
    if (cast === undefined || isOwnTypeCast(cast, type)) {
      if (type.kind === "boolean") {
        const lower = value.toLowerCase();
        if (["t", "true", "on", "yes", "1", "y"].includes(lower)) return { kind: "literal", value: true };
        if (["f", "false", "off", "no", "0", "n"].includes(lower)) return { kind: "literal", value: false };
      }
      return { kind: "literal", value };
    }
    return { kind: "expression", sql: canonicalExpression(sql) };
  }
  const cast = castNumber.exec(sql);
  const bare = NUMBER_TEXT.test(sql) ? sql : cast && numericCast.test(cast[2] ?? "") ? cast[1] : undefined;
  if (bare !== undefined) return { kind: "literal", value: exactNumber(bare) };
  if (/^true$/i.test(sql)) return { kind: "literal", value: true };
  if (/^false$/i.test(sql)) return { kind: "literal", value: false };
  return { kind: "expression", sql: canonicalExpression(sql) };
}
