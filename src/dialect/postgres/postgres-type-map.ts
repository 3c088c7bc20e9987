import { FIELD_OF_KIND, typeNameField } from "../../model/type-map.ts";
import { canonicalNativeType } from "../../schema/native-type.ts";
import { quoteIdent } from "./postgres-ddl.ts";
import { parsePostgresType } from "./postgres-types.ts";

// PostgreSQL keywords that are not UNRESERVED: quote_ident() quotes them (SELECT word FROM pg_get_keywords() WHERE catcode <> 'U').
const PG_QUOTED_KEYWORDS = new Set(
  (
    "all analyse analyze and any array as asc asymmetric authorization between bigint binary bit boolean both case cast " +
    "char character check coalesce collate collation column concurrently constraint create cross current_catalog " +
    "current_date current_role current_schema current_time current_timestamp current_user dec decimal default deferrable " +
    "desc distinct do else end except exists extract false fetch float for foreign freeze from full grant greatest group " +
    "grouping having ilike in initially inner inout int integer intersect interval into is isnull join lateral leading " +
    "least left like limit localtime localtimestamp national natural nchar none normalize not notnull null nullif numeric " +
    "offset on only or order out outer overlaps overlay placing position precision primary real references returning " +
    "right row select session_user setof similar smallint some substring symmetric table tablesample then time timestamp " +
    "to trailing treat trim true union unique user using values varchar variadic verbose when where window with " +
    "xmlattributes xmlconcat xmlelement xmlexists xmlforest xmlnamespaces xmlparse xmlpi xmlroot xmlserialize xmltable"
  ).split(" "),
);

/**
 * Quotes an identifier the way PostgreSQL's `quote_ident` (and so `pg_get_constraintdef`) does:
 * only when it is not a plain lowercase name or is a non-unreserved keyword.
 * https://www.postgresql.org/docs/current/functions-string.html
 */
export function printedIdent(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !PG_QUOTED_KEYWORDS.has(name)) return name;
  return quoteIdent(name);
}

/** PostgreSQL's own spellings of the types a field declares. */
const ALIASES: Readonly<Record<string, string>> = {
  int2: "SmallIntegerField",
  int4: "IntegerField",
  int8: "BigIntegerField",
  float8: "FloatField",
  float4: "FloatField",
  bool: "BooleanField",
  "timestamp with time zone": "DateTimeField",
  "timestamp without time zone": "DateTimeField",
  timestamptz: "DateTimeField",
  "time without time zone": "TimeField",
  timetz: "TimeField",
  bytea: "BinaryField",
  inet: "GenericIPAddressField",
  cidr: "CIDRField",
};

/**
 * The field that declares PostgreSQL type `sql`: every type introspection maps to a kind
 * (`parsePostgresType`) is known, and so are the usual aliases (`int4`, `timestamptz(3)` …);
 * `interval(3)`, `bit(1)` or `numeric(10,2)[]` are not.
 */
export function postgresKnownTypeField(sql: string): string | undefined {
  const parsed = parsePostgresType(canonicalNativeType(sql));
  if (parsed.kind !== "native") return FIELD_OF_KIND[parsed.kind];
  return typeNameField(sql, ALIASES);
}

/** A positive integer field's CHECK as `pg_get_constraintdef` prints it: `c >= 0` (quoted only when needed). */
export function postgresNonNegativeCheck(column: string): string {
  return `${printedIdent(column)} >= 0`;
}

/** A BinaryField's byte-length CHECK as PostgreSQL prints it: `octet_length(c) <= n`. */
export function postgresByteLengthCheck(column: string, max: number): string {
  return `octet_length(${printedIdent(column)}) <= ${max}`;
}
