/**
 * A models file that does not parse, throws while it loads, names a member Models does not have or
 * misspells an option is a MODEL_INVALID error (exit 78) that says where: `file:line:column: message`
 * for each syntax error, the exception and the models file's line for a throw, and a "did you mean".
 * The real CLI under Bun, Deno and the compiled binary.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { join } from "node:path";
import { tempDir } from "../lib/cli.ts";
import { RUNTIMES } from "../lib/runtimes.ts";

/** A folder whose db/models.ts is `lines` (joined), plus any other files in db/. */
function folder(lines: readonly string[], others: Record<string, string> = {}): string {
  const cwd = tempDir("pormg-models-errors-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "connection.yml"), "dev:\n  adapter: SQLite\n  database: app.sqlite\n");
  writeFileSync(join(cwd, "db", "models.ts"), `${lines.join("\n")}\n`);
  for (const [name, text] of Object.entries(others)) writeFileSync(join(cwd, "db", name), text);
  return cwd;
}

/** The 1-based line of `lines` that contains `needle`, and the column where `needle` starts. */
function place(lines: readonly string[], needle: string): { line: number; column: number } {
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`no ${needle}`);
  return { line: line + 1, column: (lines[line] as string).indexOf(needle) + 1 };
}

const SYNTAX = [
  'import { Models } from "pormg";',
  "",
  "export const Thing = Models.Model({",
  "  id: Models.IDField(),",
  "  name: Models.CharField(maxLength: 5),",
  "});",
];
// The first error is at the ":" after maxLength; each runtime words it its own way.
const SYNTAX_MESSAGE: Record<string, string> = {
  bun: 'Expected ")" but found ":"',
  binary: 'Expected ")" but found ":"',
  deno: "Expected ',', got ':'",
};

const THROWS = [
  'import { Models } from "pormg";',
  "const settings: Record<string, { length: number }> = {};",
  "export const Thing = Models.Model({",
  "  id: Models.IDField(),",
  "  name: Models.CharField({ maxLength: settings.name.length }),",
  "});",
];

const TYPO = [
  'import { Models } from "pormg";',
  "",
  "export const Thing = Models.Model({",
  "  id: Models.IDField(),",
  "  body: Models.TextFeild(),",
  "});",
];

for (const [name, pormg] of Object.entries(RUNTIMES)) {
  describe(`models errors (${name})`, () => {
    test("a syntax error: file:line:column: message and the source line, exit 78", () => {
      const at = place(SYNTAX, "maxLength: 5");
      const column = at.column + "maxLength".length;
      const r = pormg(["check"], folder(SYNTAX));
      expect(r.code).toBe(78);
      const lines = r.stderr.split("\n");
      expect(lines[0]).toMatch(/^error\[MODEL_INVALID\]: db\/models\.ts failed to load: \d+ errors?$/);
      expect(lines[1]).toBe(`  db/models.ts:${at.line}:${column}: ${SYNTAX_MESSAGE[name]}`);
      expect(lines[2]).toBe(`    ${at.line} | ${SYNTAX[at.line - 1]}`);
      expect(lines[3]).toBe(`      | ${" ".repeat(column - 1)}^`);
    }, 60_000);

    test("--json: the errors with file, line and column in the details", () => {
      const cwd = folder(SYNTAX);
      const r = pormg(["check", "--json"], cwd);
      expect(r.code).toBe(78);
      const { error } = JSON.parse(r.stdout);
      expect(error.code).toBe("MODEL_INVALID");
      expect(error.exitCode).toBe(78);
      const at = place(SYNTAX, "maxLength: 5");
      expect(error.details.errors[0]).toEqual({
        file: join(cwd, "db", "models.ts"),
        line: at.line,
        column: at.column + "maxLength".length,
        message: SYNTAX_MESSAGE[name],
      });
    }, 60_000);

    test("a models file that does not load is the error, at once, while the PostgreSQL server does not answer", async () => {
      // A listening socket nobody accepts from: the client connects and then waits for an answer
      // that never comes (up to its connect timeout, 60 s here); the models error must not wait for it.
      const server = createServer(() => {});
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      try {
        const { port } = server.address() as AddressInfo;
        const cwd = folder(SYNTAX);
        writeFileSync(
          join(cwd, "db", "connection.yml"),
          `dev:\n  adapter: PostgreSQL\n  url: postgres://root@127.0.0.1:${port}/test?connect_timeout=60\n`,
        );
        const started = performance.now();
        const r = pormg(["check"], cwd);
        expect(r.stderr.split("\n")[0]).toMatch(/^error\[MODEL_INVALID\]: db\/models\.ts failed to load/);
        expect(r.code).toBe(78);
        expect(performance.now() - started).toBeLessThan(30_000);
      } finally {
        server.close();
      }
    }, 60_000);

    test("an exception at load: the exception and the models file's line", () => {
      const { line } = place(THROWS, "settings.name.length");
      const r = pormg(["check"], folder(THROWS));
      expect(r.code).toBe(78);
      const lines = r.stderr.split("\n");
      expect(lines[0]).toStartWith("error[MODEL_INVALID]: db/models.ts failed to load: TypeError: ");
      expect(lines[1]).toMatch(new RegExp(`^  at db/models\\.ts:${line}:\\d+$`));
      expect(lines[2]).toBe(`    ${line} | ${THROWS[line - 1]}`);
    }, 60_000);

    test("Models.TextFeild: not a field type, did you mean Models.TextField, at its line", () => {
      const { line } = place(TYPO, "TextFeild");
      const r = pormg(["check"], folder(TYPO));
      expect(r.code).toBe(78);
      const lines = r.stderr.split("\n");
      expect(lines[0]).toBe(
        "error[MODEL_INVALID]: db/models.ts failed to load: Models.TextFeild is not a field type; did you mean Models.TextField?",
      );
      expect(lines[1]).toMatch(new RegExp(`^  at db/models\\.ts:${line}:\\d+$`));
    }, 60_000);
  });
}

describe("models errors (Bun, the binary)", () => {
  for (const name of ["bun", "binary"] as const) {
    const pormg = RUNTIMES[name];

    test(`${name}: nullable → "did you mean null", max_length → maxLength, tableName → dbTable`, () => {
      const r = pormg(
        ["check"],
        folder([
          'import { Models } from "pormg";',
          "export const Thing = Models.Model(",
          "  { id: Models.IDField(), body: Models.TextField({ nullable: true }), name: Models.CharField({ max_length: 5 }) },",
          '  { tableName: "things" },',
          ");",
        ]),
      );
      expect(r.code).toBe(78);
      expect(r.stderr).toBe(
        [
          "error[MODEL_INVALID]: 3 problems in the models:",
          'Model "Thing": unknown model option "tableName" (did you mean "dbTable"?); remove it',
          'Model "Thing" field "body": unknown option "nullable" for TextField (did you mean "null"?); remove it',
          'Model "Thing" field "name": unknown option "max_length" for CharField (did you mean "maxLength"?); remove it',
          "",
        ].join("\n"),
      );
    }, 60_000);

    test(`${name}: a throw in a file models.ts imports points at the line in models.ts that called it`, () => {
      const lines = [
        'import { Models } from "pormg";',
        'import { columnLength } from "./settings.ts";',
        "export const Thing = Models.Model({",
        "  id: Models.IDField(),",
        '  name: Models.CharField({ maxLength: columnLength("name") }),',
        "});",
      ];
      const settings =
        "export function columnLength(name: string): number {\n  throw new RangeError(`no length for ${name}`);\n}\n";
      const r = pormg(["check"], folder(lines, { "settings.ts": settings }));
      expect(r.code).toBe(78);
      const out = r.stderr.split("\n");
      expect(out[0]).toBe("error[MODEL_INVALID]: db/models.ts failed to load: RangeError: no length for name");
      expect(out[1]).toBe(
        `  at db/models.ts:${place(lines, "columnLength(").line}:${place(lines, 'columnLength("').column}`,
      );
    }, 60_000);

    test(`${name}: an import that does not resolve is located too`, () => {
      const lines = ['import { Models } from "pormg";', 'import { x } from "./missing.ts";', "export const X = x;"];
      const r = pormg(["check"], folder(lines));
      expect(r.code).toBe(78);
      const out = r.stderr.split("\n");
      expect(out[0]).toBe("error[MODEL_INVALID]: db/models.ts failed to load: 1 error");
      expect(out[1]).toStartWith(
        `  db/models.ts:2:${place(lines, '"./missing.ts"').column}: Cannot find module './missing.ts'`,
      );
    }, 60_000);
  }
});
