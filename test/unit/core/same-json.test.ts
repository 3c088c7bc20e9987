import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { canonicalJson, sameJson } from "../../../src/core/canonical-json.ts";

// sameJson compares structurally; its contract is the canonical text's equality.
const byText = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

describe("sameJson", () => {
  test("agrees with comparing canonical JSON texts, on values and on near-copies of them", () => {
    const value = fc.anything({
      withBoxedValues: false,
      withMap: false,
      withSet: false,
      withBigInt: false,
      withTypedArray: false,
      withSparseArray: true,
      withNullPrototype: true,
      withDate: true,
    });
    fc.assert(
      fc.property(value, value, (a, b) => {
        expect(sameJson(a, b)).toBe(byText(a, b));
        const copy = JSON.parse(JSON.stringify({ v: a }) ?? "{}").v;
        expect(sameJson(a, copy)).toBe(byText(a, copy));
      }),
      { numRuns: 2000 },
    );
  });

  test("key order, undefined members and non-finite numbers as JSON writes them", () => {
    expect(sameJson({ a: 1, b: { c: [1, 2] } }, { b: { c: [1, 2] }, a: 1 })).toBe(true);
    expect(sameJson({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameJson([undefined], [null])).toBe(true);
    expect(sameJson({ n: Number.NaN }, { n: null })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson({ a: [1, 2] }, { a: [2, 1] })).toBe(false);
    expect(sameJson({ a: "1" }, { a: 1 })).toBe(false);
    expect(sameJson([], {})).toBe(false);
    expect(sameJson(undefined, undefined)).toBe(true);
    expect(sameJson(new Date(0), "1970-01-01T00:00:00.000Z")).toBe(true);
  });
});
