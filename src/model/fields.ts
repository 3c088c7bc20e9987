/**
 * The field constructors of the Models DSL. Each one records its options as written; defaults and
 * checks are applied at load (`validateModels`, `modelsToSchema`), so every problem is reported at once.
 */
import type {
  BinaryFieldOptions,
  BooleanFieldOptions,
  CharFieldOptions,
  DateFieldOptions,
  DateTimeFieldOptions,
  DecimalFieldOptions,
  FloatFieldOptions,
  ForeignKeyOptions,
  IDFieldOptions,
  IntegerFieldOptions,
  JSONFieldOptions,
  LengthFieldOptions,
  ManyToManyOptions,
  NativeFieldOptions,
  PositiveFieldOptions,
  StringValueOptions,
  TextFieldOptions,
  TimeFieldOptions,
} from "./options.ts";
import type { Field, FieldKind, ModelRef } from "./types.ts";

/** The options of a field written without any: one frozen empty record shared by all of them. */
const NO_OPTIONS: Field["options"] = Object.freeze({});

function field(kind: FieldKind, options: object | undefined, to?: ModelRef): Field {
  // Built without a conditional spread: a models file calls this once per field, thousands of times.
  // A field without options shares NO_OPTIONS (nothing keys on an options record's identity).
  const own: Field["options"] = options === undefined ? NO_OPTIONS : Object.freeze({ ...options });
  const f: Field =
    to === undefined ? { __pormg: "field", kind, options: own } : { __pormg: "field", kind, options: own, to };
  return Object.freeze(f);
}

/** An IDField is a bigint primary key the database generates (PG identity, SQLite AUTOINCREMENT). */
export const IDField = (options?: IDFieldOptions): Field => field("IDField", options);
/** A CharField is a `varchar(maxLength)` column; `maxLength` defaults to 250 (`null`: length-less `varchar`, PostgreSQL). */
export const CharField = (options?: CharFieldOptions): Field => field("CharField", options);
/** A TextField is an unbounded `text` column. */
export const TextField = (options?: TextFieldOptions): Field => field("TextField", options);
/** An EmailField is a `varchar(maxLength)` column; `maxLength` defaults to 254. */
export const EmailField = (options?: LengthFieldOptions): Field => field("EmailField", options);
/** A URLField is a `varchar(maxLength)` column; `maxLength` defaults to 200. */
export const URLField = (options?: LengthFieldOptions): Field => field("URLField", options);
/** A SlugField is an indexed `varchar(maxLength)` column; `maxLength` defaults to 50 (at most 255). */
export const SlugField = (options?: LengthFieldOptions): Field => field("SlugField", options);
/** A PasswordField is a `varchar(maxLength)` column for a password hash; `maxLength` defaults to 128 (at least 64). */
export const PasswordField = (options?: LengthFieldOptions): Field => field("PasswordField", options);
/** An IntegerField is a 32-bit integer on PostgreSQL (SQLite integers are all 64-bit). */
export const IntegerField = (options?: IntegerFieldOptions): Field => field("IntegerField", options);
/** A BigIntegerField is a 64-bit integer. */
export const BigIntegerField = (options?: IntegerFieldOptions): Field => field("BigIntegerField", options);
/** A SmallIntegerField is a 16-bit integer. */
export const SmallIntegerField = (options?: IntegerFieldOptions): Field => field("SmallIntegerField", options);
/** A PositiveIntegerField is an integer with `CHECK ("col" >= 0)` (`INTEGER UNSIGNED` on SQLite). */
export const PositiveIntegerField = (options?: PositiveFieldOptions): Field => field("PositiveIntegerField", options);
/** A PositiveSmallIntegerField is a smallint with `CHECK ("col" >= 0)`. */
export const PositiveSmallIntegerField = (options?: PositiveFieldOptions): Field =>
  field("PositiveSmallIntegerField", options);
/** A FloatField is a `double precision` column (`real` on PostgreSQL with `real: true`). */
export const FloatField = (options?: FloatFieldOptions): Field => field("FloatField", options);
/** A DecimalField is a `decimal(maxDigits, decimalPlaces)` column, default `decimal(10, 2)`. */
export const DecimalField = (options?: DecimalFieldOptions): Field => field("DecimalField", options);
/** A BooleanField is a `boolean` column. */
export const BooleanField = (options?: BooleanFieldOptions): Field => field("BooleanField", options);
/** A DateField is a `date` column. */
export const DateField = (options?: DateFieldOptions): Field => field("DateField", options);
/** A DateTimeField is a timestamp column: `timestamptz` on PostgreSQL unless `withTimeZone: false`. */
export const DateTimeField = (options?: DateTimeFieldOptions): Field => field("DateTimeField", options);
/** A TimeField is a `time` column (`timetz` on PostgreSQL with `withTimeZone: true`). */
export const TimeField = (options?: TimeFieldOptions): Field => field("TimeField", options);
/** A DurationField is an `interval` column. */
export const DurationField = (options?: StringValueOptions): Field => field("DurationField", options);
/** A UUIDField is a `uuid` column. */
export const UUIDField = (options?: StringValueOptions): Field => field("UUIDField", options);
/** A JSONField is a `jsonb` column on PostgreSQL (`json` with `binary: false`) and `JSON` on SQLite. */
export const JSONField = (options?: JSONFieldOptions): Field => field("JSONField", options);
/** A BinaryField is a `bytea` / `BLOB` column, with a byte-length CHECK when `maxLength` is given. */
export const BinaryField = (options?: BinaryFieldOptions): Field => field("BinaryField", options);
/** A GenericIPAddressField is an `inet` column (PostgreSQL only). */
export const GenericIPAddressField = (options?: StringValueOptions): Field => field("GenericIPAddressField", options);
/** A CIDRField is a `cidr` column (PostgreSQL only). */
export const CIDRField = (options?: StringValueOptions): Field => field("CIDRField", options);
/** A NativeField is a column of an SQL type the DSL has no field for (`macaddr`, `text[]` …), compared verbatim. */
export const NativeField = (options: NativeFieldOptions): Field => field("NativeField", options);
/** A ForeignKey is a column referencing another model's key (a model, its export name, or `"self"`). */
export const ForeignKey = (to: ModelRef, options?: ForeignKeyOptions): Field => field("ForeignKey", options, to);
/** A OneToOneField is a ForeignKey whose column is also unique. */
export const OneToOneField = (to: ModelRef, options?: ForeignKeyOptions): Field => field("OneToOneField", options, to);
/** A ManyToManyField is no column: it declares a join table `<table>_<field>` (or uses `through`). */
export const ManyToManyField = (to: ModelRef, options?: ManyToManyOptions): Field =>
  field("ManyToManyField", options, to);
