/**
 * The run-time description of every option the DSL accepts: which options each field kind takes and
 * what type each must have. `validateModels` uses it to report unknown and mistyped options (for users
 * who do not type-check); it mirrors the compile-time types in `options.ts`.
 */
import { STORAGE_NAME } from "../schema/storage.ts";
import type { FieldKind } from "./types.ts";

/** An OptionCheck tests one option value; it returns what was expected when the value is wrong. */
export type OptionCheck = (value: unknown) => string | undefined;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

const is =
  (type: "boolean" | "string", expected = `a ${type}`): OptionCheck =>
  (v) =>
    typeof v === type ? undefined : expected;
const bool = is("boolean", "true or false");
const text: OptionCheck = (v) => (typeof v === "string" && v.length > 0 ? undefined : "a non-empty string");
/** A SQL type: any string; `""` declares a SQLite column without a type (BLOB affinity), refused on PostgreSQL. */
const sqlType = is("string");
const integer: OptionCheck = (v) => (Number.isInteger(v) ? undefined : "an integer");
const integerOrNull: OptionCheck = (v) => (v === null || Number.isInteger(v) ? undefined : "an integer or null");
const oneOf =
  (...values: string[]): OptionCheck =>
  (v) =>
    typeof v === "string" && values.includes(v) ? undefined : `one of ${values.map((x) => `"${x}"`).join(", ")}`;
/** The keys of a per-dialect `dbDefault` as people write them in models.ts: the dialects' names. */
const DB_DEFAULT_KEYS: readonly string[] = ["postgresql", "sqlite", "mysql"];
const dbDefault: OptionCheck = (v) =>
  typeof v === "string" ||
  (isObject(v) &&
    Object.keys(v).every((k) => DB_DEFAULT_KEYS.includes(k)) &&
    Object.values(v).every((x) => typeof x === "string"))
    ? undefined
    : "an SQL string or { postgresql?: string, sqlite?: string, mysql?: string }";
const identity: OptionCheck = (v) =>
  typeof v === "boolean" ||
  (isObject(v) &&
    Object.keys(v).every((k) => k === "always" || k === "serial") &&
    Object.values(v).every((x) => typeof x === "boolean"))
    ? undefined
    : "true, false or { always?: boolean, serial?: boolean }";
const generated: OptionCheck = (v) =>
  isObject(v) &&
  Object.keys(v).every((k) => k === "expression" || k === "stored") &&
  typeof v.expression === "string" &&
  v.expression.trim().length > 0 &&
  typeof v.stored === "boolean"
    ? undefined
    : "{ expression: a non-empty SQL string, stored: true (STORED) or false (VIRTUAL) }";
const modelRef: OptionCheck = (v) =>
  typeof v === "string" || (isObject(v) && v.__pormg === "model") ? undefined : "a model or a model name";
const choices: OptionCheck = (v) => (Array.isArray(v) ? undefined : "an array of values or [value, label] pairs");
const deferrable: OptionCheck = oneOf("immediate", "deferred");
const deferrableOrFalse: OptionCheck = (v) => (v === false ? undefined : deferrable(v) && `${deferrable(v)} or false`);
const match: OptionCheck = oneOf("full", "simple");

/** Checks a `storage` option: `{ name: number | boolean | string }` with valid parameter names. */
export const storageOption: OptionCheck = (v) =>
  isObject(v) &&
  Object.keys(v).length > 0 &&
  Object.keys(v).every((k) => STORAGE_NAME.test(k)) &&
  Object.values(v).every(
    (x) =>
      typeof x === "boolean" || (typeof x === "number" && Number.isFinite(x)) || (typeof x === "string" && x !== ""),
  )
    ? undefined
    : "{ parameter: number | boolean | string } with lowercase parameter names (e.g. { fillfactor: 70 })";

/** The checks of the PostgreSQL constraint clauses, by option name (shared with model-level constraints). */
export const CLAUSE_OPTIONS = { deferrable, deferrableOrFalse, match, storage: storageOption, bool } as const;

/** The ON DELETE spellings the DSL accepts. */
export const ON_DELETE = ["CASCADE", "RESTRICT", "SET_NULL", "SET_DEFAULT", "DO_NOTHING", "PROTECT", "NO_ACTION"];
/** The ON UPDATE spellings the DSL accepts. */
export const ON_UPDATE = ["CASCADE", "RESTRICT", "SET_NULL", "SET_DEFAULT", "NO_ACTION"];

const literal =
  (what: string, test: (v: unknown) => boolean): OptionCheck =>
  (v) =>
    test(v) ? undefined : what;
const defaults = {
  string: literal("a string", (v) => typeof v === "string"),
  integer: literal("an integer", (v) => Number.isInteger(v)),
  number: literal("a number", (v) => typeof v === "number" && Number.isFinite(v)),
  decimal: literal("a number or a numeric string", (v) => typeof v === "number" || typeof v === "string"),
  boolean: literal("true or false", (v) => typeof v === "boolean"),
  json: literal("a JSON value", (v) => v !== undefined && typeof v !== "function" && typeof v !== "bigint"),
  scalar: literal("a string, number or boolean", (v) => ["string", "number", "boolean"].includes(typeof v)),
  key: literal("a string or an integer", (v) => typeof v === "string" || Number.isInteger(v)),
} as const;

const BASE: Record<string, OptionCheck> = {
  dbColumn: text,
  renamedFrom: text,
  verboseName: is("string"),
  blank: bool,
  editable: bool,
};
const VALUE: Record<string, OptionCheck> = {
  ...BASE,
  null: bool,
  dbDefault,
  unique: bool,
  primaryKey: bool,
  dbIndex: bool,
  choices,
  collation: text,
  generated,
};
const RELATION: Record<string, OptionCheck> = {
  ...BASE,
  null: bool,
  default: defaults.key,
  dbDefault,
  unique: bool,
  primaryKey: bool,
  dbIndex: bool,
  onDelete: oneOf(...ON_DELETE),
  onUpdate: oneOf(...ON_UPDATE),
  pkField: text,
  dbConstraint: bool,
  constraintName: text,
  deferred: bool,
  deferrable: deferrableOrFalse,
  match,
  notValid: bool,
  collation: text,
  relatedName: is("string"),
};
const value = (def: OptionCheck, extra: Record<string, OptionCheck> = {}) => ({ ...VALUE, default: def, ...extra });
const dates = { autoNow: bool, autoNowAdd: bool };

/** The options each field kind accepts, with the check for each. */
export const FIELD_OPTIONS: Readonly<Record<FieldKind, Readonly<Record<string, OptionCheck>>>> = {
  IDField: { ...BASE, primaryKey: bool, unique: bool, dbIndex: bool, generatedAlways: bool, serial: bool },
  CharField: value(defaults.string, { maxLength: integerOrNull }),
  TextField: value(defaults.string),
  EmailField: value(defaults.string, { maxLength: integer }),
  URLField: value(defaults.string, { maxLength: integer }),
  SlugField: value(defaults.string, { maxLength: integer }),
  PasswordField: value(defaults.string, { maxLength: integer }),
  IntegerField: value(defaults.integer, { identity }),
  BigIntegerField: value(defaults.integer, { identity }),
  SmallIntegerField: value(defaults.integer, { identity }),
  PositiveIntegerField: value(defaults.integer, { dbCheck: bool }),
  PositiveSmallIntegerField: value(defaults.integer, { dbCheck: bool }),
  FloatField: value(defaults.number, { real: bool }),
  DecimalField: value(defaults.decimal, { maxDigits: integerOrNull, decimalPlaces: integerOrNull }),
  BooleanField: value(defaults.boolean),
  DateField: value(defaults.string, dates),
  DateTimeField: value(defaults.string, { ...dates, withTimeZone: bool, precision: integer }),
  TimeField: value(defaults.string, { ...dates, withTimeZone: bool, precision: integer }),
  DurationField: value(defaults.string),
  UUIDField: value(defaults.string),
  JSONField: value(defaults.json, { binary: bool }),
  BinaryField: value(defaults.string, { maxLength: integer }),
  GenericIPAddressField: value(defaults.string),
  CIDRField: value(defaults.string),
  NativeField: value(defaults.scalar, { type: sqlType }),
  ForeignKey: RELATION,
  OneToOneField: RELATION,
  ManyToManyField: { through: modelRef, dbTable: text, relatedName: is("string") },
};

/** The options `Models.Model` accepts. */
export const MODEL_OPTIONS = [
  "dbTable",
  "managed",
  "indexes",
  "constraints",
  "primaryKey",
  "renamedFrom",
  "storage",
  "strict",
  "withoutRowid",
] as const;

/** Model options that came later and reserve no field name, so models with such a field keep loading. */
const UNRESERVED_OPTIONS: readonly string[] = ["storage", "strict", "withoutRowid"];

/**
 * Field names that are reserved because they are model option names (declare such a column with
 * `dbColumn`). The later options (`storage`, the SQLite table options `strict` and `withoutRowid`)
 * are not reserved.
 */
export const RESERVED_FIELD_NAMES: readonly string[] = MODEL_OPTIONS.filter((o) => !UNRESERVED_OPTIONS.includes(o));
