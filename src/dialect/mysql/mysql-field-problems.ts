import { dbDefaultFor } from "../../model/defaults.ts";
import type { Field } from "../../model/types.ts";

/** The most digits of a MySQL `decimal` (MariaDB also 65). */
export const MYSQL_DECIMAL_DIGITS = 65;
/** The most fractional digits of a MySQL `decimal` (MariaDB allows 38; 30 holds on both). */
export const MYSQL_DECIMAL_PLACES = 30;
/** The longest `varchar` in `utf8mb4` characters (65,535 bytes, 4 a character). */
export const MYSQL_VARCHAR_CHARACTERS = 16383;

/** The longest `varchar` an InnoDB key holds whole, in utf8mb4 characters (3072 bytes). */
export const MYSQL_KEY_CHARACTERS = 768;

/** The string fields, whose column is a `varchar(maxLength)`. */
const VARCHAR_KINDS = new Set(["CharField", "EmailField", "URLField", "SlugField", "PasswordField"]);
/** The fields whose column is a `longtext`, `longblob` or `json`, which MySQL indexes only by a prefix or not at all. */
const UNKEYED_KINDS: Readonly<Record<string, string>> = {
  TextField: "longtext",
  BinaryField: "longblob",
  JSONField: "json",
};

/** A default that is the current time without the column's fractional digits (`now()`, `CURRENT_TIMESTAMP`). */
const BARE_NOW = /^(?:now|current_timestamp|localtimestamp|localtime)(?:\s*\(\s*\))?$/i;

/**
 * What MySQL (and MariaDB) cannot hold of a field, beyond what the ModelRules flags refuse: each
 * problem says what to use instead. The decisions:
 * - DurationField: MySQL has no interval type (its `time` stops at 838 hours) — a BigIntegerField
 *   of microseconds, as Django stores it, or a CharField of ISO 8601 text.
 * - DateTimeField `withTimeZone: true`: `datetime` keeps no time zone, and MySQL's `timestamp`
 *   converts by the session's zone and ends in 2038 — leave it out and keep UTC in `datetime(6)`,
 *   or declare `timestamp(6)` with a NativeField. (Without the option a DateTimeField is
 *   `datetime(6)`, as on SQLite; TimeField `withTimeZone` is refused by `timeZones`.)
 * - DecimalField: `maxDigits: null` and `decimalPlaces: null` have no MySQL form (`decimal` is
 *   `decimal(10,0)`, `decimal(p)` is `decimal(p,0)`); at most 65 digits and 30 places.
 * - String fields: `varchar` holds at most 16,383 utf8mb4 characters — a TextField beyond; as a
 *   key, unique or indexed at most 768 (InnoDB's 3072-byte keys; MariaDB would quietly index a
 *   prefix or hash a long unique, MySQL refuses them).
 * - TextField, BinaryField, JSONField as a key, unique or indexed: MySQL indexes `longtext` and
 *   `longblob` only by a prefix and `json` not at all (MariaDB hashes a long unique, MySQL refuses it).
 * - An identity that is not the primary key or unique: MySQL's AUTO_INCREMENT column must be a key.
 * - A `dbDefault` of the current time without precision on a `datetime(p)`: MySQL wants
 *   the column's digits (`CURRENT_TIMESTAMP(6)`); MariaDB accepts it and reads it back with them.
 * - A generated field without `null: true`: MariaDB takes no NOT NULL on a generated column, so
 *   pormg creates every one nullable (mysql-ddl.ts) — a NOT NULL one would read as drift forever.
 */
export function mysqlFieldProblems(field: Field, isPk: boolean): readonly string[] {
  const o = field.options;
  const out: string[] = [];
  const kind = field.kind;
  if (kind === "DurationField")
    out.push(
      "MySQL has no interval type; use a BigIntegerField of microseconds, or a CharField holding ISO 8601 durations",
    );
  if (kind === "DateTimeField" && o.withTimeZone === true)
    out.push(
      "MySQL's datetime keeps no time zone; remove withTimeZone and store UTC (datetime(6)), or use NativeField({ type: \"timestamp(6)\" }) for MySQL's session-zone TIMESTAMP",
    );
  if (kind === "DecimalField") {
    if (o.maxDigits === null)
      out.push("maxDigits: null has no MySQL form (decimal is decimal(10,0)); give maxDigits (at most 65)");
    else if (o.decimalPlaces === null)
      out.push("decimalPlaces: null has no MySQL form (decimal(p) is decimal(p,0)); write decimalPlaces: 0");
    if (typeof o.maxDigits === "number" && o.maxDigits > MYSQL_DECIMAL_DIGITS)
      out.push(`a MySQL decimal has at most ${MYSQL_DECIMAL_DIGITS} digits, got maxDigits ${o.maxDigits}`);
    if (typeof o.decimalPlaces === "number" && o.decimalPlaces > MYSQL_DECIMAL_PLACES)
      out.push(
        `a MySQL decimal has at most ${MYSQL_DECIMAL_PLACES} decimal places, got decimalPlaces ${o.decimalPlaces}`,
      );
  }
  if (VARCHAR_KINDS.has(kind) && typeof o.maxLength === "number" && o.maxLength > MYSQL_VARCHAR_CHARACTERS)
    out.push(
      `a MySQL varchar holds at most ${MYSQL_VARCHAR_CHARACTERS} characters (utf8mb4), got maxLength ${o.maxLength}; use a TextField`,
    );
  const keyed = isPk || o.unique === true || o.dbIndex === true;
  if (VARCHAR_KINDS.has(kind) && keyed && typeof o.maxLength === "number" && o.maxLength > MYSQL_KEY_CHARACTERS)
    out.push(
      `a MySQL key holds at most ${MYSQL_KEY_CHARACTERS} characters of a varchar (3072 bytes in utf8mb4), got maxLength ${o.maxLength}; lower it or drop primaryKey/unique/dbIndex`,
    );
  const unkeyed = UNKEYED_KINDS[kind];
  if (unkeyed !== undefined && keyed)
    out.push(
      `MySQL cannot make a ${unkeyed} column a key, unique or indexed as a whole; use a CharField (or an Index on an expression)`,
    );
  const identity = kind === "IDField" || (o.identity !== undefined && o.identity !== false);
  if (identity && !isPk && o.unique !== true)
    out.push("MySQL's AUTO_INCREMENT column must be a key; make it the primaryKey or add unique: true");
  const dbDefault = dbDefaultFor(o.dbDefault, "mysql");
  const digits = typeof o.precision === "number" ? o.precision : 6;
  if (kind === "DateTimeField" && dbDefault !== undefined && digits > 0 && BARE_NOW.test(dbDefault.trim()))
    out.push(
      `on MySQL the current time must have the column's ${digits} fractional digits; write dbDefault CURRENT_TIMESTAMP(${digits})`,
    );
  if (o.generated !== undefined && o.null !== true)
    out.push(
      "MariaDB takes no NOT NULL on a generated column, so pormg makes every MySQL generated column nullable; add null: true",
    );
  return out;
}
