import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { badCharacterAt } from "../../../src/plan-file/read-header.ts";

/** The character-by-character scan badCharacterAt replaced, kept as the oracle. */
function scan(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a) || c === 0xfffd) return i;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return i;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return i;
  }
  return -1;
}

describe("badCharacterAt", () => {
  test("finds the first character the scan finds (property)", () => {
    const unit = fc.oneof(
      fc.constantFrom(0x00, 0x08, 0x09, 0x0a, 0x0b, 0x0d, 0x1f, 0x20, 0x41, 0x7f, 0xfffd, 0xfffe, 0xd7ff, 0xe000),
      fc.integer({ min: 0xd800, max: 0xdbff }),
      fc.integer({ min: 0xdc00, max: 0xdfff }),
      fc.integer({ min: 0x20, max: 0x7e }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(badCharacterAt(text)).toBe(scan(text));
      }),
      { numRuns: 50000 },
    );
  });

  test("clean text, emoji and a lone surrogate at either end", () => {
    expect(badCharacterAt("-- step: a\tb\n")).toBe(-1);
    expect(badCharacterAt("ok 😀")).toBe(-1);
    expect(badCharacterAt("\uDC00x")).toBe(0);
    expect(badCharacterAt("x\uD800")).toBe(1);
    expect(badCharacterAt("a\rb")).toBe(1);
  });
});
