/**
 * The data the Models DSL builds: plain, branded objects that `modelsToSchema` turns into the
 * Schema IR. Field and model constructors only record what they are given; every check happens at
 * load (`validateModels`), so all problems are reported together.
 */

/** A FieldKind names one field constructor of the DSL (`Models.CharField` → `"CharField"`). */
export type FieldKind =
  | "IDField"
  | "CharField"
  | "TextField"
  | "EmailField"
  | "URLField"
  | "SlugField"
  | "PasswordField"
  | "IntegerField"
  | "BigIntegerField"
  | "SmallIntegerField"
  | "PositiveIntegerField"
  | "PositiveSmallIntegerField"
  | "FloatField"
  | "DecimalField"
  | "BooleanField"
  | "DateField"
  | "DateTimeField"
  | "TimeField"
  | "DurationField"
  | "UUIDField"
  | "JSONField"
  | "BinaryField"
  | "GenericIPAddressField"
  | "CIDRField"
  | "NativeField"
  | "ForeignKey"
  | "OneToOneField"
  | "ManyToManyField";

/** A ModelRef points at a model: the model value itself, its export name, or `"self"`. */
export type ModelRef = Model | string;

/** A Field is one declared field of a model: its kind, its options as written, and its target for relations. */
export interface Field {
  readonly __pormg: "field";
  readonly kind: FieldKind;
  readonly options: Readonly<Record<string, unknown>>;
  /** The referenced model of a ForeignKey, OneToOneField or ManyToManyField. */
  readonly to?: ModelRef;
}

/** An IndexDef is a model-level index (`Models.Index`). */
export interface IndexDef {
  readonly __pormg: "index";
  readonly options: Readonly<Record<string, unknown>>;
}

/** A ConstraintDef is a model-level constraint (`Models.UniqueConstraint`, `CheckConstraint`, `ForeignKeyConstraint`). */
export interface ConstraintDef {
  readonly __pormg: "constraint";
  readonly kind: "unique" | "check" | "foreignKey";
  readonly options: Readonly<Record<string, unknown>>;
}

/** A Model is one declared model: its fields in declaration order and its model options. */
export interface Model {
  readonly __pormg: "model";
  readonly fields: Readonly<Record<string, Field>>;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Whether `value` is a Model built by `Models.Model` (checked by shape, so copies of pormg agree). */
export function isModel(value: unknown): value is Model {
  return typeof value === "object" && value !== null && (value as { __pormg?: unknown }).__pormg === "model";
}

/** Whether `value` is a Field built by one of the `Models.*Field` constructors. */
export function isField(value: unknown): value is Field {
  return typeof value === "object" && value !== null && (value as { __pormg?: unknown }).__pormg === "field";
}
