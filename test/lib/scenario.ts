import { expect } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PG_URL, type Run, tempDir } from "./cli.ts";

/** Runs pormg with some runtime (Bun, Deno, the compiled binary) in `cwd`. */
export type Runner = (args: readonly string[], cwd: string) => Run;

function json(r: Run): Record<string, unknown> {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/**
 * The end-to-end scenario every runtime must pass: `setup` in an empty directory, `info` against
 * the SQLite default, `info` against PostgreSQL, and a models file that imports from "pormg".
 */
export function endToEndScenario(pormg: Runner): void {
  const cwd = tempDir("pormg-e2e-");
  const setup = pormg(["setup", "--db", "db"], cwd);
  expect(setup.code).toBe(0);

  const sqlite = json(pormg(["info", "--db", "db", "--json"], cwd));
  expect(sqlite).toMatchObject({
    schema: "pormg.info/1",
    adapter: "sqlite",
    environment: "dev",
    databaseExists: false,
  });
  expect(String(sqlite.serverVersion)).toMatch(/^3\.\d+/);

  const pg = json(pormg(["info", "--db", "db", "--url", PG_URL, "--json"], cwd));
  expect(pg).toMatchObject({ adapter: "postgresql", source: "--url", databaseExists: true });
  expect(String(pg.serverVersion)).toMatch(/^\d+\.\d+/);

  writeFileSync(
    join(cwd, "db", "models.ts"),
    'import { Models } from "pormg";\nexport const Embedded = Models.Model({ id: Models.IDField() });\n',
  );
  const loaded = json(pormg(["info", "--db", "db", "--json"], cwd));
  expect(loaded.models).toEqual({ file: "db/models.ts", exists: true, loads: true, tables: ["embedded"] });
}
