import { FIELD_OF_KIND } from "../../model/type-map.ts";
import { parseMysqlType } from "./mysql-type-text.ts";

/**
 * MySQL's other spellings of the types a field declares, by type name (the server stores them as the
 * name on the right: `bool` is `tinyint(1)`, `int4` is `int`, `fixed(4,1)` is `decimal(4,1)` …).
 * `text`, `timestamp`, `uuid` (MariaDB 10.7+) and `nvarchar` are other types on MySQL, not these
 * fields' (TextField is `longtext`, DateTimeField `datetime(6)`, UUIDField `char(36)`), so they stay
 * native.
 */
const SYNONYMS: Readonly<Record<string, string>> = {
  bool: "tinyint(1)",
  boolean: "tinyint(1)",
  int2: "smallint",
  int4: "int",
  int8: "bigint",
  float4: "float",
  float8: "double",
  dec: "decimal",
  fixed: "decimal",
  "character varying": "varchar",
};

/**
 * The field that declares MySQL type `sql`: every type `parseMysqlType` maps to a kind (`int(11)`,
 * `tinyint(1)`, `datetime(3)`, `char(36)`, `longtext` …) and the synonyms the server rewrites to one
 * (`bool`, `int4`, `dec(5,2)` …); `int unsigned`, `mediumint`, `text`, `timestamp`, `enum(…)` are not.
 */
export function mysqlKnownTypeField(sql: string): string | undefined {
  const text = sql.trim().toLowerCase().replace(/\s+/g, " ");
  const named = /^([a-z][a-z0-9 ]*?)\s*(\(.*)?$/.exec(text);
  const base = named?.[1];
  const spelled = base !== undefined && SYNONYMS[base] !== undefined ? `${SYNONYMS[base]}${named?.[2] ?? ""}` : text;
  const parsed = parseMysqlType(spelled);
  return parsed.kind === "native" ? undefined : FIELD_OF_KIND[parsed.kind];
}

/** Quotes an identifier with backquotes, as MySQL and MariaDB print it (a backquote doubled). */
export function backquoted(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

/**
 * A positive integer field's CHECK as MariaDB's `information_schema.CHECK_CONSTRAINTS` prints it:
 * `` `c` >= 0 `` (MySQL 8 wraps it in parentheses, which `canonicalExpression` drops).
 */
export function mysqlNonNegativeCheck(column: string): string {
  return `${backquoted(column)} >= 0`;
}

/** A BinaryField's byte-length CHECK as MariaDB prints it: `` octet_length(`c`) <= n ``. */
export function mysqlByteLengthCheck(column: string, max: number): string {
  return `octet_length(${backquoted(column)}) <= ${max}`;
}
