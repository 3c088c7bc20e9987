import { PormgError } from "../../core/errors.ts";
import type { TemporaryDefaultSql } from "../../plan/temporary-default.ts";
import type {
  Check,
  Column,
  ColumnType,
  Default,
  ForeignKey,
  Index,
  IndexKey,
  PrimaryKey,
  Schema,
  Table,
  Unique,
} from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import { isNumericType, NUMBER_TEXT } from "../../schema/number-text.ts";
import { quoteIdent, quoteLiteral } from "./mysql-quote.ts";
import { renderMysqlType } from "./mysql-type-text.ts";

/**
 * Pure rendering of the schema IR to MySQL / MariaDB DDL. Identifiers are always backquoted and never
 * database-qualified (the plan runs connected to the target database). Constraint and index names
 * are always written out (the IR's name, or its default from `defaultName`), except the primary
 * key's: MySQL calls every primary key `PRIMARY`.
 *
 * What a CREATE TABLE says besides its columns and keys is {@link MYSQL_TABLE_OPTIONS}, always the
 * same, so a table pormg creates holds the same bytes on every server whatever its defaults are.
 *
 * Foreign keys and their indexes: InnoDB needs an index whose leading columns are a foreign key's
 * columns. When the table has none, `ADD CONSTRAINT … FOREIGN KEY` creates one named like the key.
 * The rule introspection and rendering share, so the models never drift from what the database
 * holds: an index named like one of its table's foreign keys, over exactly that key's columns in
 * order (no prefix, not unique), is the key's own index — introspection leaves it out of
 * `Table.indexes`, and rendering drops and adds it with the key's needs (mysql-foreign-key-index.ts).
 *
 * A column's collation: absent in the IR means the table's, which pormg always sets
 * ({@link MYSQL_TABLE_OPTIONS}); introspection reads a column whose collation is its table's as
 * having none. A `MODIFY COLUMN` without COLLATE resets the column to the table's collation.
 */

/** The table options of every CREATE TABLE pormg writes: InnoDB (foreign keys, transactions), utf8mb4, one fixed collation that MySQL 8 and MariaDB both have. */
export const MYSQL_TABLE_COLLATION = "utf8mb4_unicode_ci";
export const MYSQL_TABLE_OPTIONS = `ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=${MYSQL_TABLE_COLLATION}`;

/** PormG's temporary default for a datetime: MySQL's CURRENT_TIMESTAMP is the session's local time. */
export const mysqlTemporaryDefaults: TemporaryDefaultSql = { localTimestamp: "CURRENT_TIMESTAMP" };

/** A PLAN_REFUSED for a clause of the IR MySQL has no spelling for (the models should refuse it first). */
export function unsupported(table: string, what: string): PormgError {
  return new PormgError("PLAN_REFUSED", `"${table}" asks for ${what}, which MySQL and MariaDB do not have.`, {
    table,
  });
}

/** Whether a column of this type has a collation (character types). */
export function isCollatable(type: ColumnType): boolean {
  if (type.kind === "varchar" || type.kind === "text" || type.kind === "uuid") return true;
  return type.kind === "native" && /char|text|enum|set\(/.test(type.sql);
}

/** Whether the type is a BLOB / TEXT / JSON one, whose literal default MySQL 8 takes only as an expression. */
function isLargeObject(type: ColumnType): boolean {
  if (type.kind === "text" || type.kind === "bytes" || type.kind === "json") return true;
  return type.kind === "native" && /text|blob|json|geometry/.test(type.sql);
}

/** The expressions MySQL takes as a default without parentheses. */
const BARE_DEFAULT = /^(?:CURRENT_TIMESTAMP|NOW|LOCALTIME|LOCALTIMESTAMP)(?:\(\d?\))?$/i;

/**
 * The SQL of a column default: a quoted literal, a number, 1 / 0 for booleans (what MySQL stores),
 * or the expression, in parentheses unless it is a CURRENT_TIMESTAMP form. On a BLOB, TEXT or JSON
 * column a literal is written as an expression too (`('x')`): MySQL 8 takes no plain literal there,
 * and MariaDB stores the same `'x'` for both.
 */
export function renderDefault(value: Default, type: ColumnType): string {
  if (value.kind === "expression") return BARE_DEFAULT.test(value.sql) ? value.sql : `(${value.sql})`;
  if (typeof value.value === "boolean") return value.value ? "1" : "0";
  if (typeof value.value === "number") return String(value.value);
  if (isNumericType(type) && NUMBER_TEXT.test(value.value)) return value.value;
  const literal = quoteLiteral(value.value);
  return isLargeObject(type) ? `(${literal})` : literal;
}

/** ` COLLATE name` for a character column with a collation, else nothing. */
export function renderCollate(column: Column): string {
  if (column.collation === undefined || !isCollatable(column.type)) return "";
  return ` COLLATE ${/^\w+$/.test(column.collation) ? column.collation : quoteLiteral(column.collation)}`;
}

/**
 * One column of CREATE TABLE / ADD COLUMN / MODIFY COLUMN, the whole definition: `` `name` type
 * [COLLATE c] `` then either `GENERATED ALWAYS AS (…) STORED|VIRTUAL` (no NULL / NOT NULL: MariaDB
 * takes none on a generated column, so it is always nullable) or `NULL|NOT NULL [DEFAULT …]
 * [AUTO_INCREMENT]`. NULL is written out: a MySQL `timestamp` column is NOT NULL unless told. An
 * identity is AUTO_INCREMENT (MySQL has no ALWAYS: explicit values are always accepted), which
 * needs a key on the column (the table's primary key, as pormg's models declare it) and takes no default.
 */
export function renderColumnDefinition(column: Column): string {
  const head = `${quoteIdent(column.name)} ${renderMysqlType(column.type)}${renderCollate(column)}`;
  if (column.generated)
    return `${head} GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? "STORED" : "VIRTUAL"}`;
  const parts = [head, column.nullable && !column.identity ? "NULL" : "NOT NULL"];
  if (column.identity) parts.push("AUTO_INCREMENT");
  else if (column.default) parts.push(`DEFAULT ${renderDefault(column.default, column.type)}`);
  return parts.join(" ");
}

export function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(", ")})`;
}

/** `PRIMARY KEY (cols)`: MySQL names it `PRIMARY` whatever it is called, so no name is written. */
export function renderPrimaryKey(table: string, pk: PrimaryKey): string {
  if (pk.deferrable) throw unsupported(table, "a DEFERRABLE primary key");
  if (pk.storage) throw unsupported(table, "storage parameters on a primary key");
  return `PRIMARY KEY ${columnList(pk.columns)}`;
}

/** `CONSTRAINT name UNIQUE (cols)` (a unique index of that name). */
export function renderUnique(
  table: string,
  unique: Unique,
  name = unique.name ?? defaultName.unique(table, unique.columns),
): string {
  if (unique.deferrable) throw unsupported(table, "a DEFERRABLE unique constraint");
  if (unique.nullsNotDistinct) throw unsupported(table, "UNIQUE NULLS NOT DISTINCT");
  if (unique.include || unique.storage) throw unsupported(table, "INCLUDE columns or storage parameters on a unique");
  return `CONSTRAINT ${quoteIdent(name)} UNIQUE ${columnList(unique.columns)}`;
}

/** `[CONSTRAINT name] CHECK (expression)`; unnamed, MySQL names it (`<table>_chk_<n>`, MariaDB `CONSTRAINT_<n>`). */
export function renderCheck(table: string, check: Check): string {
  if (check.noInherit || check.notValid) throw unsupported(table, "a NO INHERIT or NOT VALID check");
  const named = check.name === undefined ? "" : `CONSTRAINT ${quoteIdent(check.name)} `;
  return `${named}CHECK (${check.expression})`;
}

/** `` `column`[(prefix)] [DESC] ``, or `((expression)) [DESC]` (functional key parts: MySQL 8.0.13+; MariaDB has none). */
function renderIndexKey(table: string, key: IndexKey): string {
  if (key.nulls || key.opclass || key.collation)
    throw unsupported(table, "an index key with NULLS FIRST/LAST, an operator class or a collation");
  const target =
    "column" in key
      ? `${quoteIdent(key.column)}${key.prefixLength === undefined ? "" : `(${key.prefixLength})`}`
      : `(${key.expression})`;
  return `${target}${key.descending ? " DESC" : ""}`;
}

/** The kind word of an index: `UNIQUE`, `FULLTEXT`, `SPATIAL`, or none. */
function indexKind(table: string, index: Index): { readonly word: string } {
  if (index.where !== undefined) throw unsupported(table, "a partial index (WHERE …)");
  if (index.include || index.nullsNotDistinct || index.storage)
    throw unsupported(table, "an index with INCLUDE columns, NULLS NOT DISTINCT or storage parameters");
  const method = (index.method ?? "btree").toLowerCase();
  if (method === "fulltext" || method === "spatial") return { word: `${method.toUpperCase()} ` };
  // InnoDB takes USING HASH and builds a BTREE, which reads back as one: a hash index would never match.
  if (method !== "btree") throw unsupported(table, `an index of method ${method} (InnoDB indexes are BTREE)`);
  return { word: index.unique ? "UNIQUE " : "" };
}

/**
 * CREATE [UNIQUE|FULLTEXT|SPATIAL] INDEX `name` ON `table` (keys); `method` is `btree` (left
 * out), `fulltext` or `spatial`. Name defaults to `defaultName.index`.
 */
export function renderCreateIndex(table: string, index: Index): string {
  const name = index.name ?? defaultName.index(table, index.keys);
  const { word } = indexKind(table, index);
  const keys = index.keys.map((k) => renderIndexKey(table, k)).join(", ");
  return `CREATE ${word}INDEX ${quoteIdent(name)} ON ${quoteIdent(table)} (${keys});`;
}

/** An index inside CREATE TABLE: `[UNIQUE|FULLTEXT|SPATIAL] KEY name (keys)`. */
function renderInlineIndex(table: string, index: Index): string {
  const name = index.name ?? defaultName.index(table, index.keys);
  const { word } = indexKind(table, index);
  return `${word}KEY ${quoteIdent(name)} (${index.keys.map((k) => renderIndexKey(table, k)).join(", ")})`;
}

/**
 * CREATE TABLE with its columns, primary key, uniques, indexes and checks inside it — one statement,
 * so an AUTO_INCREMENT column has its key from the start — and {@link MYSQL_TABLE_OPTIONS}. Foreign
 * keys are separate statements ({@link renderAddForeignKey}), so reference cycles work.
 */
export function renderCreateTable(table: Table): string {
  if (table.storage || table.options) throw unsupported(table.name, "storage parameters or SQLite table options");
  const lines = table.columns.map(renderColumnDefinition);
  if (table.primaryKey) lines.push(renderPrimaryKey(table.name, table.primaryKey));
  for (const unique of table.uniques) lines.push(renderUnique(table.name, unique));
  for (const index of table.indexes) lines.push(renderInlineIndex(table.name, index));
  for (const check of table.checks) lines.push(renderCheck(table.name, check));
  return `CREATE TABLE ${quoteIdent(table.name)} (\n${lines.map((l) => `  ${l}`).join(",\n")}\n) ${MYSQL_TABLE_OPTIONS};`;
}

/** `CONSTRAINT name FOREIGN KEY (cols) REFERENCES parent (cols) ON DELETE … ON UPDATE …`, the ADD clause. */
export function renderForeignKey(
  table: string,
  fk: ForeignKey,
  name = fk.name ?? defaultName.foreignKey(table, fk.columns),
): string {
  if (fk.deferred || fk.deferrable) throw unsupported(table, `a DEFERRABLE foreign key (${fk.columns.join(", ")})`);
  if (fk.match || fk.onDeleteColumns || fk.notValid)
    throw unsupported(table, "a foreign key with MATCH FULL, ON DELETE SET NULL (columns) or NOT VALID");
  return (
    `CONSTRAINT ${quoteIdent(name)} FOREIGN KEY ${columnList(fk.columns)} ` +
    `REFERENCES ${quoteIdent(fk.references.table)} ${columnList(fk.references.columns)} ` +
    `ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}`
  );
}

/** ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … (InnoDB adds the key's index when the table has none, see above). */
export function renderAddForeignKey(table: string, fk: ForeignKey): string {
  return `ALTER TABLE ${quoteIdent(table)} ADD ${renderForeignKey(table, fk)};`;
}

/**
 * The DDL a fresh MySQL database needs to hold `schema`, in dependency order: every CREATE TABLE
 * (its indexes inside it), then every foreign key as its own ALTER TABLE, so reference cycles work.
 * Tables and keys come in the order `schema` lists them.
 */
export function renderMysqlSchema(schema: Schema): string[] {
  const statements = schema.tables.map(renderCreateTable);
  for (const table of schema.tables)
    for (const fk of table.foreignKeys) statements.push(renderAddForeignKey(table.name, fk));
  return statements;
}
