import type { DialectName } from "../core/dialect-name.ts";
/**
 * The schema IR: plain, readonly, JSON-serialisable data that both sides of every comparison are
 * turned into — the models (src/model/) and the live database (src/introspect/). Two schemas that
 * mean the same thing on one dialect are deep-equal after `normalizeSchema` (src/schema/normalize.ts).
 *
 * Conventions every producer follows:
 * - Names are physical names, verbatim and case-sensitive (no quoting, no folding).
 * - `tables` are sorted by name; `columns` keep declaration / catalog order; every other list is
 *   sorted by `normalizeSchema`.
 * - Constraint and index names are kept for rendering but are NOT part of identity: comparison is
 *   by shape (see `src/schema/match.ts`).
 * - SQL expressions (defaults, generated-column expressions, CHECK conditions, partial-index
 *   predicates, index expressions) are kept as text and canonicalised by `canonicalExpression`
 *   (src/schema/expression.ts).
 */

import type { LiveDependents } from "./dependents.ts";

/** A Schema is the set of tables pormg manages in one database (one PostgreSQL schema, or one SQLite file). */
export interface Schema {
  readonly dialect: DialectName;
  readonly tables: readonly Table[];
}

/** A Table is one managed table. */
export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
  /** The primary key, if any (single or composite). */
  readonly primaryKey?: PrimaryKey;
  readonly foreignKeys: readonly ForeignKey[];
  /** UNIQUE constraints and unique indexes over plain columns with no predicate (single or composite). */
  readonly uniques: readonly Unique[];
  /** Non-unique indexes, and unique indexes that have expressions, a predicate or a non-default method. */
  readonly indexes: readonly Index[];
  readonly checks: readonly Check[];
  /** PostgreSQL storage parameters of the table (`CREATE TABLE … WITH (fillfactor = 80)`, reloptions). */
  readonly storage?: StorageParameters;
  /** SQLite table options (`STRICT`, `WITHOUT ROWID`); absent when neither is set. Never set on PostgreSQL. */
  readonly options?: TableOptions;
}

/** The options of a SQLite table written after its column list; a false option is left out. */
export interface TableOptions {
  readonly strict?: boolean;
  readonly withoutRowid?: boolean;
}

/**
 * StorageParameters are PostgreSQL storage parameters (`WITH (name = value, …)`, the catalog's
 * `reloptions`) of a table or an index, e.g. `{ fillfactor: "70", deduplicate_items: "off" }`.
 * Names are lowercase (`toast.` prefixed for a table's TOAST options); values are canonical text
 * (`storageValue` in src/schema/storage.ts): numbers as JavaScript prints them, booleans `on`/`off`,
 * anything else lowercased. Absent or empty means none. Never set on SQLite.
 */
export type StorageParameters = Readonly<Record<string, string>>;

/**
 * When a PostgreSQL constraint is checked: `"immediate"` is `DEFERRABLE INITIALLY IMMEDIATE` (checked
 * per statement unless a transaction runs `SET CONSTRAINTS … DEFERRED`), `"deferred"` is
 * `DEFERRABLE INITIALLY DEFERRED` (checked at commit). Absent is `NOT DEFERRABLE`. PostgreSQL
 * cannot defer CHECK or NOT NULL constraints.
 */
export type Deferrable = "immediate" | "deferred";

/**
 * A ColumnType is a column's type in canonical form. Types the models cannot express are `native`
 * and compare verbatim in the form `canonicalNativeType` gives (src/schema/native-type.ts:
 * whitespace collapsed, lowercased outside double quotes), e.g. `{ kind: "native", sql: "macaddr" }`,
 * `{ kind: "native", sql: "other.\"Mood\"" }`.
 *
 * Per dialect, producers map onto these kinds:
 * - PostgreSQL (`format_type` text): smallint/int2 → smallint; integer/int/int4 → integer;
 *   bigint/int8 → bigint; double precision/float8 → double; real/float4 → real;
 *   numeric(p,s)/decimal(p,s) → decimal; boolean → boolean; character varying(n)/varchar(n) →
 *   varchar(n); character varying without n → varchar with no length; text → text; date;
 *   time[(p)] without/with time zone → time (`withTimeZone: true` for timetz, `precision` when
 *   written); timestamp[(p)] with(out) time zone → timestamp (`precision` when written); interval
 *   (no fields, no precision); uuid; jsonb → json (binary: true); json → json (binary: false);
 *   bytea → bytes; inet; cidr; anything else (arrays, character(n), interval fields, bit(n),
 *   citext, enums, domains, composite types …) → native.
 * - SQLite (by declared type text): INTEGER/INT/BIGINT/INT8 → bigint (SQLite integers are 64-bit;
 *   PormG collapses them); SMALLINT → smallint; INTEGER UNSIGNED → integer; REAL/FLOAT/DOUBLE → double;
 *   DECIMAL/NUMERIC(p,s) → decimal; BOOLEAN/BOOL → boolean; [N]VARCHAR(n)/[N]CHAR(n)/CHARACTER(n)/TEXT(n) →
 *   varchar(n); TEXT/CLOB (no length) → text; DATE; TIME; DATETIME/TIMESTAMP → timestamp(withTimeZone: false);
 *   INTERVAL; UUID → uuid; JSON/JSONB → json(binary: false); BLOB → bytes; anything else → native.
 */
export type ColumnType =
  | { readonly kind: "smallint" }
  | { readonly kind: "integer" }
  | { readonly kind: "bigint" }
  | { readonly kind: "real" }
  | { readonly kind: "double" }
  | { readonly kind: "decimal"; readonly precision?: number; readonly scale?: number }
  | { readonly kind: "boolean" }
  /** `length` absent: PostgreSQL's length-less `varchar` (not `text`; PostgreSQL only). */
  | { readonly kind: "varchar"; readonly length?: number }
  | { readonly kind: "text" }
  | { readonly kind: "date" }
  /**
   * `withTimeZone` is present only for PostgreSQL's `time with time zone` (timetz); `precision`
   * (fractional-second digits, 0–6) only when the type is written with one (`time(3)`).
   */
  | { readonly kind: "time"; readonly withTimeZone?: true; readonly precision?: number }
  /** `precision` (fractional-second digits, 0–6) only when the type is written with one (`timestamp(3)`). */
  | { readonly kind: "timestamp"; readonly withTimeZone: boolean; readonly precision?: number }
  | { readonly kind: "interval" }
  | { readonly kind: "uuid" }
  | { readonly kind: "json"; readonly binary: boolean }
  | { readonly kind: "bytes" }
  | { readonly kind: "inet" }
  | { readonly kind: "cidr" }
  | { readonly kind: "native"; readonly sql: string };

/**
 * A Default is a column default. Literals are typed values (strings unquoted, numbers as numbers,
 * booleans as booleans); anything else is an expression in canonical text (`CURRENT_TIMESTAMP`,
 * `gen_random_uuid()`, `(now() + '1 day'::interval)` …). A NULL default is no default.
 */
export type Default =
  | { readonly kind: "literal"; readonly value: string | number | boolean }
  | { readonly kind: "expression"; readonly sql: string };

/**
 * An Identity marks a column whose values the database generates: PostgreSQL `GENERATED ALWAYS |
 * BY DEFAULT AS IDENTITY` or `serial` (a default of `nextval` on a sequence the column owns, which
 * becomes `{ always: false, serial: true }` with no `default`), SQLite `INTEGER PRIMARY KEY
 * AUTOINCREMENT` (`{ always: false }`). A SQLite `INTEGER PRIMARY KEY` without AUTOINCREMENT is a
 * rowid alias: NOT an identity.
 */
export interface Identity {
  readonly always: boolean;
  readonly serial?: boolean;
}

/** A Column is one table column. */
export interface Column {
  readonly name: string;
  readonly type: ColumnType;
  readonly nullable: boolean;
  readonly default?: Default;
  readonly identity?: Identity;
  /**
   * The column's collation (`COLLATE "C"`, `COLLATE NOCASE`), unquoted as the database reports it,
   * when it is not the default collation of the column's type; absent means the default. SQLite
   * names are case-insensitive, so SQLite producers uppercase them, and `BINARY` (SQLite's default)
   * is left out; PostgreSQL names are identifiers, kept as they are.
   */
  readonly collation?: string;
  /**
   * A generated column's value is computed from the other columns of its row: PostgreSQL
   * `GENERATED ALWAYS AS (expression) STORED` (VIRTUAL from PostgreSQL 18), SQLite `GENERATED
   * ALWAYS AS (expression) STORED | VIRTUAL`. `expression` is canonical, without the parentheses.
   * A generated column has no default and no identity.
   */
  readonly generated?: { readonly expression: string; readonly stored: boolean };
}

/**
 * KeyCollations are the collations written inside a SQLite table-level key (`UNIQUE (name COLLATE
 * NOCASE, scope)`, `PRIMARY KEY (code COLLATE NOCASE)`), parallel to the key's `columns`: the
 * collation name uppercased (as `Column.collation` on SQLite), or null where the key uses the
 * column's own collation. Present only when at least one entry is not null. PostgreSQL keys cannot
 * carry a collation (a unique index can: `IndexKey.collation`).
 */
export type KeyCollations = readonly (string | null)[];

/** A PrimaryKey lists its columns in key order. */
export interface PrimaryKey {
  readonly name?: string;
  readonly columns: readonly string[];
  /** SQLite: each key column's collation inside the key, when it is not the column's own (`KeyCollations`). */
  readonly collations?: KeyCollations;
  /** PostgreSQL: `DEFERRABLE …`; absent is NOT DEFERRABLE. */
  readonly deferrable?: Deferrable;
  /** PostgreSQL: storage parameters of the key's index (`PRIMARY KEY (…) WITH (fillfactor = 70)`). */
  readonly storage?: StorageParameters;
}

/** The referential action of a foreign key, as SQL spells it. */
export type ReferentialAction = "NO ACTION" | "RESTRICT" | "CASCADE" | "SET NULL" | "SET DEFAULT";

/** A ForeignKey references columns of a table in the same schema (single or composite). */
export interface ForeignKey {
  readonly name?: string;
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  readonly onDelete: ReferentialAction;
  readonly onUpdate: ReferentialAction;
  /**
   * `DEFERRABLE INITIALLY DEFERRED`: what pormg creates on PostgreSQL by default; on SQLite only
   * when declared (Django writes its SQLite foreign keys so).
   */
  readonly deferred: boolean;
  /**
   * PostgreSQL `DEFERRABLE INITIALLY IMMEDIATE`: set (to `true`) only when `deferred` is false and the
   * key is DEFERRABLE; a key with neither is NOT DEFERRABLE.
   */
  readonly deferrable?: true;
  /** PostgreSQL `MATCH FULL` (a key with some but not all columns NULL is refused); absent is MATCH SIMPLE. */
  readonly match?: "full";
  /**
   * PostgreSQL 15+ `ON DELETE SET NULL (cols)` / `SET DEFAULT (cols)`: the referencing columns the
   * action sets, when not all of them (a list naming every column is left out: it means the same).
   */
  readonly onDeleteColumns?: readonly string[];
  /** PostgreSQL `NOT VALID`: rows that existed when the key was added were never checked. */
  readonly notValid?: true;
}

/** A Unique is a UNIQUE constraint (or a plain unique index) over columns, in key order. */
export interface Unique {
  readonly name?: string;
  readonly columns: readonly string[];
  /** SQLite: each key column's collation inside the key, when it is not the column's own (`KeyCollations`). */
  readonly collations?: KeyCollations;
  /** PostgreSQL: `DEFERRABLE …` (a UNIQUE constraint, never a plain index); absent is NOT DEFERRABLE. */
  readonly deferrable?: Deferrable;
  /** PostgreSQL 15+ `UNIQUE NULLS NOT DISTINCT`: rows whose keys are equal or NULL alike collide. */
  readonly nullsNotDistinct?: true;
  /** PostgreSQL `INCLUDE (cols)`: non-key columns its index also stores (covering index), in order. */
  readonly include?: readonly string[];
  /** PostgreSQL: storage parameters of the index that enforces it. */
  readonly storage?: StorageParameters;
}

/** An IndexKey is one key of an index: a column, or an expression kept verbatim (canonicalised). */
export type IndexKey = ({ readonly column: string } | { readonly expression: string }) & IndexKeyOptions;

/** How one index key sorts and compares, beyond its column or expression (PostgreSQL; defaults left out). */
export interface IndexKeyOptions {
  readonly descending?: boolean;
  /** `NULLS FIRST|LAST` when it is not the direction's default (`ASC` sorts NULLs last, `DESC` first). */
  readonly nulls?: "first" | "last";
  /** A non-default operator class (`varchar_pattern_ops`, `jsonb_path_ops`, `gin_trgm_ops`). */
  readonly opclass?: string;
  /** A collation other than the key's own (`COLLATE "C"`). */
  readonly collation?: string;
  /** MySQL: the key's prefix length (`KEY (title(20))`: characters of text, bytes of binary); absent: the whole value. */
  readonly prefixLength?: number;
}

/** An Index is a database index that is not a plain Unique. */
export interface Index {
  readonly name?: string;
  readonly keys: readonly IndexKey[];
  readonly unique: boolean;
  /** PostgreSQL access method; `btree` is the default and is left out. */
  readonly method?: string;
  /** Partial-index predicate (canonical expression), without `WHERE`. */
  readonly where?: string;
  /** PostgreSQL 15+ `NULLS NOT DISTINCT` (unique indexes only). */
  readonly nullsNotDistinct?: true;
  /** PostgreSQL `INCLUDE (cols)`: non-key columns the index also stores (covering index), in order. */
  readonly include?: readonly string[];
  /** PostgreSQL storage parameters (`WITH (fillfactor = 70, deduplicate_items = off)`). */
  readonly storage?: StorageParameters;
}

/** A Check is a CHECK constraint; `expression` is the condition without `CHECK (…)` (canonical). */
export interface Check {
  readonly name?: string;
  readonly expression: string;
  /** PostgreSQL `NO INHERIT`: the check does not apply to tables that inherit from this one. */
  readonly noInherit?: true;
  /** PostgreSQL `NOT VALID`: rows that existed when the check was added were never checked. */
  readonly notValid?: true;
}

/** The kinds of database objects pormg sees but never manages. */
export type UnmanagedKind =
  | "view"
  | "materialized_view"
  | "trigger"
  | "function"
  | "procedure"
  /** A MySQL / MariaDB scheduled event (`CREATE EVENT`). */
  | "event"
  | "type"
  | "domain"
  | "sequence"
  | "partition"
  | "foreign_table"
  | "virtual_table"
  | "schema"
  | "extension"
  /** An index the IR cannot express (invalid, INCLUDE columns, operator class, collation, NULLS order …). */
  | "index"
  /**
   * A constraint or clause the IR cannot express: PostgreSQL EXCLUDE; on SQLite, clauses of a
   * managed `table` (`ON CONFLICT`, generated columns, `DEFERRABLE INITIALLY DEFERRED` …), which a
   * table rebuild refuses to lose.
   */
  | "constraint";

/** An UnmanagedObject is something in the database pormg reports but never creates, alters or drops. */
export interface UnmanagedObject {
  readonly kind: UnmanagedKind;
  readonly name: string;
  /** The table it belongs to (triggers, partitions), when it has one. */
  readonly table?: string;
  /**
   * Its defining SQL, when the reader keeps it (SQLite views and triggers: the `sqlite_master`
   * text), so a SQLite table rebuild can drop and re-create the objects that depend on the table.
   */
  readonly sql?: string;
  /**
   * A foreign key of the managed `table` to a table pormg does not manage (ignored by a prefix or
   * `ignore_tables`, in another schema, a partition …). The column is an ordinary column of the
   * table; the key is never compared, planned or dropped, and a SQLite table rebuild re-creates it.
   */
  readonly foreignKey?: ForeignKey;
}

/**
 * An OwnedSequence is the sequence behind a PostgreSQL serial column (the column owns it and its
 * default is `nextval` of it). It is not part of the Schema IR — a serial identity compares the
 * same whatever its sequence is called — but the statements that disown or drop it must name it.
 */
export interface OwnedSequence {
  readonly table: string;
  readonly column: string;
  /** The sequence as DDL names it: quoted when needed, schema-qualified when outside the search path. */
  readonly sql: string;
}

/**
 * A NamedNotNull is the name PostgreSQL 18+ gives a column's NOT NULL constraint (`<table>_<column>_not_null`
 * by default). Like an OwnedSequence it is not part of the Schema IR, but a table or column rename
 * renames a default-named one so the table is what a fresh `CREATE TABLE` makes.
 */
export interface NamedNotNull {
  readonly table: string;
  readonly column: string;
  readonly name: string;
}

/** A column of a table, `schema`-qualified when the table is in another schema than the one introspected. */
export interface ColumnReference {
  readonly table: string;
  readonly column: string;
  readonly schema?: string;
}

/**
 * A LiveSequence is a PostgreSQL sequence of the introspected schema, with the column that owns it
 * (`OWNED BY`, or an identity's) and the columns whose defaults read it (`nextval`, any schema). Not
 * part of the Schema IR: a column made serial gets a sequence of its own, and rendering must know
 * whether the name it would take is already used, and by whom.
 */
export interface LiveSequence {
  readonly name: string;
  /** As DDL names it: quoted when needed. */
  readonly sql: string;
  readonly owner?: ColumnReference;
  /** The sequence is its owner's identity (dropped with it by `DROP IDENTITY`), not `OWNED BY`. */
  readonly identity?: true;
  readonly readers: readonly ColumnReference[];
}

/** A LiveSchema is what introspection returns: the managed tables plus the inventory of the rest. */
export interface LiveSchema {
  readonly schema: Schema;
  readonly unmanaged: readonly UnmanagedObject[];
  /** Tables skipped by the ignore lists (built-in and `ignore_tables`). */
  readonly ignored: readonly string[];
  /** PostgreSQL: views reading the managed tables and table inheritance links (see `dependents.ts`). */
  readonly dependents?: LiveDependents;
  /** PostgreSQL: the sequences serial columns of managed tables own (absent: none). */
  readonly ownedSequences?: readonly OwnedSequence[];
  /** PostgreSQL: every sequence of the schema, with its owner and readers (absent: none). */
  readonly sequences?: readonly LiveSequence[];
  /** PostgreSQL 18+: the names of the managed tables' NOT NULL constraints (absent: none, or before 18). */
  readonly notNulls?: readonly NamedNotNull[];
}
