/**
 * Colour in the plain output, without a terminal: FORCE_COLOR=1 turns it on; `--no-color`,
 * NO_COLOR (any non-empty value) and `--json` turn it off; with none of them, output that is not
 * a terminal (these pipes) has none. `dry-run` paints exactly the statements it flags destructive.
 */
import { describe, expect, test } from "bun:test";
import { pormg } from "../lib/cli.ts";
import { authorModels, ok, project } from "./migrate-helpers.ts";

const ESC = "\x1b[";
const RED = "\x1b[31m";
/** The text without its colour codes. */
const plainText = (s: string) => s.replace(new RegExp(`${ESC.replace("[", "\\[")}\\d+m`, "g"), "");

describe("sqlite: colour in the output", () => {
  test("dry-run paints destructive statements red with FORCE_COLOR; --no-color, NO_COLOR and --json remove it", async () => {
    const p = await project("sqlite", authorModels("born: Models.IntegerField({ null: true }),"));
    const run = (args: readonly string[], env: Record<string, string>) => pormg(args, { cwd: p.cwd, env });
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      p.models(authorModels("email: Models.CharField({ maxLength: 50, null: true }),"));
      ok(p.run(["makemigrations"]));
      const force = { FORCE_COLOR: "1", NO_COLOR: "" };
      const coloured = run(["dry-run"], force);
      expect(coloured.code).toBe(0);
      const plain = run(["dry-run"], { NO_COLOR: "" });
      expect(plain.stdout).not.toContain(ESC);
      // The same text once the colour codes are taken out.
      expect(plainText(coloured.stdout)).toBe(plain.stdout);

      const json = JSON.parse(run(["dry-run", "--json"], { NO_COLOR: "" }).stdout) as {
        statements: { index: number; destructive: boolean }[];
      };
      const flagged = json.statements.filter((s) => s.destructive).map((s) => s.index);
      expect(flagged.length).toBeGreaterThan(0);
      const numbered = coloured.stdout.split("\n").filter((l) => /^\s*\d+\. /.test(plainText(l)));
      expect(numbered.length).toBe(json.statements.length);
      for (const l of numbered) {
        const index = Number(plainText(l).trim().split(".")[0]);
        expect(l.startsWith(RED)).toBe(flagged.includes(index));
      }
      expect(coloured.stdout).toContain(`${RED}\x1b[1m, DESTRUCTIVE`);

      for (const off of [
        run(["dry-run", "--no-color"], force),
        run(["dry-run"], { FORCE_COLOR: "1", NO_COLOR: "1" }),
        run(["dry-run", "--json"], force),
      ]) {
        expect(off.code).toBe(0);
        expect(off.stdout).not.toContain(ESC);
        expect(off.stderr).not.toContain(ESC);
      }

      // Outcomes: applied green, a refusal red (stderr's error line too).
      const refused = run(["migrate"], force);
      expect(refused.code).toBe(3);
      expect(refused.stdout).toContain(`${RED}Nothing was applied.`);
      expect(refused.stderr).toContain(`${RED}error[DESTRUCTIVE_UNCONFIRMED]:`);
      const applied = run(["migrate", "--destructive"], force);
      expect(applied.code).toBe(0);
      expect(applied.stdout).toContain("\x1b[32mApplied\x1b[39m ");
      expect(run(["check"], force).stdout).toContain("\x1b[32mThe models and the database agree.");
    } finally {
      await p.dispose();
    }
  }, 30_000);
});
