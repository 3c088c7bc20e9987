import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { isHandEdited } from "../../../src/plan-file/checksum.ts";
import type { PlanDocument } from "../../../src/plan-file/plan-document.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { pgPlan, sqlitePlan } from "./sample-plan.ts";

const texts = [writePlan(pgPlan, dialects()), writePlan(sqlitePlan, dialects())];

/** Reads `input`; returns the plan, or undefined when it is PLAN_MALFORMED; any other failure fails the test. */
function tryRead(input: string | Uint8Array): PlanDocument | undefined {
  try {
    return readPlan(input, "fuzz.sql", dialects());
  } catch (e) {
    if (isPormgError(e, "PLAN_MALFORMED")) {
      expect(e.message).toMatch(/^fuzz\.sql:[1-9][0-9]*: /);
      return undefined;
    }
    throw e;
  }
}

describe("readPlan under fuzzing", () => {
  test("a truncated plan is malformed, or reads as hand-edited (never silently as the generated plan)", () => {
    for (const text of texts) {
      for (let cut = 0; cut < text.length; cut++) {
        const plan = tryRead(text.slice(0, cut));
        if (plan && text.slice(cut).trim() !== "") expect(isHandEdited(plan)).toBe(true);
      }
    }
  });

  test("bytes replaced by garbage never crash with anything but PLAN_MALFORMED", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...texts.map((t) => new TextEncoder().encode(t))),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        (bytes, edits) => {
          const copy = Uint8Array.from(bytes);
          for (const [at, value] of edits) copy[at % copy.length] = value;
          tryRead(copy);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test("random insertions of SQL-ish fragments never crash with anything but PLAN_MALFORMED", () => {
    const fragment = fc.constantFrom(
      "'",
      '"',
      "$$",
      "$x$",
      "/*",
      "*/",
      "--",
      "\n",
      "\r",
      "\u0000",
      "\uFFFD",
      "\uD800",
      "-- step: ",
      "\n-- step: z\n",
      "\n-- pormg-step-flags: {}\n",
      "\n-- pormg-version: 1\n",
      ";",
      "E'\\",
      "COMMIT;",
      "\n-- pormg-lossy: {}\n",
    );
    fc.assert(
      fc.property(
        fc.constantFrom(...texts),
        fc.array(fc.tuple(fc.nat(), fragment), { minLength: 1, maxLength: 5 }),
        (text, inserts) => {
          let mutated = text;
          for (const [at, piece] of inserts) {
            const i = at % (mutated.length + 1);
            mutated = mutated.slice(0, i) + piece + mutated.slice(i);
          }
          tryRead(mutated);
        },
      ),
      { numRuns: 3000 },
    );
  });

  test("swapped lines are malformed, or (in the header) harmless, or (in the steps) change the steps", () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.nat(), fc.nat(), (text, i, j) => {
        const lines = text.split("\n");
        const [a, b] = [i % lines.length, j % lines.length];
        [lines[a], lines[b]] = [lines[b] as string, lines[a] as string];
        const plan = tryRead(lines.join("\n"));
        const original = readPlan(text, "fuzz.sql", dialects());
        const firstStep = lines.findIndex((l) => l.startsWith("-- step:"));
        if (!plan || lines[a] === lines[b]) return;
        const byName = (t: { name: string }, u: { name: string }) => (t.name < u.name ? -1 : 1);
        if (Math.max(a, b) < firstStep) {
          expect({ ...plan, tables: [...plan.tables].sort(byName), lossy: new Set(plan.lossy) }).toEqual({
            ...original,
            tables: [...original.tables].sort(byName),
            lossy: new Set(original.lossy),
          });
        } else expect(plan.steps).not.toEqual(original.steps);
      }),
      { numRuns: 1000 },
    );
  });

  test("arbitrary text and bytes never crash with anything but PLAN_MALFORMED", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => void tryRead(s)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => void tryRead(b)),
      { numRuns: 2000 },
    );
    const header = texts[0]?.split("-- step:")[0] ?? "";
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => void tryRead(`${header}-- step: x\n${s}`)),
      { numRuns: 2000 },
    );
  });
});
