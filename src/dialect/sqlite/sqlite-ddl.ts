import { PormgError } from "../../core/errors.ts";
import type { TemporaryDefaultSql } from "../../plan/temporary-default.ts";
import type {
  Column,
  ColumnType,
  Default,
  ForeignKey,
  Index,
  IndexKey,
  KeyCollations,
  Schema,
  Table,
} from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";

/** PormG's temporary default for a date-time: SQLite's CURRENT_TIMESTAMP (UTC text). */
export const sqliteTemporaryDefaults: TemporaryDefaultSql = { localTimestamp: "CURRENT_TIMESTAMP" };

/** Quotes a SQLite identifier: always double quotes, embedded double quotes doubled. */
export function quoteIdent(name: string): string {
  return name.includes('"') ? `"${name.replaceAll('"', '""')}"` : `"${name}"`;
}

/** Quotes a SQL string literal: single quotes, embedded single quotes doubled. */
export function quoteLiteral(text: string): string {
  return text.includes("'") ? `'${text.replaceAll("'", "''")}'` : `'${text}'`;
}

/**
 * Renders a canonical ColumnType as the SQLite declared type that introspects back to it
 * (`parseSqliteType`): bigint → INTEGER, integer → INTEGER UNSIGNED, smallint → SMALLINT,
 * double → REAL, decimal → DECIMAL[(p[,s])], boolean → BOOLEAN, varchar(n) → VARCHAR(n),
 * text → TEXT, date → DATE, time → TIME, timestamp → DATETIME, interval → INTERVAL, uuid → UUID,
 * json → JSON, bytes → BLOB, native → its SQL verbatim.
 *
 * SQLite cannot tell some kinds apart, so these come back as their SQLite canonical form and
 * models on SQLite should use that form: real → REAL (introspects as double), timestamp with time
 * zone → DATETIME (timestamp without), binary json → JSON (binary false), a decimal with a scale
 * but no precision → DECIMAL. inet and cidr are PostgreSQL-only; they render as INET / CIDR, which
 * SQLite keeps as native types.
 */
export function renderColumnType(type: ColumnType): string {
  switch (type.kind) {
    case "smallint":
      return "SMALLINT";
    case "integer":
      return "INTEGER UNSIGNED";
    case "bigint":
      return "INTEGER";
    case "real":
    case "double":
      return "REAL";
    case "decimal":
      if (type.precision === undefined) return "DECIMAL";
      return type.scale === undefined ? `DECIMAL(${type.precision})` : `DECIMAL(${type.precision},${type.scale})`;
    case "boolean":
      return "BOOLEAN";
    case "varchar":
      return type.length === undefined ? "VARCHAR" : `VARCHAR(${type.length})`;
    case "text":
      return "TEXT";
    case "date":
      return "DATE";
    case "time":
      return "TIME";
    case "timestamp":
      return "DATETIME";
    case "interval":
      return "INTERVAL";
    case "uuid":
      return "UUID";
    case "json":
      return "JSON";
    case "bytes":
      return "BLOB";
    case "inet":
      return "INET";
    case "cidr":
      return "CIDR";
    case "native":
      return type.sql;
  }
}

const bareExpressions = new Set(["CURRENT_TIMESTAMP", "CURRENT_DATE", "CURRENT_TIME"]);

/**
 * Renders a column default as the text after `DEFAULT`: strings quoted, numbers as written,
 * booleans as TRUE/FALSE (SQLite ≥ 3.23 keeps the keyword as `dflt_value`, which introspects back
 * to a boolean), CURRENT_TIMESTAMP/DATE/TIME bare, and every other expression in parentheses as
 * SQLite requires.
 */
export function renderDefault(value: Default): string {
  if (value.kind === "expression") return bareExpressions.has(value.sql) ? value.sql : `(${value.sql})`;
  if (typeof value.value === "string") return quoteLiteral(value.value);
  if (typeof value.value === "boolean") return value.value ? "TRUE" : "FALSE";
  if (!Number.isFinite(value.value)) {
    throw new PormgError(
      "MODEL_INVALID",
      `default ${value.value} is not a finite number; SQLite cannot store it as a literal default. Use a finite number or an expression.`,
      { default: String(value.value) },
    );
  }
  return String(value.value);
}

/** The column that is rendered `INTEGER PRIMARY KEY AUTOINCREMENT`, if any, checked to be the sole key column. */
function identityColumn(table: Table): Column | undefined {
  const identities = table.columns.filter((c) => c.identity !== undefined);
  const [identity] = identities;
  if (identity === undefined) return undefined;
  const key = table.primaryKey?.columns ?? [];
  if (identities.length > 1 || key.length !== 1 || key[0] !== identity.name) {
    throw new PormgError(
      "MODEL_INVALID",
      `table "${table.name}": column "${identity.name}" is an identity, but on SQLite only the single primary-key column can be one (INTEGER PRIMARY KEY AUTOINCREMENT). Make it the table's only primary-key column or drop the identity.`,
      { table: table.name, column: identity.name },
    );
  }
  return identity;
}

/** Renders a collation name: bare when it is a plain identifier (`NOCASE`), else quoted. */
export function renderCollation(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : quoteIdent(name);
}

/**
 * Renders one column definition of a SQLite `CREATE TABLE`: name, type, COLLATE, `GENERATED ALWAYS
 * AS (…) STORED|VIRTUAL` for a generated column, NOT NULL, DEFAULT. The
 * table's identity column renders `INTEGER [CONSTRAINT "n"] PRIMARY KEY AUTOINCREMENT` instead of
 * its type (SQLite allows AUTOINCREMENT only there), with no default. Every other key and
 * constraint is a table constraint (`renderTableConstraints`).
 */
export function renderColumnDefinition(table: Table, column: Column): string {
  return columnDefinition(table, column, identityColumn(table));
}

/** `renderColumnDefinition` with the table's identity column already found (`identityColumn`), or undefined when it has none. */
function columnDefinition(table: Table, column: Column, identity: Column | undefined): string {
  // Each clause is appended after a space (what joining the clauses with spaces gives).
  let out = quoteIdent(column.name);
  if (identity === column) {
    const name = table.primaryKey?.name;
    out += " INTEGER NOT NULL";
    if (name !== undefined) out += ` CONSTRAINT ${quoteIdent(name)}`;
    return `${out} PRIMARY KEY AUTOINCREMENT`;
  }
  const type = renderColumnType(column.type);
  if (type !== "") out += ` ${type}`;
  if (column.collation !== undefined) out += ` COLLATE ${renderCollation(column.collation)}`;
  if (column.generated)
    out += ` GENERATED ALWAYS AS (${column.generated.expression}) ${column.generated.stored ? "STORED" : "VIRTUAL"}`;
  if (!column.nullable) out += " NOT NULL";
  if (column.default !== undefined) out += ` DEFAULT ${renderDefault(column.default)}`;
  return out;
}

function named(name: string | undefined): string {
  return name === undefined ? "" : `CONSTRAINT ${quoteIdent(name)} `;
}

function columnList(columns: readonly string[]): string {
  return `(${columns.map(quoteIdent).join(", ")})`;
}

/** Renders a foreign key's `REFERENCES "t" (cols) ON DELETE … ON UPDATE …` clause, after its CONSTRAINT name if any. */
export function renderReferences(fk: ForeignKey): string {
  const target = `${quoteIdent(fk.references.table)} ${columnList(fk.references.columns)}`;
  return `${named(fk.name)}REFERENCES ${target} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${deferrable(fk)}`;
}

/** ` DEFERRABLE INITIALLY DEFERRED` for a deferred foreign key, else nothing. */
function deferrable(fk: ForeignKey): string {
  return fk.deferred ? " DEFERRABLE INITIALLY DEFERRED" : "";
}

/** Renders a FOREIGN KEY table constraint with its actions (ON DELETE, ON UPDATE) and DEFERRABLE INITIALLY DEFERRED. */
export function renderForeignKey(fk: ForeignKey): string {
  const target = `${quoteIdent(fk.references.table)} ${columnList(fk.references.columns)}`;
  return `${named(fk.name)}FOREIGN KEY ${columnList(fk.columns)} REFERENCES ${target} ON DELETE ${fk.onDelete} ON UPDATE ${fk.onUpdate}${deferrable(fk)}`;
}

/** A table-level key's column list, each column with the collation the key gives it: `("name" COLLATE NOCASE, "scope")`. */
function keyColumnList(columns: readonly string[], collations: KeyCollations | undefined): string {
  if (collations === undefined) return columnList(columns);
  return `(${columns.map((c, k) => (collations[k] ? `${quoteIdent(c)} COLLATE ${renderCollation(collations[k] as string)}` : quoteIdent(c))).join(", ")})`;
}

/**
 * Renders a table's constraints as `CREATE TABLE` clauses, in a fixed order: PRIMARY KEY (unless
 * the identity column carries it), UNIQUE, CHECK, FOREIGN KEY. SQLite cannot add any of them to an
 * existing table, so they all live in the table definition.
 */
export function renderTableConstraints(table: Table): string[] {
  return tableConstraints(table, identityColumn(table));
}

/** `renderTableConstraints` with the table's identity column already found, or undefined when it has none. */
function tableConstraints(table: Table, identity: Column | undefined): string[] {
  const clauses: string[] = [];
  const pk = table.primaryKey;
  if (pk !== undefined && identity === undefined) {
    clauses.push(`${named(pk.name)}PRIMARY KEY ${keyColumnList(pk.columns, pk.collations)}`);
  }
  for (const u of table.uniques) clauses.push(`${named(u.name)}UNIQUE ${keyColumnList(u.columns, u.collations)}`);
  for (const c of table.checks) clauses.push(`${named(c.name)}CHECK (${c.expression})`);
  for (const fk of table.foreignKeys) clauses.push(renderForeignKey(fk));
  return clauses;
}

/**
 * Renders `CREATE TABLE "<as>" (…)` for a table: its columns in order, then its constraints, then
 * its options (`WITHOUT ROWID`, `STRICT`). `as` defaults to the table's name; a rebuild passes the
 * temporary name. No trailing `;`.
 */
export function renderCreateTable(table: Table, as: string = table.name): string {
  // The identity column is found (and checked) once per table, not once per column: passed on
  // explicitly, since a default parameter would search again whenever the table has none.
  const identity = identityColumn(table);
  const lines = table.columns.map((c) => columnDefinition(table, c, identity));
  for (const clause of tableConstraints(table, identity)) lines.push(clause);
  const withoutRowid = table.options?.withoutRowid === true;
  const strict = table.options?.strict === true;
  const options =
    withoutRowid && strict ? " WITHOUT ROWID, STRICT" : withoutRowid ? " WITHOUT ROWID" : strict ? " STRICT" : "";
  return `CREATE TABLE ${quoteIdent(as)} (\n  ${lines.join(",\n  ")}\n)${options}`;
}

function renderIndexKey(key: IndexKey): string {
  const text = "column" in key ? quoteIdent(key.column) : key.expression;
  return key.descending ? `${text} DESC` : text;
}

/**
 * Renders `CREATE [UNIQUE] INDEX "<name>" ON "<table>" (keys) [WHERE …]`. The name is the index's
 * own or `defaultName.index`; expression keys are written verbatim; `method` is PostgreSQL-only and
 * ignored here. No trailing `;`.
 */
export function renderCreateIndex(table: string, index: Index): string {
  const name = index.name ?? defaultName.index(table, index.keys);
  const unique = index.unique ? "UNIQUE " : "";
  const where = index.where === undefined ? "" : ` WHERE ${index.where}`;
  const keys = index.keys.map(renderIndexKey).join(", ");
  return `CREATE ${unique}INDEX ${quoteIdent(name)} ON ${quoteIdent(table)} (${keys})${where}`;
}

/**
 * Orders tables so that a referenced table comes before the tables that reference it, ties and
 * cycles broken by name (SQLite checks foreign keys on write, not on CREATE, so a cycle still works).
 */
export function dependencyOrder(tables: readonly Table[]): Table[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const sorted = [...tables].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: Table[] = [];
  const visit = (t: Table) => {
    if (done.has(t.name) || visiting.has(t.name)) return;
    visiting.add(t.name);
    const parents = [...new Set(t.foreignKeys.map((f) => f.references.table))].sort();
    for (const p of parents) {
      const parent = byName.get(p);
      if (parent !== undefined && p !== t.name) visit(parent);
    }
    visiting.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  for (const t of sorted) visit(t);
  return out;
}

/**
 * Renders the DDL a fresh SQLite database needs for `schema`: every `CREATE TABLE` in dependency
 * order, then every `CREATE INDEX` (tables in the same order). Statements carry no trailing `;`. Pure.
 */
export function renderSqliteSchema(schema: Schema): string[] {
  const tables = dependencyOrder(schema.tables);
  return [
    ...tables.map((t) => renderCreateTable(t)),
    ...tables.flatMap((t) => t.indexes.map((i) => renderCreateIndex(t.name, i))),
  ];
}
