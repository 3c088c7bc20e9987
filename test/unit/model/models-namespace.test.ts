import { describe, expect, test } from "bun:test";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { Models } from "../../../src/model/models.ts";
import { optionHint } from "../../../src/model/option-hint.ts";

function thrown(f: () => unknown): PormgError {
  try {
    f();
  } catch (error) {
    if (isPormgError(error)) return error as PormgError;
    throw error;
  }
  throw new Error("did not throw");
}

describe("the Models namespace", () => {
  test("an unknown capitalised member, or a near miss of one, is MODEL_INVALID with a did you mean", () => {
    const typo = thrown(() => (Models as unknown as Record<string, unknown>).TextFeild);
    expect(typo.code).toBe("MODEL_INVALID");
    expect(typo.exitCode).toBe(78);
    expect(typo.message).toBe("Models.TextFeild is not a field type; did you mean Models.TextField?");
    expect(thrown(() => (Models as unknown as Record<string, unknown>).charField).message).toBe(
      "Models.charField is not a field type; did you mean Models.CharField?",
    );
    expect(thrown(() => (Models as unknown as Record<string, unknown>).Widget).message).toStartWith(
      "Models.Widget is not a field type; the members of Models are Model, Index,",
    );
  });

  test("what runtimes and tools probe reads as usual: then, toJSON, symbols, keys, spreading", async () => {
    const probe = Models as unknown as Record<string | symbol, unknown>;
    expect(probe.then).toBeUndefined();
    expect(probe.toJSON).toBeUndefined();
    expect(probe[Symbol.toStringTag]).toBeUndefined();
    expect(await Promise.resolve(Models)).toBe(Models);
    expect(Object.keys(Models)).toContain("TextField");
    expect({ ...Models }.CharField).toBe(Models.CharField);
    expect(Object.isFrozen(Models)).toBe(true);
    expect(Models.TextField().kind).toBe("TextField");
  });
});

describe("option hints", () => {
  test("typos by edit distance, other ORMs' names by table, only among the options allowed", () => {
    expect(optionHint("max_length", ["null", "maxLength"])).toBe(' (did you mean "maxLength"?)');
    expect(optionHint("nullable", ["null", "maxLength"])).toBe(' (did you mean "null"?)');
    expect(optionHint("allowNull", ["null"])).toBe(' (did you mean "null"?)');
    expect(optionHint("tableName", ["dbTable", "managed"])).toBe(' (did you mean "dbTable"?)');
    expect(optionHint("nullable", ["primaryKey", "serial"])).toBe("");
    expect(optionHint("zzz", ["null"])).toBe("");
  });
});
