import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { canonicalJson } from "../../../src/core/canonical-json.ts";
import { sameValue } from "../../../src/history/same-log.ts";

describe("sameValue", () => {
  test("equal values have the same JSON and canonical JSON text (property)", () => {
    const value = fc.jsonValue();
    fc.assert(
      fc.property(value, value, (a, b) => {
        // A parsed text equals another parse of it (JSON writes -0 as 0, so `a` itself may not).
        const copy = JSON.parse(JSON.stringify(a));
        expect(sameValue(copy, JSON.parse(JSON.stringify(a)))).toBe(true);
        if (sameValue(a, b)) {
          expect(JSON.stringify(a)).toBe(JSON.stringify(b));
          expect(canonicalJson(a)).toBe(canonicalJson(b));
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("key order, types, -0, holes and prototypes count", () => {
    expect(sameValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: "1" })).toBe(false);
    expect(sameValue(0, -0)).toBe(false);
    const holey: unknown[] = [1];
    holey[2] = 3;
    expect(sameValue(holey, [1, undefined, 3])).toBe(false);
    expect(sameValue([1], { 0: 1 })).toBe(false);
    expect(sameValue(new Date(0), new Date(0))).toBe(false);
    expect(sameValue({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameValue("x", "x")).toBe(true);
  });
});
