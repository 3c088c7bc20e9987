import { canonicalExpression } from "../schema/expression.ts";
import type { ColumnType, Default } from "../schema/ir.ts";
import { isNumericType } from "./postgres-types.ts";

const identifier = '(?:[a-z_][a-z0-9_$]*|"(?:[^"]|"")+")';
/** A type name as `pg_get_expr` prints it after `::`: qualified, multi-word, with typmod and array brackets. */
const typeName = String.raw`${identifier}(?:\.${identifier})?(?: [a-z_]+)*(?:\(\d+(?:, ?\d+)?\))?(?:\[\])*`;
const castLiteral = new RegExp(`^'((?:[^']|'')*)'(?:::${typeName})?$`, "i");
const nullLiteral = new RegExp(`^NULL(?:::${typeName})?$`, "i");
const number = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const castNumber = new RegExp(String.raw`^(-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?)::${typeName}$`, "i");

/** A number as a JS number when that keeps its value; otherwise undefined (e.g. beyond 2^53). */
function toNumber(text: string): number | undefined {
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  if (/^-?\d+$/.test(text) && !Number.isSafeInteger(value)) return undefined;
  return value;
}

/**
 * Cleans a PostgreSQL column default (`pg_get_expr(adbin, adrelid, true)`) into the IR's Default:
 * a quoted literal with its cast stripped (`'x'::text` → `"x"`; on numeric columns `'-1'::integer`
 * → `-1`; on boolean columns `'t'` → `true`), a bare number → number, `true`/`false` → boolean,
 * `NULL` (with or without a cast) → no default (undefined), anything else → a canonical expression.
 * Integers beyond 2^53 stay string literals so no digit is lost. Serial defaults are handled by
 * the caller before this is reached.
 */
export function cleanPostgresDefault(text: string | null | undefined, type: ColumnType): Default | undefined {
  if (text === null || text === undefined) return undefined;
  const sql = text.trim();
  if (nullLiteral.test(sql)) return undefined;
  const quoted = castLiteral.exec(sql);
  if (quoted) {
    const value = (quoted[1] ?? "").replace(/''/g, "'");
    if (isNumericType(type) && number.test(value)) {
      const n = toNumber(value);
      if (n !== undefined) return { kind: "literal", value: n };
    }
    if (type.kind === "boolean") {
      const lower = value.toLowerCase();
      if (["t", "true", "on", "yes", "1", "y"].includes(lower)) return { kind: "literal", value: true };
      if (["f", "false", "off", "no", "0", "n"].includes(lower)) return { kind: "literal", value: false };
    }
    return { kind: "literal", value };
  }
  const bare = number.test(sql) ? sql : castNumber.exec(sql)?.[1];
  if (bare !== undefined) {
    const n = toNumber(bare);
    return n === undefined ? { kind: "literal", value: bare } : { kind: "literal", value: n };
  }
  if (/^true$/i.test(sql)) return { kind: "literal", value: true };
  if (/^false$/i.test(sql)) return { kind: "literal", value: false };
  return { kind: "expression", sql: canonicalExpression(sql) };
}
