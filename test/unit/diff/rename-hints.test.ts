import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { modelRenameHints, parseRenameHints } from "../../../src/diff/rename-hints.ts";
import type { LoadedModels } from "../../../src/model/load-models.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import type { Model } from "../../../src/model/types.ts";
import { col, schema, table } from "../plan/simulate.ts";

function usageError(hints: string[]): string {
  try {
    parseRenameHints(hints);
  } catch (e) {
    if (!isPormgError(e, "USAGE")) throw e;
    return e.message;
  }
  throw new Error("expected a USAGE error");
}

describe("parseRenameHints", () => {
  test("tables, columns and not-a-rename hints", () => {
    expect(parseRenameHints(["old=new", "t.a=t.b", "gone=", "t.x="])).toEqual([
      { kind: "table", from: "old", to: "new", text: "old=new" },
      { kind: "column", table: "t", from: "a", to: "b", text: "t.a=t.b" },
      { kind: "table", from: "gone", to: null, text: "gone=" },
      { kind: "column", table: "t", from: "x", to: null, text: "t.x=" },
    ]);
  });

  test("exact repeats are merged", () => {
    expect(parseRenameHints(["a=b", "a=b"])).toHaveLength(1);
  });

  const malformed: [string, string][] = [
    ["no equals sign", "Invalid rename hint \"ab\": it has no '='."],
    ["=new", 'Invalid rename hint "=new": the old name is empty.'],
    ["a=a", 'Invalid rename hint "a=a": the old and new names are the same.'],
    ["a=t.b", 'Invalid rename hint "a=t.b": "t.b" names a column but "a" names a table.'],
    ["t.a=b", 'Invalid rename hint "t.a=b": write the new column as "t.b".'],
    ["t.a=u.b", 'Invalid rename hint "t.a=u.b": both sides must name the same (new) table, "t" and "u" differ.'],
    [".a=t.b", 'Invalid rename hint ".a=t.b": ".a" is not table.column.'],
    ["t.a=t.", 'Invalid rename hint "t.a=t.": the new column name is empty.'],
    ["t.a=t.a", 'Invalid rename hint "t.a=t.a": the old and new names are the same.'],
  ];
  for (const [hint, message] of malformed)
    test(`malformed: ${hint}`, () => {
      const text = hint === "no equals sign" ? "ab" : hint;
      expect(usageError([text])).toStartWith(message);
      expect(usageError([text])).toContain("Write old=new to rename a table, table.old=table.new to rename a column");
    });

  test("one old name with two fates is a contradiction", () => {
    expect(usageError(["a=b", "a=c"])).toBe(
      'Contradictory rename hints "a=b" and "a=c": table "a" cannot have both fates. Keep one of them.',
    );
    expect(usageError(["t.a=t.b", "t.a="])).toBe(
      'Contradictory rename hints "t.a=t.b" and "t.a=": column "a" cannot have both fates. Keep one of them.',
    );
  });

  test("two old names with one new name is a contradiction", () => {
    expect(usageError(["a=c", "b=c"])).toBe(
      'Contradictory rename hints "a=c" and "b=c": both rename to "c". Keep one of them.',
    );
  });

  test("columns of different tables do not contradict", () => {
    expect(parseRenameHints(["t.a=t.b", "u.a=u.b"])).toHaveLength(2);
  });
});

describe("modelRenameHints", () => {
  const loaded = (models: Record<string, Model>): LoadedModels => ({
    models,
    ...modelsToSchema(models, dialectNamed("postgresql")),
  });

  test("model and field renamedFrom become hints", () => {
    const models = {
      Racer: Models.Model(
        { id: Models.IDField(), code: Models.CharField({ maxLength: 3, renamedFrom: "abbr" }) },
        { renamedFrom: "Driver" },
      ),
      Team: Models.Model({ id: Models.IDField(), title: Models.CharField({ renamedFrom: "name", dbColumn: "label" }) }),
    };
    expect(modelRenameHints(loaded(models))).toEqual(["driver=racer", "racer.abbr=racer.code", "team.name=team.label"]);
  });

  test("a model's renamedFrom is taken verbatim when the database has that table", () => {
    const models = { Artists: Models.Model({ id: Models.IDField() }, { dbTable: "Artists", renamedFrom: "Artist" }) };
    const live = schema("postgresql", [table("Artist", [col("id")])]);
    expect(modelRenameHints(loaded(models), live)).toEqual(["Artist=Artists"]);
    expect(modelRenameHints(loaded(models))).toEqual(["artist=Artists"]);
  });

  test("unmanaged models are skipped", () => {
    const models = { Old: Models.Model({ id: Models.IDField() }, { managed: false, renamedFrom: "Older" }) };
    expect(modelRenameHints(loaded(models))).toEqual([]);
  });
});
