/**
 * Type-level tests: `tsc --noEmit -p .` fails if any `@ts-expect-error` below stops being an error,
 * i.e. if a misspelt or mistyped option would compile.
 */
import { expect, test } from "bun:test";
import { Models } from "../../../src/model/models.ts";

function declarations() {
  return [
    // @ts-expect-error misspelt option
    Models.CharField({ maxLenght: 10 }),
    // @ts-expect-error wrong option type
    Models.CharField({ maxLength: "10" }),
    // @ts-expect-error option of another field kind
    Models.TextField({ maxDigits: 3 }),
    // @ts-expect-error unknown onDelete spelling
    Models.ForeignKey("Circuit", { onDelete: "SET NULL" }),
    // @ts-expect-error snake_case option
    Models.ForeignKey("Circuit", { db_column: "x" }),
    // @ts-expect-error an IDField has no default
    Models.IDField({ default: 1 }),
    // @ts-expect-error default of the wrong type
    Models.IntegerField({ default: "1" }),
    // @ts-expect-error NativeField needs its type
    Models.NativeField({}),
    // @ts-expect-error misspelt model option
    Models.Model({}, { dbTabel: "x" }),
    // @ts-expect-error misspelt index option
    Models.Index({ fields: ["a"], nmae: "x" }),
    // @ts-expect-error a CheckConstraint needs a condition
    Models.CheckConstraint({ name: "x" }),
    // @ts-expect-error dbDefault per dialect only knows postgresql and sqlite
    Models.DateTimeField({ dbDefault: { mysql: "NOW()" } }),
    Models.CharField({ maxLength: 10, null: true, default: "a", choices: ["a", ["b", "B"]] }),
    Models.DateTimeField({ dbDefault: { postgresql: "now()", sqlite: "CURRENT_TIMESTAMP" }, autoNowAdd: true }),
  ];
}

test("option types accept valid options", () => {
  expect(declarations()).toHaveLength(14);
});
