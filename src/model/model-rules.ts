import type { DialectCapabilities } from "../core/capabilities.ts";
import type { DialectName } from "../core/dialect-name.ts";
import type { ColumnType } from "../schema/ir.ts";
import type { NormalizeRules } from "../schema/normalize-rules.ts";
import type { Field } from "./types.ts";

/**
 * ModelRules are what the Models DSL can declare on a dialect and how its fields map to columns
 * and back: which field kinds and options exist there, and the dialect's half of the type map.
 * Each dialect implements them as its `models` part (`src/dialect/<d>/<d>-models.ts`, the type
 * map functions in `<d>-type-map.ts`). Validation refuses an option the dialect lacks, naming it.
 */
export interface ModelRules {
  /** The column type of an IntegerField: `integer` (4 bytes), or `bigint` where every integer is 8 bytes (SQLite). */
  readonly integerField: "integer" | "bigint";
  /** FloatField `real: true` (a 4-byte float). */
  readonly realFloats: boolean;
  /** JSONField `binary` (jsonb, the default where it exists). */
  readonly binaryJson: boolean;
  /** DateTimeField and TimeField `withTimeZone` (a DateTimeField's default where it exists). */
  readonly timeZones: boolean;
  /** DateTimeField and TimeField `precision` (fractional-second digits). */
  readonly timePrecision: boolean;
  /** GenericIPAddressField and CIDRField (network address columns). */
  readonly networkTypes: boolean;
  /** CharField `maxLength: null` (a varchar without length). */
  readonly unboundedVarchar: boolean;
  /** Identity kinds beyond `identity: true`: IDField `generatedAlways`/`serial`, `identity: { always, serial }`. */
  readonly identityKinds: boolean;
  /**
   * A generated (identity) key is the table's rowid (SQLite `INTEGER PRIMARY KEY AUTOINCREMENT`): it
   * must be the only primary-key column, and a NativeField spelled otherwise is not one.
   */
  readonly identityIsRowid: boolean;
  /** Primary-key columns are NOT NULL whatever the field says, so `null: true` on one is refused. */
  readonly primaryKeysNotNull: boolean;
  /** Foreign keys take `deferrable`, `match` and `notValid`; otherwise only `deferred` (default false). */
  readonly foreignKeyClauses: boolean;
  /** The automatic join tables' foreign keys are DEFERRABLE INITIALLY DEFERRED. */
  readonly deferredJoinKeys: boolean;
  /**
   * The clause options of indexes, keys and constraints: storage parameters, DEFERRABLE, NULLS NOT
   * DISTINCT, MATCH, NO INHERIT, NOT VALID, INCLUDE, an index `method`, and index keys' `nulls`,
   * `opclass` and `collation`.
   */
  readonly clauseOptions: boolean;
  /** A UNIQUE or PRIMARY KEY constraint can give a key column a collation (`{ field, collation }`). */
  readonly keyCollations: boolean;
  /** The table options `strict` and `withoutRowid`. */
  readonly tableOptions: boolean;
  /** A column may have no type (a NativeField with an empty type). */
  readonly typelessColumns: boolean;
  /** The most digits a DecimalField keeps exactly, when there is a limit (SQLite's 8-byte floats). */
  readonly maxDecimalDigits?: number;
  /** The longest physical name in bytes, when the dialect cuts longer names (PostgreSQL: 63). */
  readonly maxIdentifierBytes?: number;
  /**
   * The fractional-second digits a time or timestamp column declared without `precision` has, where
   * the database cannot tell that precision written out from none (MySQL: `datetime(6)`): a field's
   * `precision` equal to it is left out, so the column compares as introspection reads it.
   */
  readonly impliedTimePrecision?: number;
  /**
   * The dialect's own problems with a field that the flags above do not cover (a kind it has no
   * column type for, a limit of its types), each the text after the field's name and saying what to
   * use instead. `isPk`: the field is (part of) the primary key.
   */
  fieldProblems?(field: Field, isPk: boolean): readonly string[];
  /**
   * The field kind that declares native SQL type `sql` pormg already knows (so a NativeField of it
   * would never compare equal to the database), or undefined when the type is truly native.
   */
  knownTypeField(sql: string): string | undefined;
  /** Whether a NativeField of `type` on the sole primary key declares what no other field does (SQLite: `INT` is no rowid alias). */
  keyTypeKeepsNative(type: string): boolean;
  /** The canonical text of the CHECK a positive integer field adds, as the database gives it back. */
  nonNegativeCheck(column: string): string;
  /** The canonical text of a BinaryField's byte-length CHECK. */
  byteLengthCheck(column: string, max: number): string;
  /** A column type as the dialect's DDL writes it. */
  typeText(type: ColumnType): string;
}

/**
 * What the model layer needs of a dialect: its name (the Schema's `dialect`, the key of a
 * per-dialect `dbDefault`), its label for messages, how it compares and names things, how schemas
 * normalize, and its ModelRules. A Dialect fits.
 */
export interface ModelDialect {
  readonly name: DialectName;
  readonly label: string;
  readonly capabilities: Pick<DialectCapabilities, "identifierCase" | "namedConstraints">;
  readonly normalize: NormalizeRules;
  readonly models: ModelRules;
  /** Quotes a string literal (a default written as SQL). */
  quoteLiteral(value: string): string;
  /** The table-name prefixes introspection never reads (its built-in ignore list). */
  readonly ignoredTablePrefixes: readonly string[];
}
