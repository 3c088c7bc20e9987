/**
 * A models file cannot hang pormg, end it, choose its exit code or corrupt its JSON: a top-level
 * await that never settles is time-boxed, `process.exit` is trapped and reported as MODEL_INVALID,
 * and console output goes to stderr. Under Bun, Deno and the compiled binary.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../lib/cli.ts";
import { RUNTIMES } from "../lib/runtimes.ts";

function folder(models: string): string {
  const cwd = tempDir("pormg-models-guard-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "connection.yml"), "dev:\n  adapter: SQLite\n  database: app.sqlite\n");
  writeFileSync(join(cwd, "db", "models.ts"), `import { Models } from "pormg";\n${models}\n`);
  return cwd;
}

const THING = "export const Thing = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: 5 }) });";

for (const [name, pormg] of Object.entries(RUNTIMES)) {
  describe(`models guard (${name})`, () => {
    test("process.exit(0) in models.ts: check exits 78 MODEL_INVALID, not 0", () => {
      const r = pormg(["check"], folder(`${THING}\nprocess.exit(0);`));
      expect(r.code).toBe(78);
      expect(r.stderr).toContain("error[MODEL_INVALID]: db/models.ts failed to load: it called process.exit(0)");
    }, 60_000);

    test("a top-level await that never settles is time-boxed", () => {
      const r = pormg(["check"], folder(`${THING}\nawait new Promise(() => {});`), { PORMG_MODELS_TIMEOUT: "1" });
      expect(r.code).toBe(78);
      expect(r.stderr).toContain("db/models.ts did not finish loading within 1 s");
    }, 60_000);

    test("console.log and a stray timer in models.ts: --json stays clean, the process ends, drift exits 2", () => {
      const r = pormg(
        ["check", "--json"],
        folder(
          `console.log("hello from models");\nprocess.stdout.write("raw write\\n");\n${THING}\nsetInterval(() => {}, 1000);`,
        ),
      );
      expect(r.code).toBe(2);
      expect(JSON.parse(r.stdout).schema).toBe("pormg.check/1");
      expect(r.stderr).toContain("hello from models");
      expect(r.stderr).toContain("raw write");
    }, 60_000);
  });
}
