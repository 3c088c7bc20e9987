import { describe, expect, test } from "bun:test";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { dialects } from "../../../src/dialect/dialect.ts";
import { isHandEdited } from "../../../src/plan-file/checksum.ts";
import { readPlan } from "../../../src/plan-file/read-plan.ts";
import { writePlan } from "../../../src/plan-file/write-plan.ts";
import { pgPlan, sqlitePlan } from "./sample-plan.ts";

const base = writePlan(pgPlan, dialects());
const lines = base.split("\n");
const firstStep = lines.findIndex((l) => l.startsWith("-- step:"));

function malformedError(input: string | Uint8Array): PormgError {
  try {
    readPlan(input, "db/migrations/pending_migrations.sql", dialects());
  } catch (e) {
    if (isPormgError(e, "PLAN_MALFORMED")) return e;
    throw e;
  }
  throw new Error("expected PLAN_MALFORMED");
}

/** Asserts the message is `<path>:<line>: <what>. <fix>` and mentions every fragment. */
function expectMalformed(input: string | Uint8Array, line: number, ...fragments: string[]) {
  const e = malformedError(input);
  expect(e.message).toStartWith(`db/migrations/pending_migrations.sql:${line}: `);
  expect(e.details).toEqual({ path: "db/migrations/pending_migrations.sql", line });
  expect(e.message).toMatch(/\. [A-Z][\s\S]*\.$/);
  for (const f of fragments) expect(e.message).toContain(f);
}

const withLine = (index: number, line: string) => [...lines.slice(0, index), line, ...lines.slice(index)].join("\n");
const replaceLine = (prefix: string, line: string) => lines.map((l) => (l.startsWith(prefix) ? line : l)).join("\n");
const appendStep = (step: string) => `${base}${step}`;

describe("readPlan: round trip", () => {
  test("readPlan(writePlan(d, dialects())) deep-equals d", () => {
    expect(readPlan(writePlan(pgPlan, dialects()), "p.sql", dialects())).toEqual(pgPlan);
    expect(readPlan(writePlan(sqlitePlan, dialects()), "p.sql", dialects())).toEqual(sqlitePlan);
  });

  test("reads bytes as UTF-8, tolerates a BOM and CRLF line endings", () => {
    expect(readPlan(new TextEncoder().encode(base), "p.sql", dialects())).toEqual(pgPlan);
    expect(readPlan(`\uFEFF${base.replaceAll("\n", "\r\n")}`, "p.sql", dialects())).toEqual(pgPlan);
  });

  test("blank lines around steps and plain comments in the header are allowed", () => {
    const spaced = withLine(firstStep, "-- reviewed by ana\n").replaceAll("\n-- step:", "\n\n\n-- step:");
    expect(readPlan(spaced, "p.sql", dialects())).toEqual(pgPlan);
  });

  test("a generated plan is not hand-edited; editing a step's SQL makes it so", () => {
    expect(isHandEdited(readPlan(base, "p.sql", dialects()))).toBe(false);
    const edited = readPlan(base.replace("varchar(3);", "varchar(4);"), "p.sql", dialects());
    expect(isHandEdited(edited)).toBe(true);
  });

  test("a `-- step:` line inside a multi-line string is SQL, not a label", () => {
    const text = appendStep(
      '-- step: Data (post): note\nUPDATE "drivers" SET "note" = \'a\n-- step: no\n\' WHERE "id" = 1;\n',
    );
    const plan = readPlan(text, "p.sql", dialects());
    expect(plan.steps.length).toBe(pgPlan.steps.length + 1);
    expect(plan.steps.at(-1)?.sql).toBe('UPDATE "drivers" SET "note" = \'a\n-- step: no\n\' WHERE "id" = 1;');
  });
});

describe("readPlan: hand-written steps are classified by the tokenizer", () => {
  test("a step without flags gets them from its SQL", () => {
    const plan = readPlan(
      appendStep('-- step: Drop old\nDROP TABLE "old";\n-- step: Index\nCREATE INDEX CONCURRENTLY "i" ON "t" ("a");\n'),
      "p.sql",
      dialects(),
    );
    expect(plan.steps.at(-2)).toEqual({
      label: "Drop old",
      sql: 'DROP TABLE "old";',
      destructive: true,
      transactional: true,
    });
    expect(plan.steps.at(-1)).toMatchObject({ destructive: false, transactional: false });
  });

  test("a flags line cannot make a step look safer than its SQL", () => {
    const plan = readPlan(
      appendStep(
        '-- step: Sneaky\n-- pormg-step-flags: {"destructive":false,"transactional":true}\nTRUNCATE "drivers";\n' +
          '-- step: Sneaky index\n-- pormg-step-flags: {"transactional":true}\nDROP INDEX CONCURRENTLY "i" CASCADE;\n',
      ),
      "p.sql",
      dialects(),
    );
    expect(plan.steps.at(-2)).toMatchObject({ destructive: true, transactional: true });
    expect(plan.steps.at(-1)).toMatchObject({ destructive: true, transactional: false });
  });

  test("a flags line can make a step stricter", () => {
    const plan = readPlan(
      appendStep('-- step: Careful\n-- pormg-step-flags: {"destructive":true}\nSELECT 1;\n'),
      "p.sql",
      dialects(),
    );
    expect(plan.steps.at(-1)).toMatchObject({ destructive: true, transactional: true });
  });

  test("strings, comments and identifiers that spell DROP do not make a step destructive", () => {
    const plan = readPlan(
      appendStep(
        `-- step: Data (post): harmless\n-- DROP TABLE "drivers";\nUPDATE "drivers" SET "note" = 'DROP TABLE x' /* TRUNCATE */ WHERE "drop_table" = 1;\n`,
      ),
      "p.sql",
      dialects(),
    );
    expect(plan.steps.at(-1)?.destructive).toBe(false);
  });
});

describe("readPlan: malformed files fail with the line and a fix", () => {
  test("empty file and missing format marker", () => {
    expectMalformed("", 1, "not a pormg plan", "pormg-migration-format: 1", "pormg makemigrations");
    expectMalformed(lines.slice(1).join("\n"), 1, "not a pormg plan");
    expectMalformed("SELECT 1;\n", 1, "not a pormg plan");
  });

  test("unknown or newer format", () => {
    expectMalformed(
      replaceLine("-- pormg-migration-format:", "-- pormg-migration-format: 2"),
      1,
      "newer",
      "Upgrade pormg",
    );
    expectMalformed(
      replaceLine("-- pormg-migration-format:", "-- pormg-migration-format: one"),
      1,
      'unknown plan format "one"',
    );
  });

  test("bad header values", () => {
    expectMalformed(replaceLine("-- pormg-version:", "-- pormg-version: 2026112915300012"), 2, "17-digit");
    expectMalformed(replaceLine("-- pormg-version:", "-- pormg-version: 20261329153000123"), 2, "17-digit");
    expectMalformed(replaceLine("-- pormg-dialect:", "-- pormg-dialect: oracle"), 4, 'unknown dialect "oracle"');
    expectMalformed(
      replaceLine("-- pormg-models-hash:", `-- pormg-models-hash: ${"A".repeat(64)}`),
      5,
      "64 lowercase hex",
    );
    expectMalformed(
      replaceLine("-- pormg-generated-checksum:", "-- pormg-generated-checksum: abc"),
      10,
      "64 lowercase hex",
    );
    expectMalformed(replaceLine("-- pormg-name:", '-- pormg-name: "unclosed'), 3, "not a valid quoted string");
    expectMalformed(replaceLine("-- pormg-name:", "-- pormg-name:"), 3, "has no value");
  });

  test("bad table fingerprints", () => {
    expectMalformed(
      replaceLine("-- pormg-schema-table: absent", "-- pormg-schema-table: xyz drivers"),
      6,
      "16 hex digits",
    );
    expectMalformed(
      replaceLine("-- pormg-schema-table: absent", "-- pormg-schema-table: 0123456789abcdef"),
      6,
      "16 hex digits",
    );
    expectMalformed(
      withLine(7, "-- pormg-schema-table: 0123456789abcdef results"),
      8,
      'table "results" is fingerprinted twice',
    );
  });

  test("bad lossy findings", () => {
    expectMalformed(withLine(7, "-- pormg-lossy: {nope"), 8, "not valid JSON");
    expectMalformed(
      withLine(7, '-- pormg-lossy: {"table":"t","kind":"rows","reason":"r","extra":1}'),
      8,
      'unknown key "extra"',
    );
    expectMalformed(withLine(7, '-- pormg-lossy: {"table":"t","kind":"maybe","reason":"r"}'), 8, '"kind" must be');
    expectMalformed(withLine(7, "-- pormg-lossy: [1]"), 8, "not a JSON object");
  });

  test("duplicate, unknown, misspelled and missing header lines", () => {
    expectMalformed(
      withLine(3, "-- pormg-version: 20261129153000123"),
      4,
      "duplicate `-- pormg-version:` line (first on line 2)",
    );
    expectMalformed(withLine(1, "-- pormg-migration-format: 1"), 2, "duplicate `-- pormg-migration-format:`");
    expectMalformed(withLine(3, "-- pormg-author: ana"), 4, "unknown header line `-- pormg-author:`");
    expectMalformed(withLine(3, "--pormg-author: ana"), 4, "malformed header line");
    expectMalformed(withLine(3, "-- pormg-step-flags: {}"), 4, "outside a step");
    expectMalformed(
      lines.filter((l) => !l.startsWith("-- pormg-dialect:")).join("\n"),
      firstStep,
      "no `-- pormg-dialect:` line",
    );
    expectMalformed(
      lines.filter((l) => !l.startsWith("-- pormg-generated-checksum:")).join("\n"),
      firstStep,
      "no `-- pormg-generated-checksum:`",
    );
  });

  test("SQL before the first step", () => {
    expectMalformed(
      withLine(firstStep, "DROP TABLE drivers;"),
      firstStep + 1,
      "SQL before the first step",
      "`-- step: <label>`",
    );
    expectMalformed(withLine(firstStep, "/* a */"), firstStep + 1, "SQL before the first step");
  });

  test("header lines after the first step (reordered header)", () => {
    const moved = [...lines.filter((l) => !l.startsWith("-- pormg-name:")), "-- pormg-name: add driver code"].join(
      "\n",
    );
    expectMalformed(moved, lines.length, "header line after the first step", "Move it to the header");
    const indented = appendStep("-- step: x\nSELECT 1;\n   -- pormg-version: 20261129153000123\n");
    expectMalformed(indented, lines.length + 2, "header line after the first step");
  });

  test("truncated steps: a label with nothing after it, an empty label, a misspelled label", () => {
    expectMalformed(appendStep("-- step: Data (post): later"), lines.length, 'step "Data (post): later" has no SQL');
    expectMalformed(appendStep("-- step: later\n\n   \n"), lines.length, "has no SQL");
    expectMalformed(appendStep("-- step:\nSELECT 1;\n"), lines.length, "has no label");
    expectMalformed(appendStep("--step: x\nSELECT 1;\n"), lines.length, "malformed step label");
    expectMalformed(appendStep("-- Step: x\nSELECT 1;\n"), lines.length, "malformed step label");
    expectMalformed(appendStep("-- step:x\nSELECT 1;\n"), lines.length, "malformed step label");
    expectMalformed(appendStep("  -- step: x\nSELECT 1;\n"), lines.length, "malformed step label");
  });

  test("unterminated strings, identifiers and comments", () => {
    expectMalformed(
      appendStep("-- step: x\nSELECT 1;\nSELECT 'abc;\n-- step: y\nSELECT 2;\n"),
      lines.length + 2,
      "unterminated string literal",
    );
    expectMalformed(appendStep('-- step: x\nSELECT "abc;\n'), lines.length + 1, "unterminated quoted identifier");
    expectMalformed(
      appendStep("-- step: x\nSELECT 1; /* never closed\n"),
      lines.length + 1,
      "unterminated block comment",
    );
    expectMalformed(appendStep("-- step: x\nSELECT $body$ x;\n"), lines.length + 1, "unterminated string literal");
  });

  test("steps that hold no statement or lack the final `;`", () => {
    expectMalformed(appendStep("-- step: x\n-- just a note\n/* and another */\n"), lines.length, "holds only comments");
    expectMalformed(
      appendStep('-- step: x\nSELECT 1;\nALTER TABLE "drivers" ADD COLUMN\n  "y" int\n'),
      lines.length + 3,
      "does not end with `;`",
    );
  });

  test("transaction control and non-transactional statements mixed with others", () => {
    expectMalformed(
      appendStep("-- step: x\nUPDATE t SET a = 1 WHERE b;\nCOMMIT;\n"),
      lines.length + 2,
      "holds `COMMIT`",
      "Remove the statement",
    );
    expectMalformed(appendStep("-- step: x\nBEGIN;\nSELECT 1;\n"), lines.length + 1, "holds `BEGIN`");
    expectMalformed(
      appendStep("-- step: x\nSELECT 1;\nCREATE INDEX CONCURRENTLY i ON t (a);\n"),
      lines.length + 2,
      "cannot run inside a transaction",
      "step of its own",
    );
  });

  test("bad step flags", () => {
    expectMalformed(
      appendStep("-- step: x\n-- pormg-step-flags: {destructive}\nSELECT 1;\n"),
      lines.length + 1,
      "not valid JSON",
    );
    expectMalformed(
      appendStep('-- step: x\n-- pormg-step-flags: {"safe":true}\nSELECT 1;\n'),
      lines.length + 1,
      'unknown key "safe"',
    );
    expectMalformed(
      appendStep('-- step: x\nSELECT 1;\n-- pormg-step-flags: {"destructive":true}\n'),
      lines.length + 2,
      "must directly follow",
    );
    expectMalformed(
      appendStep('-- step: x\n-- pormg-step-flags: {"rebuild":"t"}\nSELECT 1;\n'),
      lines.length + 1,
      "only valid in a SQLite plan",
    );
  });

  test("a plan with no steps", () => {
    expectMalformed(lines.slice(0, firstStep).join("\n"), firstStep, "the plan has no step");
  });

  test("binary garbage, NUL bytes, invalid UTF-8 and stray carriage returns", () => {
    expectMalformed(
      base.replace("ALTER TABLE", "ALTER\u0000TABLE"),
      base.slice(0, base.indexOf("ALTER TABLE")).split("\n").length,
      "NUL byte",
    );
    expectMalformed(withLine(2, "\u0007\u0001"), 3, "control character U+0007");
    const bytes = new TextEncoder().encode(base);
    const broken = Uint8Array.from([...bytes.slice(0, 40), 0xff, 0xfe, ...bytes.slice(40)]);
    expectMalformed(broken, 2, "not valid UTF-8");
    expectMalformed(base.replace("\n-- step:", "\r-- step:"), firstStep, "carriage return");
  });
});
