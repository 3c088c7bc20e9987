import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { plainHeader } from "../../../src/plan-file/plain-header.ts";
import { strictHeader } from "../../../src/plan-file/read-header.ts";

const DIALECTS = ["postgresql", "sqlite"];
const fixture = (name: string) => readFileSync(join(import.meta.dir, "fixtures", name), "utf8").split("\n");
const hex = "c8f12588cb7d1f00728428b2e21d4b89b49cb5328df92859d629320fa7958738";
/** A header as migrate archives it (no lossy lines), then one step. */
const archived = [
  "-- pormg-migration-format: 1",
  "-- pormg-version: 20261203124923885",
  '-- pormg-name: "data 5"',
  "-- pormg-dialect: sqlite",
  `-- pormg-models-hash: ${hex}`,
  "-- pormg-schema-table: 16a1e343ada7589b t1",
  "-- pormg-schema-table: absent t2",
  `-- pormg-generated-checksum: ${hex}`,
  `-- pormg-applied-checksum: ${hex}`,
  "-- step: Data (post): data_5",
  'UPDATE "t1" SET "id" = "id" WHERE "id" = -5;',
];
const bases = [archived, fixture("postgres-plan.sql"), fixture("sqlite-plan.sql")];

/** strictHeader's result, or the error message it throws. */
function strict(lines: readonly string[]): unknown {
  try {
    return strictHeader(lines, "p.sql", DIALECTS);
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const fragments = fc.constantFrom(
  "",
  " ",
  "--",
  "-- a comment",
  "-- pormg-",
  "-- pormg-version: 20261203124923886",
  "-- pormg-version: 20261303124923886",
  "-- pormg-name: x",
  '-- pormg-name: ""',
  '-- pormg-name: "unterminated',
  "-- pormg-dialect: mysql",
  "-- pormg-dialect: postgresql",
  `-- pormg-models-hash: ${hex.toUpperCase()}`,
  `-- pormg-applied-checksum: ${hex}`,
  `-- pormg-generated-checksum: ${hex}`,
  "-- pormg-schema-table: 16a1e343ada7589b t1",
  "-- pormg-schema-table: 16a1e343ada7589 t9",
  "-- pormg-schema-table: absent",
  '-- pormg-lossy: {"table":"t","kind":"silent","reason":"r"}',
  "-- pormg-step-flags: {}",
  "-- pormg-unknown: 1",
  "-- PORMG-version: 1",
  "-- pormg-version:20261203124923885",
  "-- pormg-version: 20261203124923885\u2028",
  "-- pormg-version: 20261203124923885\r",
  "-- step:x",
  "-- step: s",
  "--step: s",
  "SELECT 1;",
  "-- pormg-migration-format: 1",
  "-- pormg-migration-format: 2",
  "-- pormg-migration-format: 1 ",
);

describe("plainHeader", () => {
  test("reads an archived header as strictHeader does", () => {
    const plain = plainHeader(archived, DIALECTS);
    expect(plain).toBeDefined();
    expect(plain).toEqual(strictHeader(archived, "p.sql", DIALECTS));
  });

  test("is undefined or strictHeader's result, whatever the lines (property)", () => {
    const edit = fc.tuple(fc.constantFrom("insert", "replace", "delete", "append"), fc.nat(), fragments);
    fc.assert(
      fc.property(fc.constantFrom(...bases), fc.array(edit, { maxLength: 4 }), (base, edits) => {
        const lines = [...base];
        for (const [kind, at, text] of edits) {
          const i = at % Math.max(lines.length, 1);
          if (kind === "insert") lines.splice(i, 0, text);
          else if (kind === "replace") lines[i] = text;
          else if (kind === "delete") lines.splice(i, 1);
          else lines[i] = `${lines[i] ?? ""}${text}`;
        }
        const plain = plainHeader(lines, DIALECTS);
        if (plain !== undefined) expect(plain).toEqual(strict(lines) as never);
      }),
      { numRuns: 20000 },
    );
  });
});
