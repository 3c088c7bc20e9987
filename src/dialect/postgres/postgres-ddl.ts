import { assertNever } from "../../core/errors.ts";
import type { TemporaryDefaultSql } from "../../plan/temporary-default.ts";
import type {
  Check,
  Column,
  ColumnType,
  Default,
  Deferrable,
  ForeignKey,
  Index,
  IndexKey,
  PrimaryKey,
  Schema,
  StorageParameters,
  Table,
  Unique,
} from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import { isNumericType, NUMBER_TEXT } from "../../schema/number-text.ts";

/**
 * Pure rendering of the schema IR to PostgreSQL DDL. Identifiers are always double-quoted and never
 * schema-qualified: the statements run with `search_path` set to the target schema, the same way
 * introspection reads it. Constraint and index names are always written out (the IR's name, or its
 * default from `defaultName`), so what PostgreSQL stores reads back as the same IR.
 */

/** PormG's temporary default for a timestamp without time zone: the session's local time. */
export const postgresTemporaryDefaults: TemporaryDefaultSql = { localTimestamp: "LOCALTIMESTAMP" };

/** Quotes an identifier for PostgreSQL: always double-quoted, inner double quotes doubled. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Quotes a string literal for PostgreSQL (standard-conforming: single quotes doubled, backslashes verbatim). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

const serialTypes: Readonly<Partial<Record<ColumnType["kind"], string>>> = {
  smallint: "smallserial",
  integer: "serial",
  bigint: "bigserial",
};

const precision = (p: number | undefined) => (p === undefined ? "" : `(${p})`);

/** The SQL type of a canonical ColumnType, e.g. `varchar(40)`, `numeric(10,2)`, `timestamptz(3)`. */
export function renderColumnType(type: ColumnType): string {
  switch (type.kind) {
    case "smallint":
    case "integer":
    case "bigint":
    case "real":
    case "boolean":
    case "text":
    case "date":
    case "interval":
    case "uuid":
    case "inet":
    case "cidr":
      return type.kind;
    case "double":
      return "double precision";
    case "decimal":
      if (type.precision === undefined) return "numeric";
      return type.scale === undefined ? `numeric(${type.precision})` : `numeric(${type.precision},${type.scale})`;
    case "varchar":
      return type.length === undefined ? "varchar" : `varchar(${type.length})`;
    case "time":
      return `${type.withTimeZone ? "timetz" : "time"}${precision(type.precision)}`;
    case "timestamp":
      return `${type.withTimeZone ? "timestamptz" : "timestamp"}${precision(type.precision)}`;
    case "json":
      return type.binary ? "jsonb" : "json";
    case "bytes":
      return "bytea";
    case "native":
      return type.sql;
    default:
      return assertNever(type);
  }
}

/**
 * The SQL of a column default: a quoted literal, a number, TRUE/FALSE, or the expression
 * (parenthesised unless trivial). On a numeric column (`type` given) a literal that keeps a number's
 * exact digits as text (`"20.0"`) is written as that number, unquoted, so PostgreSQL stores `20.0`
 * (and an integer column accepts it).
 */
export function renderDefault(value: Default, type?: ColumnType): string {
  if (value.kind === "expression") {
    return /^[A-Za-z_][\w.]*(?:\(\))?$/.test(value.sql) ? value.sql : `(${value.sql})`;
  }
  if (typeof value.value === "string")
    return type && isNumericType(type) && NUMBER_TEXT.test(value.value) ? value.value : quoteLiteral(value.value);
  if (typeof value.value === "boolean") return value.value ? "TRUE" : "FALSE";
  return String(value.value);
}

/** ` COLLATE "name"` for a column with a collation, else nothing. */
export function renderCollate(column: Column): string {
  return column.collation === undefined ? "" : ` COLLATE ${quoteIdent(column.collation)}`;
}

/**
 * One column of CREATE TABLE / ADD COLUMN: `"name" type [COLLATE "c"] [GENERATED … AS IDENTITY |
 * GENERATED ALWAYS AS (…) STORED|VIRTUAL] [NOT NULL] [DEFAULT …]`. A serial identity (`{ serial:
 * true }`) renders as the `smallserial`/`serial`/`bigserial` pseudo-type rather than an IDENTITY
 * clause, so a serial column reads back as serial. VIRTUAL generated columns need PostgreSQL 18.
 */
export function renderColumnDefinition(column: Column): string {
  const parts = [quoteIdent(column.name)];
  const serial = column.identity?.serial ? serialTypes[column.type.kind] : undefined;
  parts.push((serial ?? renderColumnType(column.type)) + renderCollate(column));
  if (column.identity && !serial)
    parts.push(`GENERATED ${column.identity.always ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`);
  if (column.generated) parts.push(renderGenerated(column.generated));
  if (!column.nullable) parts.push("NOT NULL");
  if (column.default && !column.identity) parts.push(`DEFAULT ${renderDefault(column.default, column.type)}`);
  return parts.join(" ");
}

/** The clause of a generated column: `GENERATED ALWAYS AS (expression) STORED` (or `VIRTUAL`). */
export function renderGenerated(generated: NonNullable<Column["generated"]>): string {
  return `GENERATED ALWAYS AS (${generated.expression}) ${generated.stored ? "STORED" : "VIRTUAL"}`;
}

function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(", ")})`;
}

/** One storage parameter value: a number as written, anything else a quoted literal. */
function renderStorageValue(value: string): string {
  return /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(value) ? value : quoteLiteral(value);
}

/** `name = value, …` of storage parameters (names are validated identifiers, `toast.` prefix allowed). */
export function renderStorageList(params: StorageParameters): string {
  return Object.entries(params)
    .map(([name, value]) => `${name} = ${renderStorageValue(value)}`)
    .join(", ");
}

/** ` WITH (name = value, …)` for storage parameters, or nothing when there are none. */
export function renderWith(params: StorageParameters | undefined): string {
  return params === undefined || Object.keys(params).length === 0 ? "" : ` WITH (${renderStorageList(params)})`;
}

/** ` DEFERRABLE INITIALLY IMMEDIATE|DEFERRED`, or nothing for NOT DEFERRABLE (the default). */
export function renderDeferrable(deferrable: Deferrable | undefined): string {
  if (deferrable === undefined) return "";
  return ` DEFERRABLE INITIALLY ${deferrable === "deferred" ? "DEFERRED" : "IMMEDIATE"}`;
}

/** The timing clause of a foreign key: ` DEFERRABLE INITIALLY …`, or nothing (NOT DEFERRABLE). */
export function foreignKeyDeferrable(fk: ForeignKey): Deferrable | undefined {
  if (fk.deferred) return "deferred";
  return fk.deferrable ? "immediate" : undefined;
}

/** A CHECK table constraint: `[CONSTRAINT "name"] CHECK (expression) [NO INHERIT]`. */
export function renderCheck(check: Check): string {
  const named = check.name === undefined ? "" : `CONSTRAINT ${quoteIdent(check.name)} `;
  return `${named}CHECK (${check.expression})${check.noInherit ? " NO INHERIT" : ""}`;
}

/** A PRIMARY KEY table constraint: `CONSTRAINT "name" PRIMARY KEY (cols) [WITH (…)] [DEFERRABLE …]`. */
export function renderPrimaryKey(
  table: string,
  pk: PrimaryKey,
  name = pk.name ?? defaultName.primaryKey(table),
): string {
  return `CONSTRAINT ${quoteIdent(name)} PRIMARY KEY ${columnList(pk.columns)}${renderWith(pk.storage)}${renderDeferrable(pk.deferrable)}`;
}

/** A UNIQUE table constraint: `CONSTRAINT "name" UNIQUE [NULLS NOT DISTINCT] (cols) [WITH (…)] [DEFERRABLE …]`. */
export function renderUnique(
  table: string,
  unique: Unique,
  name = unique.name ?? defaultName.unique(table, unique.columns),
): string {
  const nulls = unique.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
  return `CONSTRAINT ${quoteIdent(name)} UNIQUE${nulls} ${columnList(unique.columns)}${renderInclude(unique.include)}${renderWith(unique.storage)}${renderDeferrable(unique.deferrable)}`;
}

/**
 * CREATE TABLE with its columns and the constraints that live inside it: primary key, uniques and
 * checks (foreign keys are separate statements, see {@link renderAddForeignKey}), and the table's
 * storage parameters.
 */
export function renderCreateTable(table: Table): string {
  const lines = table.columns.map(renderColumnDefinition);
  if (table.primaryKey) lines.push(renderPrimaryKey(table.name, table.primaryKey));
  for (const unique of table.uniques) lines.push(renderUnique(table.name, unique));
  for (const check of table.checks) lines.push(renderCheck(check));
  return `CREATE TABLE ${quoteIdent(table.name)} (\n${lines.map((l) => `  ${l}`).join(",\n")}\n)${renderWith(table.storage)};`;
}

/** ` INCLUDE ("b", "c")`, or nothing. */
function renderInclude(include: readonly string[] | undefined): string {
  return include === undefined ? "" : ` INCLUDE ${columnList(include)}`;
}

/** An operator class as DDL names it: bare when it needs no quotes, else each part quoted. */
function renderOpclass(opclass: string): string {
  return opclass
    .split(".")
    .map((part) => (/^[a-z_][a-z0-9_]*$/.test(part) || /^".*"$/.test(part) ? part : quoteIdent(part)))
    .join(".");
}

/** `target [COLLATE "c"] [opclass] [DESC] [NULLS FIRST|LAST]`. */
function renderIndexKey(key: IndexKey): string {
  const target = "column" in key ? quoteIdent(key.column) : `(${key.expression})`;
  const collate = key.collation === undefined ? "" : ` COLLATE ${quoteIdent(key.collation)}`;
  const opclass = key.opclass === undefined ? "" : ` ${renderOpclass(key.opclass)}`;
  const nulls = key.nulls === undefined ? "" : ` NULLS ${key.nulls.toUpperCase()}`;
  return `${target}${collate}${opclass}${key.descending ? " DESC" : ""}${nulls}`;
}

/**
 * CREATE [UNIQUE] INDEX "name" ON "table" [USING method] (keys [DESC]) [INCLUDE (cols)] [NULLS NOT DISTINCT]
 * [WITH (…)] [WHERE predicate]; name defaults to `defaultName.index`.
 */
export function renderCreateIndex(table: string, index: Index): string {
  const name = index.name ?? defaultName.index(table, index.keys);
  const using = index.method && index.method !== "btree" ? ` USING ${index.method}` : "";
  const where = index.where === undefined ? "" : ` WHERE ${index.where}`;
  const keys = index.keys.map(renderIndexKey).join(", ");
  const nulls = index.nullsNotDistinct ? " NULLS NOT DISTINCT" : "";
  return `CREATE ${index.unique ? "UNIQUE " : ""}INDEX ${quoteIdent(name)} ON ${quoteIdent(table)}${using} (${keys})${renderInclude(index.include)}${nulls}${renderWith(index.storage)}${where};`;
}

/**
 * ALTER TABLE … ADD CONSTRAINT … FOREIGN KEY … REFERENCES … [MATCH FULL] ON DELETE … [(cols)]
 * ON UPDATE … [DEFERRABLE INITIALLY DEFERRED|IMMEDIATE] [NOT VALID].
 */
export function renderAddForeignKey(table: string, fk: ForeignKey): string {
  const name = fk.name ?? defaultName.foreignKey(table, fk.columns);
  const match = fk.match === "full" ? " MATCH FULL" : "";
  const setColumns = fk.onDeleteColumns === undefined ? "" : ` ${columnList(fk.onDeleteColumns)}`;
  return (
    `ALTER TABLE ${quoteIdent(table)} ADD CONSTRAINT ${quoteIdent(name)} FOREIGN KEY ${columnList(fk.columns)} ` +
    `REFERENCES ${quoteIdent(fk.references.table)} ${columnList(fk.references.columns)}${match} ` +
    `ON DELETE ${fk.onDelete}${setColumns} ON UPDATE ${fk.onUpdate}${renderDeferrable(foreignKeyDeferrable(fk))}` +
    `${fk.notValid ? " NOT VALID" : ""};`
  );
}

/**
 * The DDL a fresh PostgreSQL schema needs to hold `schema`, in dependency order: every CREATE TABLE,
 * then every CREATE INDEX, then every foreign key as its own ALTER TABLE (so reference cycles work).
 * Tables, indexes and keys come in the order `schema` lists them.
 */
export function renderPostgresSchema(schema: Schema): string[] {
  const statements = schema.tables.map(renderCreateTable);
  for (const table of schema.tables)
    for (const index of table.indexes) statements.push(renderCreateIndex(table.name, index));
  for (const table of schema.tables)
    for (const fk of table.foreignKeys) statements.push(renderAddForeignKey(table.name, fk));
  return statements;
}
