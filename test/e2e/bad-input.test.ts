/**
 * A user's mistake is a usage or configuration error with its own exit code, checked before
 * anything is written — never "a bug in pormg". Each bad value runs through the real CLI.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { pormg, tempDir } from "../lib/cli.ts";
import { DIALECTS, dialectSelected } from "../lib/dialects.ts";
import { authorModels, eventTypes, ok, project } from "./migrate-helpers.ts";

const BAD_SECONDS = ["-1", "abc", "1e309", "NaN", "", " ", "1s", "0x10", "Infinity"];

describe("bad flag values are USAGE (64) and write nothing", () => {
  for (const { name: dialect } of DIALECTS) {
    test(`${dialect}: --lock-wait, --lock-timeout, --lock-retries and --statement-timeout`, async () => {
      const p = await project(dialect, authorModels());
      try {
        ok(p.run(["makemigrations"]));
        const cases = [
          ...BAD_SECONDS.map((v) => ["--lock-wait", v]),
          // --lock-timeout 0 is valid: no lock timeout (docs/migrating.md "Lock timeouts and retries").
          ...BAD_SECONDS.map((v) => ["--lock-timeout", v]),
          ...["-1", "abc", "1.5", "101", "", "NaN"].map((v) => ["--lock-retries", v]),
          ...[...BAD_SECONDS, "0", "-5"].map((v) => ["--statement-timeout", v]),
        ];
        for (const [flag, value] of cases) {
          const r = p.run(["migrate", flag as string, value as string]);
          expect({ flag, value, code: r.code }).toEqual({ flag, value, code: 64 });
          expect(r.stderr).toContain(
            `error[USAGE]: option '${flag} <${flag === "--lock-retries" ? "n" : "seconds"}>' argument`,
          );
          expect(r.stderr).not.toContain("bug in pormg");
        }
        // Nothing was recorded: the history does not even exist yet.
        expect(await eventTypes(p).catch(() => "no history")).toBe("no history");
      } finally {
        await p.dispose();
      }
    }, 120_000);
  }
});

describe("other mistakes", () => {
  test("mark-applied --sql-file with a missing file", () => {
    const cwd = tempDir();
    const r = pormg(
      ["mark-applied", "20260101000000000", "x", "--sql-file", "/missing.sql", "--url", "sqlite:x.sqlite"],
      {
        cwd,
      },
    );
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('error[USAGE]: --sql-file: cannot read "/missing.sql": there is no such file');
  });
  test("connection.yml that is a directory", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db", "connection.yml"), { recursive: true });
    const r = pormg(["status"], { cwd });
    expect(r.code).toBe(78);
    expect(r.stderr).toContain("error[CONFIG_INVALID]: db/connection.yml is not a file (it is a directory)");
  });
  test("a repeated --db, --env or --url", () => {
    const cwd = tempDir();
    for (const args of [
      ["--db", "a", "--db", "b"],
      ["--db=a", "--db", "b"],
      ["--env", "dev", "--env", "prod"],
      ["--url", "sqlite:a", "--url", "sqlite:b"],
    ]) {
      const r = pormg(["status", ...args], { cwd });
      expect({ args, code: r.code }).toEqual({ args, code: 64 });
      expect(r.stderr).toMatch(/error\[USAGE\]: --(db|env|url) is given 2 times/);
    }
  });
  test.skipIf(!dialectSelected(postgresDialect.name))(
    "postgresql: a table name PostgreSQL would cut to 63 bytes is refused at load, before planning",
    async () => {
      const name = "a_table_name_that_is_much_longer_than_postgres_keeps_for_identifiers";
      const p = await project(
        "postgresql",
        `import { Models } from "pormg";\nexport const Long = Models.Model({ id: Models.IDField() }, { dbTable: "${name}" });\n`,
      );
      try {
        const r = p.run(["makemigrations"]);
        expect(r.code).toBe(78);
        expect(r.stderr).toContain(
          `error[MODEL_INVALID]: 1 name too long for PostgreSQL in the models:\n  Long: table "${name}"`,
        );
      } finally {
        await p.dispose();
      }
    },
    60_000,
  );
});
