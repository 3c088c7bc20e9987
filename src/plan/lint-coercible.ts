/**
 * Whether PostgreSQL changes a column from type `from` to type `to` (both as `format_type` or a
 * plan prints them, lowercase) without rewriting the table: the same type, a binary-coercible cast
 * with no length check that could fail (varchar(n) → varchar(m ≥ n), varchar → text, numeric(p, s)
 * → numeric(q ≥ p, s) or numeric, bit varying(n) → longer, cidr → inet, and a length or precision
 * limit dropped). Anything else (int → bigint, text → varchar(n), timestamp → timestamptz …) rewrites
 * the table and rebuilds its indexes. Pure.
 */
export function retypeWithoutRewrite(from: string, to: string): boolean {
  const a = canonical(from);
  const b = canonical(to);
  if (a.base === b.base && a.args.join() === b.args.join()) return true;
  const lengthTypes = ["varchar", "varbit"];
  if (a.base === b.base && lengthTypes.includes(a.base))
    return b.args.length === 0 || (a.args.length === 1 && (b.args[0] ?? 0) >= (a.args[0] ?? 0));
  if ((a.base === "varchar" || a.base === "text") && b.base === "text") return true;
  if (a.base === "text" && b.base === "varchar" && b.args.length === 0) return true;
  if (a.base === "numeric" && b.base === "numeric") {
    if (b.args.length === 0) return true;
    if (a.args.length === 0) return false;
    return (b.args[0] ?? 0) >= (a.args[0] ?? 0) && (a.args[1] ?? 0) === (b.args[1] ?? 0);
  }
  if (a.base === "cidr" && b.base === "inet") return true;
  if (["timestamp", "timestamptz", "time", "timetz", "interval"].includes(a.base) && a.base === b.base)
    return b.args.length === 0 || (a.args.length > 0 && (b.args[0] ?? 0) >= (a.args[0] ?? 0));
  return false;
}

const ALIASES: Readonly<Record<string, string>> = {
  "character varying": "varchar",
  character: "bpchar",
  char: "bpchar",
  "bit varying": "varbit",
  integer: "int4",
  int: "int4",
  smallint: "int2",
  bigint: "int8",
  decimal: "numeric",
  real: "float4",
  "double precision": "float8",
  boolean: "bool",
  "timestamp without time zone": "timestamp",
  "timestamp with time zone": "timestamptz",
  "time without time zone": "time",
  "time with time zone": "timetz",
};

function canonical(type: string): { base: string; args: number[] } {
  const text = type
    .trim()
    .toLowerCase()
    .replace(/"/g, "")
    .replace(/^pg_catalog\./, "");
  const m = /^([a-z0-9_ ]+?)\s*(?:\(([\d,\s]+)\))?\s*((?:with|without) time zone)?(\[\])?$/.exec(text);
  if (!m) return { base: text.replace(/\s+/g, ""), args: [] };
  const word = `${m[1]}${m[3] ? ` ${m[3]}` : ""}`.replace(/\s+/g, " ").trim();
  const base = (ALIASES[word] ?? word) + (m[4] ?? "");
  const args = m[2] ? m[2].split(",").map((n) => Number(n.trim())) : [];
  return { base, args };
}
