/**
 * The option types of every field constructor and of `Models.Model`. They are exact object types:
 * an object literal with a misspelt or foreign option is a compile error for users who type-check
 * (TypeScript's excess-property check); at run time `validateModels` reports the same mistakes.
 */
import type { ConstraintDef, IndexDef, ModelRef } from "./types.ts";

/** A DbDefault is a default written as SQL: one expression for every dialect, or one per dialect. */
export type DbDefault = string | { readonly postgresql?: string; readonly sqlite?: string; readonly mysql?: string };

/** What a foreign key does when its parent row is deleted (PormG spelling). Unset means `NO ACTION`. */
export type OnDelete = "CASCADE" | "RESTRICT" | "SET_NULL" | "SET_DEFAULT" | "DO_NOTHING" | "PROTECT" | "NO_ACTION";

/** What a foreign key does when its parent key is updated. Unset means `NO ACTION`. */
export type OnUpdate = "CASCADE" | "RESTRICT" | "SET_NULL" | "SET_DEFAULT" | "NO_ACTION";

/**
 * Storage parameters written as PostgreSQL's `WITH (…)` takes them: `{ fillfactor: 70,
 * deduplicate_items: false }` (table parameters of the TOAST table as `"toast.autovacuum_enabled"`).
 * PostgreSQL only.
 */
export type StorageOption = Readonly<Record<string, number | boolean | string>>;

/**
 * When a PostgreSQL constraint is checked: `"immediate"` (DEFERRABLE INITIALLY IMMEDIATE) or
 * `"deferred"` (DEFERRABLE INITIALLY DEFERRED); unset is NOT DEFERRABLE. CHECK constraints cannot be
 * deferred on PostgreSQL.
 */
export type DeferrableOption = "immediate" | "deferred";

/** Choices are the allowed values of a field, bare or as `[value, label]` pairs (no effect on the schema). */
export type Choices<T> = readonly (T | readonly [T, string])[];

/** Options every column-producing field takes that have no effect on the schema, plus naming. */
export interface BaseOptions {
  /** The physical column name; default the field name (verbatim, case kept). */
  readonly dbColumn?: string;
  /** The field's previous name, read by the planner to plan a rename instead of drop + add. */
  readonly renamedFrom?: string;
  readonly verboseName?: string;
  readonly blank?: boolean;
  readonly editable?: boolean;
}

/**
 * A Generated option makes a column generated: the database computes its value from the row's
 * other columns (PostgreSQL `GENERATED ALWAYS AS (expression) STORED`, SQLite `… STORED | VIRTUAL`).
 */
export interface GeneratedOption {
  /** SQL over the row's columns (physical names), without the surrounding parentheses. */
  readonly expression: string;
  /** `true`: computed on write and stored; `false`: computed on read (SQLite; PostgreSQL 18 and later). */
  readonly stored: boolean;
}

/** Options of every plain value field; `T` is the type of its `default`. */
export interface ValueOptions<T> extends BaseOptions {
  /** Whether the column accepts NULL. Default `false`. */
  readonly null?: boolean;
  /** A literal default value. */
  readonly default?: T;
  /** A default written as SQL (an expression such as `CURRENT_TIMESTAMP`), per dialect if needed. */
  readonly dbDefault?: DbDefault;
  readonly unique?: boolean;
  readonly primaryKey?: boolean;
  /** Adds a single-column index (default name `<table>_<column>_idx`). */
  readonly dbIndex?: boolean;
  readonly choices?: Choices<T>;
  /**
   * The column's collation, text columns only; unset is the type's default. PostgreSQL: a collation
   * name (`"C"`, `"und-x-icu"`, written `COLLATE "C"`); SQLite: `"NOCASE"`, `"RTRIM"` or one the
   * application registers (default `BINARY`).
   */
  readonly collation?: string;
  /** Makes the column generated (no default, no identity, not part of the primary key). */
  readonly generated?: GeneratedOption;
}

/** Options of `IDField` (a bigint primary key the database generates). */
export interface IDFieldOptions extends BaseOptions {
  /** Default `true`; `false` when the key is declared at model level (`primaryKey: [...]`). */
  readonly primaryKey?: boolean;
  readonly unique?: boolean;
  readonly dbIndex?: boolean;
  /** PostgreSQL: `GENERATED ALWAYS AS IDENTITY` instead of `BY DEFAULT`. */
  readonly generatedAlways?: boolean;
  /** PostgreSQL: a `bigserial` (sequence default) instead of an identity. */
  readonly serial?: boolean;
}

/** An Identity option makes an integer column database-generated (`true` = `BY DEFAULT` identity). */
export type IdentityOption = boolean | { readonly always?: boolean; readonly serial?: boolean };

/** Options of `EmailField`, `URLField`, `SlugField` and `PasswordField`: a `varchar(maxLength)`. */
export interface LengthFieldOptions extends ValueOptions<string> {
  readonly maxLength?: number;
}
/** Options of `CharField`: `varchar(maxLength)`, default 250; `maxLength: null` is PostgreSQL's length-less `varchar`. */
export interface CharFieldOptions extends ValueOptions<string> {
  readonly maxLength?: number | null;
}
/** Options of `TextField`. */
export type TextFieldOptions = ValueOptions<string>;
/** Options of `IntegerField`, `BigIntegerField` and `SmallIntegerField`. */
export interface IntegerFieldOptions extends ValueOptions<number> {
  readonly identity?: IdentityOption;
}
/** Options of `PositiveIntegerField` and `PositiveSmallIntegerField`. */
export interface PositiveFieldOptions extends ValueOptions<number> {
  /** Default `true`: add `CHECK ("col" >= 0)`. `false` keeps the type without the check. */
  readonly dbCheck?: boolean;
}
/** Options of `FloatField`. */
export interface FloatFieldOptions extends ValueOptions<number> {
  /** PostgreSQL: `real` (4 bytes) instead of `double precision`. */
  readonly real?: boolean;
}
/** Options of `DecimalField`; `null` leaves precision or scale unspecified (`numeric`). */
export interface DecimalFieldOptions extends ValueOptions<number | string> {
  /** Default 10. */
  readonly maxDigits?: number | null;
  /** Default 2. */
  readonly decimalPlaces?: number | null;
}
/** Options of `BooleanField`. */
export type BooleanFieldOptions = ValueOptions<boolean>;
/** Options of `DateField`. */
export interface DateFieldOptions extends ValueOptions<string> {
  readonly autoNow?: boolean;
  readonly autoNowAdd?: boolean;
}
/** Options of `DateTimeField`. */
export interface DateTimeFieldOptions extends DateFieldOptions {
  /** PostgreSQL: `timestamptz` (default `true`) or `timestamp`. SQLite has one timestamp type. */
  readonly withTimeZone?: boolean;
  /** PostgreSQL: fractional-second digits, 0–6 (`timestamptz(3)`); unset writes no precision. */
  readonly precision?: number;
}
/** Options of `TimeField`. */
export interface TimeFieldOptions extends DateFieldOptions {
  /** PostgreSQL: `timetz` (`time with time zone`) instead of `time` (default `false`). */
  readonly withTimeZone?: boolean;
  /** PostgreSQL: fractional-second digits, 0–6 (`time(3)`); unset writes no precision. */
  readonly precision?: number;
}
/** Options of fields whose default is a string (`DurationField`, `UUIDField`, IP fields). */
export type StringValueOptions = ValueOptions<string>;
/** A JSON value, the default of a `JSONField`. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
/** Options of `JSONField`. */
export interface JSONFieldOptions extends ValueOptions<JsonValue> {
  /** PostgreSQL: `jsonb` (default `true`) or `json`. */
  readonly binary?: boolean;
}
/** Options of `BinaryField`. */
export interface BinaryFieldOptions extends ValueOptions<string> {
  /** Adds a byte-length CHECK. */
  readonly maxLength?: number;
}
/** Options of `NativeField`: `type` is the SQL type, kept verbatim. */
export interface NativeFieldOptions extends ValueOptions<string | number | boolean> {
  readonly type: string;
}

/** Options of `ForeignKey` and `OneToOneField`. */
export interface ForeignKeyOptions extends BaseOptions {
  readonly null?: boolean;
  readonly default?: string | number;
  readonly dbDefault?: DbDefault;
  readonly unique?: boolean;
  readonly primaryKey?: boolean;
  /** Default `true` for ForeignKey (PormG), `false` when the column is unique or the key. */
  readonly dbIndex?: boolean;
  readonly onDelete?: OnDelete;
  readonly onUpdate?: OnUpdate;
  /** The referenced field of the parent; default its primary key. */
  readonly pkField?: string;
  /** Default `true`; `false` declares the column without a FOREIGN KEY constraint. */
  readonly dbConstraint?: boolean;
  /** The constraint's name when it is not the default `<table>_<column>_fkey`. */
  readonly constraintName?: string;
  /**
   * `DEFERRABLE INITIALLY DEFERRED`: default `true` on PostgreSQL (`false` is NOT DEFERRABLE), `false`
   * on SQLite (`true` declares it so there, as Django writes its SQLite foreign keys).
   */
  readonly deferred?: boolean;
  /**
   * PostgreSQL: the key's timing in full, instead of `deferred`: `"immediate"` (DEFERRABLE INITIALLY
   * IMMEDIATE), `"deferred"`, or `false` (NOT DEFERRABLE).
   */
  readonly deferrable?: DeferrableOption | false;
  /** PostgreSQL: `"full"` is MATCH FULL; the default is MATCH SIMPLE. */
  readonly match?: "full" | "simple";
  /** PostgreSQL: added `NOT VALID` (rows already there are not checked); a validated key also satisfies it. */
  readonly notValid?: boolean;
  /** The column's collation (a key to a text column), as for value fields. */
  readonly collation?: string;
  readonly relatedName?: string;
}

/** Options of `ManyToManyField`. */
export interface ManyToManyOptions {
  /** A model that is the join table; without it a join table `<table>_<field>` is created. */
  readonly through?: ModelRef;
  /** The name of the automatic join table. */
  readonly dbTable?: string;
  readonly relatedName?: string;
}

/** How one index key sorts and compares (PostgreSQL, except `descending`): see `IndexKeySpec`. */
export interface IndexKeyClauses {
  readonly descending?: boolean;
  /** PostgreSQL: `NULLS FIRST|LAST` (the default is last for ascending keys, first for descending ones). */
  readonly nulls?: "first" | "last";
  /** PostgreSQL: the key's operator class (`varchar_pattern_ops`, `jsonb_path_ops`, `gin_trgm_ops`). */
  readonly opclass?: string;
  /** PostgreSQL: the key's collation (`"C"`), when it is not the column's. */
  readonly collation?: string;
}

/**
 * One key of `Models.Index`: a field name (`"-name"` for descending), a field with clauses
 * (`{ field: "email", opclass: "varchar_pattern_ops" }`), or an expression (`{ expression: "lower(name)" }`).
 */
export type IndexKeySpec =
  | string
  | ({ readonly field: string } & IndexKeyClauses)
  | ({ readonly expression: string } & IndexKeyClauses);

/** Options of `Models.Index`. */
export interface IndexOptions {
  readonly fields: readonly IndexKeySpec[];
  readonly name?: string;
  readonly unique?: boolean;
  /** PostgreSQL access method (`btree`, `hash`, `gin`, `gist`, `spgist`, `brin`). */
  readonly method?: string;
  /** Partial-index predicate, SQL without `WHERE`. */
  readonly condition?: string;
  /** PostgreSQL 15+, unique indexes: `NULLS NOT DISTINCT` (rows with NULLs in the same places collide). */
  readonly nullsNotDistinct?: boolean;
  /** PostgreSQL: non-key fields the index also stores, `INCLUDE (…)` (a covering index). */
  readonly include?: readonly string[];
  /** PostgreSQL: storage parameters (`WITH (fillfactor = 70)`). */
  readonly storage?: StorageOption;
}

/**
 * One field of a `Models.UniqueConstraint` or model-level `primaryKey`: a field name, or (SQLite) a
 * field with the collation the key compares it by (`{ field: "name", collation: "NOCASE" }`:
 * `UNIQUE ("name" COLLATE NOCASE, …)`), when it is not the column's own.
 */
export type KeyFieldSpec = string | { readonly field: string; readonly collation?: string };

/** Options of `Models.UniqueConstraint`. */
export interface UniqueConstraintOptions {
  readonly fields: readonly KeyFieldSpec[];
  readonly name?: string;
  /** PostgreSQL: DEFERRABLE INITIALLY IMMEDIATE / DEFERRED; unset is NOT DEFERRABLE. */
  readonly deferrable?: DeferrableOption;
  /** PostgreSQL 15+: `UNIQUE NULLS NOT DISTINCT`. */
  readonly nullsNotDistinct?: boolean;
  /** PostgreSQL: non-key fields the constraint's index also stores, `INCLUDE (…)`. */
  readonly include?: readonly string[];
  /** PostgreSQL: storage parameters of the constraint's index. */
  readonly storage?: StorageOption;
}

/** Options of `Models.CheckConstraint`. */
export interface CheckConstraintOptions {
  readonly condition: string;
  readonly name?: string;
  /** PostgreSQL: `NO INHERIT` (tables inheriting from this one do not get the check). */
  readonly noInherit?: boolean;
  /** PostgreSQL: added `NOT VALID` (rows already there are not checked); a validated check also satisfies it. */
  readonly notValid?: boolean;
}

/** Options of `Models.ForeignKeyConstraint` (composite or otherwise not expressible on one field). */
export interface ForeignKeyConstraintOptions {
  readonly fields: readonly string[];
  readonly references: ModelRef;
  /** The referenced fields; default the referenced model's primary key. */
  readonly toFields?: readonly string[];
  readonly onDelete?: OnDelete;
  readonly onUpdate?: OnUpdate;
  /**
   * PostgreSQL 15+: with `onDelete: "SET_NULL" | "SET_DEFAULT"`, the fields the action sets when not
   * all of them (`ON DELETE SET NULL (col)`).
   */
  readonly onDeleteFields?: readonly string[];
  readonly name?: string;
  readonly deferred?: boolean;
  readonly deferrable?: DeferrableOption | false;
  readonly match?: "full" | "simple";
  readonly notValid?: boolean;
}

/** Options of `Models.Model`. */
export interface ModelOptions {
  /** The physical table name (verbatim); default the lowercased export name. */
  readonly dbTable?: string;
  /** Default `true`; `false` models are never created, altered or dropped. */
  readonly managed?: boolean;
  readonly indexes?: readonly IndexDef[];
  readonly constraints?: readonly ConstraintDef[];
  /**
   * A primary key declared at model level: composite, named when the name is not `<table>_pkey`, or
   * (PostgreSQL) deferrable or with storage parameters for its index.
   */
  readonly primaryKey?:
    | readonly KeyFieldSpec[]
    | {
        readonly fields: readonly KeyFieldSpec[];
        readonly name?: string;
        readonly deferrable?: DeferrableOption;
        readonly storage?: StorageOption;
      };
  /** PostgreSQL: the table's storage parameters (`WITH (fillfactor = 80, autovacuum_enabled = false)`). */
  readonly storage?: StorageOption;
  /** The model's previous export name, read by the planner to plan a table rename. */
  readonly renamedFrom?: string;
  /** SQLite: a `STRICT` table (every column INT, INTEGER, REAL, TEXT, BLOB or ANY). */
  readonly strict?: boolean;
  /** SQLite: a `WITHOUT ROWID` table (needs a primary key; no AUTOINCREMENT). */
  readonly withoutRowid?: boolean;
}
