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
    // @ts-expect-error dbDefault per dialect only knows postgresql, sqlite and mysql
    Models.DateTimeField({ dbDefault: { oracle: "SYSDATE" } }),
    // @ts-expect-error generated needs stored
    Models.IntegerField({ generated: { expression: "a * 2" } }),
    // @ts-expect-error an IDField cannot be generated
    Models.IDField({ generated: { expression: "1", stored: true } }),
    // @ts-expect-error a relation cannot be generated
    Models.ForeignKey("Circuit", { generated: { expression: "1", stored: true } }),
    // @ts-expect-error only CharField has a length-less form
    Models.EmailField({ maxLength: null }),
    // @ts-expect-error precision is a number of digits
    Models.TimeField({ precision: "3" }),
    Models.IntegerField({ null: true, generated: { expression: "a * 2", stored: true } }),
    Models.CharField({ maxLength: null }),
    Models.TimeField({ withTimeZone: true, precision: 3 }),
    Models.CharField({ maxLength: 10, null: true, default: "a", choices: ["a", ["b", "B"]] }),
    Models.DateTimeField({ dbDefault: { postgresql: "now()", sqlite: "CURRENT_TIMESTAMP" }, autoNowAdd: true }),
  ];
}

test("option types accept valid options", () => {
  expect(declarations()).toHaveLength(22);
});
