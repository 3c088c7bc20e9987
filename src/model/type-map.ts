/**
 * The type maps of the Models DSL: which canonical IR column type each field kind has on each
 * dialect (reference §2.3, with the quirks fixed), and the CHECK texts some fields add.
 */
import type { DialectName } from "../core/dialect-name.ts";
import { parsePostgresType } from "../dialect/postgres/postgres-types.ts";
import { parseSqliteType } from "../dialect/sqlite/sqlite-types.ts";
import type { ColumnType } from "../schema/ir.ts";
import { canonicalNativeType } from "../schema/native-type.ts";
import type { Field, FieldKind } from "./types.ts";

/** The default `maxLength` of each string field kind. */
export const DEFAULT_MAX_LENGTH: Partial<Record<FieldKind, number>> = {
  CharField: 250,
  EmailField: 254,
  URLField: 200,
  SlugField: 50,
  PasswordField: 128,
};

/** The `precision` part of a time or timestamp type: PostgreSQL only, and only when the field gives one. */
function precisionOf(o: Readonly<Record<string, unknown>>, pg: boolean): { precision?: number } {
  return pg && typeof o.precision === "number" ? { precision: o.precision } : {};
}

/**
 * The canonical column type of a non-relation field on a dialect. Relations take their target's
 * type (see `modelsToSchema`); `ManyToManyField` has no column.
 */
export function columnTypeOf(field: Field, dialect: DialectName): ColumnType {
  const o = field.options;
  const pg = dialect === "postgresql";
  switch (field.kind) {
    case "IDField":
    case "BigIntegerField":
      return { kind: "bigint" };
    case "IntegerField":
      return { kind: pg ? "integer" : "bigint" };
    case "SmallIntegerField":
    case "PositiveSmallIntegerField":
      return { kind: "smallint" };
    case "PositiveIntegerField":
      return { kind: "integer" };
    case "CharField":
      if (o.maxLength === null) return { kind: "varchar" };
      return {
        kind: "varchar",
        length: (o.maxLength as number | undefined) ?? (DEFAULT_MAX_LENGTH.CharField as number),
      };
    case "EmailField":
    case "URLField":
    case "SlugField":
    case "PasswordField":
      return {
        kind: "varchar",
        length: (o.maxLength as number | undefined) ?? (DEFAULT_MAX_LENGTH[field.kind] as number),
      };
    case "TextField":
      return { kind: "text" };
    case "FloatField":
      return { kind: pg && o.real === true ? "real" : "double" };
    case "DecimalField": {
      const precision = o.maxDigits === undefined ? 10 : (o.maxDigits as number | null);
      const scale = o.decimalPlaces === undefined ? 2 : (o.decimalPlaces as number | null);
      if (precision === null) return { kind: "decimal" };
      return scale === null ? { kind: "decimal", precision } : { kind: "decimal", precision, scale };
    }
    case "BooleanField":
      return { kind: "boolean" };
    case "DateField":
      return { kind: "date" };
    case "DateTimeField":
      return { kind: "timestamp", withTimeZone: pg && o.withTimeZone !== false, ...precisionOf(o, pg) };
    case "TimeField":
      return {
        kind: "time",
        ...(pg && o.withTimeZone === true && { withTimeZone: true as const }),
        ...precisionOf(o, pg),
      };
    case "DurationField":
      return { kind: "interval" };
    case "UUIDField":
      return { kind: "uuid" };
    case "JSONField":
      return { kind: "json", binary: pg && o.binary !== false };
    case "BinaryField":
      return { kind: "bytes" };
    case "GenericIPAddressField":
      return { kind: "inet" };
    case "CIDRField":
      return { kind: "cidr" };
    case "NativeField":
      return { kind: "native", sql: canonicalNativeType(String(o.type)) };
    case "ForeignKey":
    case "OneToOneField":
    case "ManyToManyField":
      throw new Error(`columnTypeOf: ${field.kind} takes its target's type`);
  }
}

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
export function pgQuoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_]*$/.test(name) && !PG_QUOTED_KEYWORDS.has(name)) return name;
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes an identifier for SQLite (always double-quoted, as pormg renders it). */
export function sqliteQuoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The canonical text of the CHECK a positive integer field adds: what the database gives back after
 * `canonicalExpression` — PostgreSQL `c >= 0` (identifier quoted only when needed, as
 * `pg_get_constraintdef` prints it), SQLite `"c" >= 0` (the text pormg writes, kept verbatim).
 */
export function nonNegativeCheck(column: string, dialect: DialectName): string {
  return `${dialect === "postgresql" ? pgQuoteIdent(column) : sqliteQuoteIdent(column)} >= 0`;
}

/** The canonical text of a BinaryField's byte-length CHECK: `octet_length(c) <= n` (PG), `length("c") <= n` (SQLite). */
export function byteLengthCheck(column: string, max: number, dialect: DialectName): string {
  return dialect === "postgresql"
    ? `octet_length(${pgQuoteIdent(column)}) <= ${max}`
    : `length(${sqliteQuoteIdent(column)}) <= ${max}`;
}

/** The field that declares each canonical column kind (PostgreSQL). */
const FIELD_OF_KIND: Readonly<Record<Exclude<ColumnType["kind"], "native">, string>> = {
  smallint: "SmallIntegerField",
  integer: "IntegerField",
  bigint: "BigIntegerField",
  real: "FloatField",
  double: "FloatField",
  decimal: "DecimalField",
  boolean: "BooleanField",
  varchar: "CharField",
  text: "TextField",
  date: "DateField",
  time: "TimeField",
  timestamp: "DateTimeField",
  interval: "DurationField",
  uuid: "UUIDField",
  json: "JSONField",
  bytes: "BinaryField",
  inet: "GenericIPAddressField",
  cidr: "CIDRField",
};

/** Type names whose parameters (`varchar(10)`, `numeric(10,2)`, `time(3)` …) a field option can express. */
const PARAMETRISED =
  /^(varchar|character varying|char|character|nvarchar|nchar|text|clob|decimal|numeric|time|timetz|timestamp|timestamptz)\(\d+(?:,\d+)?\)$/;

/**
 * The field kind that declares a native SQL type pormg already knows (so a NativeField of it would
 * never compare equal to the database), or undefined when the type is truly native. On PostgreSQL
 * every type that introspection maps to a kind (`parsePostgresType`) is known, and so are the
 * usual aliases (`int4`, `timestamptz(3)` …); `interval(3)`, `bit(1)` or `numeric(10,2)[]` are not.
 */
export function knownTypeField(sql: string, dialect: DialectName): string | undefined {
  const text = canonicalNativeType(sql);
  // SQLite: what introspection keeps native (a decimal of more digits than SQLite keeps exactly,
  // `VARCHAR(10, 2)` …) compares equal to a NativeField of it, so no other field is better.
  if (dialect === "sqlite" && parseSqliteType(sql).kind === "native") return undefined;
  if (dialect === "postgresql") {
    const parsed = parsePostgresType(text);
    if (parsed.kind !== "native") return FIELD_OF_KIND[parsed.kind];
  }
  const t = text.replace(PARAMETRISED, "$1");
  const common: Record<string, string> = {
    smallint: "SmallIntegerField",
    integer: "IntegerField",
    int: "IntegerField",
    bigint: "BigIntegerField",
    boolean: "BooleanField",
    varchar: "CharField",
    "character varying": "CharField",
    text: "TextField",
    date: "DateField",
    time: "TimeField",
    timestamp: "DateTimeField",
    interval: "DurationField",
    uuid: "UUIDField",
    json: "JSONField",
    jsonb: "JSONField",
    decimal: "DecimalField",
    numeric: "DecimalField",
    real: "FloatField",
    "double precision": "FloatField",
  };
  const pg: Record<string, string> = {
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
  const sqlite: Record<string, string> = {
    int8: "BigIntegerField",
    float: "FloatField",
    double: "FloatField",
    bool: "BooleanField",
    datetime: "DateTimeField",
    blob: "BinaryField",
    clob: "TextField",
    char: "CharField",
    nvarchar: "CharField",
    character: "CharField",
    "integer unsigned": "PositiveIntegerField",
  };
  return common[t] ?? (dialect === "postgresql" ? pg : sqlite)[t];
}
