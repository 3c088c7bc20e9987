import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const BASE = `
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }) });
`;
const EDITED = `
export const Author = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 100 }), born: Models.IntegerField({ null: true }) });
export const Book = Models.Model({ id: Models.IDField(), author: Models.ForeignKey(Author), title: Models.TextField() });
export const Tag = Models.Model({ id: Models.IDField(), label: Models.CharField({ maxLength: 20 }) });
`;

/** Variants of a good plan text, each with the line its error must name (1-based). */
function variants(good: string): { name: string; text: string | Uint8Array; line: number; says: string }[] {
  const lines = good.split("\n");
  const firstStep = lines.findIndex((l) => l.startsWith("-- step:"));
  const lastStep = lines.findLastIndex((l) => l.startsWith("-- step:"));
  const versionLine = lines.findIndex((l) => l.startsWith("-- pormg-version:"));
  // Cut inside the last step's first statement: every step before it is complete and valid SQL.
  const cut = good.indexOf("(", good.indexOf("\n", good.indexOf(lines[lastStep] as string)));
  const garbage = new Uint8Array(512).map((_, i) => (i * 7919 + 13) % 256);
  return [
    {
      name: "truncated in the middle of the last step",
      text: good.slice(0, cut + 1),
      // The line the cut is on: the one after the label, or after its flags line (MySQL's steps have one).
      line: good.slice(0, cut).split("\n").length,
      says: "truncated",
    },
    {
      name: "a header line moved below the steps",
      text: [...lines.filter((_, i) => i !== versionLine), lines[versionLine]].join("\n"),
      line: lines.length,
      says: "header line after the first step",
    },
    {
      name: "the format marker not on line 1",
      text: [lines[1], lines[0], ...lines.slice(2)].join("\n"),
      line: 1,
      says: "not a pormg plan",
    },
    { name: "binary garbage", text: garbage, line: 1, says: "" },
    {
      name: "a step with no SQL",
      text: [
        ...lines.slice(0, firstStep + 1),
        ...lines.slice(firstStep + 1, lastStep),
        "-- step: Data (post): fix",
        ...lines.slice(lastStep),
      ].join("\n"),
      line: lastStep + 1,
      says: 'step "Data (post): fix" has no SQL',
    },
  ];
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: malformed plan files`, () => {
    test("dry-run and migrate exit 78 with file:line, and execute nothing", async () => {
      const f = await plannerFolder(dialect, BASE);
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO author (name) VALUES ('ana'), ('bo')");
      f.models(EDITED);
      f.ok(["makemigrations"]);
      const good = readFileSync(f.pending, "utf8");
      expect(good.split("\n").filter((l) => l.startsWith("-- step:")).length).toBeGreaterThanOrEqual(3);
      const state = await f.state();

      for (const v of variants(good)) {
        writeFileSync(f.pending, v.text);
        for (const args of [["dry-run"], ["dry-run", "--verify"], ["migrate", "--destructive"]]) {
          const r = f.cli(args);
          const where = `${v.name}: pormg ${args.join(" ")}`;
          expect({ where, code: r.code }).toEqual({ where, code: 78 });
          expect(r.stderr).toContain("error[PLAN_MALFORMED]");
          expect(r.stderr).toContain(`${f.pending}:${v.line}: `);
          expect(r.stderr).toContain(v.says);
        }
        const json = f.cli(["dry-run", "--json"]);
        expect(json.code).toBe(78);
        expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: "PLAN_MALFORMED" } });
        expect({ variant: v.name, unchanged: (await f.state()) === state }).toEqual({
          variant: v.name,
          unchanged: true,
        });
        // makemigrations does not overwrite what it cannot read either.
        expectExit(f.cli(["makemigrations"]), 3);
      }

      // The good plan still applies afterwards.
      writeFileSync(f.pending, good);
      expectExit(f.cli(["migrate"]), 0);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    }, 90_000);
  });
}
