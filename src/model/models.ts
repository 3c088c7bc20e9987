/**
 * `Models`, the namespace users write `models.ts` with: `Models.Model(fields, options)`, every field
 * constructor, and the model-level `Index`, `UniqueConstraint`, `CheckConstraint` and `ForeignKeyConstraint`.
 */
import { didYouMean } from "../core/did-you-mean.ts";
import { PormgError } from "../core/errors.ts";
import * as fields from "./fields.ts";
import type {
  CheckConstraintOptions,
  ForeignKeyConstraintOptions,
  IndexOptions,
  ModelOptions,
  UniqueConstraintOptions,
} from "./options.ts";
import type { ConstraintDef, Field, IndexDef, Model as ModelValue } from "./types.ts";

function constraint(kind: ConstraintDef["kind"], options: object): ConstraintDef {
  return Object.freeze({ __pormg: "constraint", kind, options: Object.freeze({ ...options }) });
}

/** The options of a model written without any: one frozen empty record shared by all of them. */
const NO_MODEL_OPTIONS: ModelValue["options"] = Object.freeze({});

/** Declares a model: `fields` in column order, and model options (`dbTable`, `indexes`, …). */
function Model(fieldMap: Readonly<Record<string, Field>>, options?: ModelOptions): ModelValue {
  return Object.freeze({
    __pormg: "model",
    fields: Object.freeze({ ...fieldMap }),
    options: options === undefined ? NO_MODEL_OPTIONS : Object.freeze({ ...options }),
  });
}

/** Declares an index over fields (`"-field"` for descending) or expressions, optionally partial or unique. */
function Index(options: IndexOptions): IndexDef {
  return Object.freeze({ __pormg: "index", options: Object.freeze({ ...options }) });
}

/** Declares a UNIQUE constraint over one or more fields. */
function UniqueConstraint(options: UniqueConstraintOptions): ConstraintDef {
  return constraint("unique", options);
}

/** Declares a CHECK constraint; `condition` is SQL without `CHECK (…)`. */
function CheckConstraint(options: CheckConstraintOptions): ConstraintDef {
  return constraint("check", options);
}

/** Declares a FOREIGN KEY over one or more fields (composite keys, or keys no single field can express). */
function ForeignKeyConstraint(options: ForeignKeyConstraintOptions): ConstraintDef {
  return constraint("foreignKey", options);
}

const members = Object.freeze({
  Model,
  Index,
  UniqueConstraint,
  CheckConstraint,
  ForeignKeyConstraint,
  ...fields,
});

/**
 * The Models namespace: model, field, index and constraint constructors. Reading a member it does
 * not have is a `MODEL_INVALID` error when the name looks like one (it starts with a capital, or it
 * is a near miss of a member: `Models.TextFeild`, `Models.charField`), instead of the runtime's
 * "is not a function"; other names (`then`, `toJSON`, the symbols inspectors probe) read as undefined.
 */
export const Models: typeof members = Object.freeze(Object.assign(Object.create(missingMembers()), members));

/**
 * What reading a member `Models` lacks does (see {@link Models}): the prototype of `Models`, so its
 * own members read as plain properties (a models file reads one per field: a trap on every read
 * would cost more than the field itself) and only a missing name reaches the trap.
 */
function missingMembers(): object {
  return new Proxy(
    {},
    {
      get(target, key, receiver) {
        if (typeof key !== "string" || key in target) return Reflect.get(target, key, receiver);
        const match = didYouMean(key, MEMBER_NAMES);
        if (match === undefined && !/^[A-Z]/.test(key)) return undefined;
        throw new PormgError(
          "MODEL_INVALID",
          `Models.${key} is not a field type${
            match === undefined
              ? `; the members of Models are ${MEMBER_NAMES.join(", ")}`
              : `; did you mean Models.${match}?`
          }`,
          { member: key, ...(match !== undefined && { didYouMean: match }) },
        );
      },
    },
  );
}

const MEMBER_NAMES = Object.keys(members);
