/**
 * The npm package as a user installs it: `npm pack` from this checkout, `npm install <tarball>`
 * into an empty project, then `npx pormg …` with only Node.js and npm (no Bun, no Deno) on PATH,
 * on SQLite (better-sqlite3) and PostgreSQL; the library import on Node; Bun running the installed
 * bin; and a global install (`npm install -g --prefix`) used from a folder with no node_modules.
 *
 * Installing builds better-sqlite3's native addon (from source where its prebuilt binaries cannot
 * be downloaded): minutes. So it runs only with PORMG_TEST_NPM_INSTALL=1, which `.ci/run` sets
 * in a step of its own.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PG_URL, ROOT, type Run, tempDir } from "../lib/cli.ts";
import { adminExecute, databaseUrl, publicTables } from "../lib/pg-admin.ts";

const enabled = process.env.PORMG_TEST_NPM_INSTALL === "1";
if (!enabled) console.log("npm-install.test.ts skipped: set PORMG_TEST_NPM_INSTALL=1 (.ci/run does; it takes minutes)");

const INSTALL_TIMEOUT_MS = 15 * 60_000;
const MODELS = `import { Models } from "pormg";

export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});

export const Book = Models.Model({
  id: Models.IDField(),
  author: Models.ForeignKey(Author, { onDelete: "CASCADE" }),
  title: Models.TextField(),
});
`;

/** Runs a command with exactly the environment given (PATH included), failing loudly on a timeout. */
function sh(command: string, args: readonly string[], cwd: string, path: string, timeout = 120_000): Run {
  const r = spawnSync(command, [...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: path, HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
    timeout,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}

/** A bin folder with node, npm and npx only, and a PATH of it plus the system folders (sh, make, cc). */
function nodeOnlyPath(dir: string): string {
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const node = Bun.which("node");
  const npm = Bun.which("npm");
  const npx = Bun.which("npx");
  if (!node || !npm || !npx) throw new Error("node, npm and npx must be on PATH");
  symlinkSync(realpathSync(node), join(bin, "node"));
  symlinkSync(realpathSync(npm), join(bin, "npm"));
  symlinkSync(realpathSync(npx), join(bin, "npx"));
  return `${bin}:/usr/bin:/bin`;
}

const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund"];
const pgName = `pormg_npm_${process.pid}`;

describe.skipIf(!enabled)("the packed npm tarball", () => {
  let work = "";
  let path = "";
  let tarball = "";
  let project = "";
  const npx = (args: readonly string[], cwd = project) => sh("npx", ["pormg", ...args], cwd, path);

  beforeAll(() => {
    work = tempDir("pormg-npm-");
    path = nodeOnlyPath(work);
    // npm pack runs the `prepack` script (the Node build), which needs Bun: the ambient PATH.
    ok(sh("npm", ["pack", "--pack-destination", work], ROOT, process.env.PATH ?? "", 300_000));
    tarball = join(work, readdirSync(work).find((f) => f.endsWith(".tgz")) ?? "none.tgz");
    project = join(work, "project");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), '{ "name": "user-project", "private": true, "type": "module" }\n');
    ok(sh("npm", ["install", ...NPM_FLAGS, tarball], project, path, INSTALL_TIMEOUT_MS));
  }, INSTALL_TIMEOUT_MS + 300_000);

  afterAll(async () => {
    await adminExecute(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    if (work) rmSync(work, { recursive: true, force: true }); // two installs: ~150 MB
  });

  test("the tarball holds the built Node entry and the sources, not the tests", () => {
    const files = ok(sh("tar", ["tzf", tarball], work, process.env.PATH ?? "")).stdout.split("\n");
    for (const f of ["package/dist/node/cmd/pormg.mjs", "package/dist/node/mod.mjs", "package/mod.ts"])
      expect(files).toContain(f);
    expect(files.filter((f) => f.startsWith("package/test/"))).toEqual([]);
    console.log(`tarball: ${(statSync(tarball).size / 1024).toFixed(0)} KiB, ${files.length - 1} files`);
  });

  test("the PATH has node and npm but no bun and no deno", () => {
    expect(sh("sh", ["-c", "command -v node && command -v npx"], work, path).code).toBe(0);
    expect(sh("sh", ["-c", "command -v bun || command -v deno"], work, path).code).not.toBe(0);
  });

  test("npx pormg on SQLite: setup, makemigrations, migrate, status", () => {
    expect(ok(npx(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(ok(npx(["setup", "--db", "db"])).stdout).toContain("created db/models.ts");
    writeFileSync(join(project, "db", "models.ts"), MODELS);
    expect(ok(npx(["makemigrations", "--db", "db"])).stdout).toContain("Create table");
    const migrated = JSON.parse(ok(npx(["migrate", "--db", "db", "--json"])).stdout);
    expect(migrated).toMatchObject({ schema: "pormg.migrate/1", outcome: "applied", statements: 3 });
    const status = JSON.parse(ok(npx(["status", "--db", "db", "--json"])).stdout);
    expect(status.applied.map((a: { version: string }) => a.version)).toEqual([migrated.version]);
    expect(status.pending).toBe(false);
    const db = new Database(join(project, "db", "dev.sqlite"), { readonly: true });
    const tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1").all();
    db.close();
    expect(tables.map((t) => (t as { name: string }).name)).toEqual(expect.arrayContaining(["author", "book"]));
  }, 120_000);

  test("npx pormg on PostgreSQL: setup, makemigrations, migrate, status", async () => {
    await adminExecute(`DROP DATABASE IF EXISTS ${pgName} WITH (FORCE)`);
    await adminExecute(`CREATE DATABASE ${pgName}`);
    const url = databaseUrl(pgName, PG_URL);
    ok(npx(["setup", "--db", "pg"]));
    writeFileSync(join(project, "pg", "models.ts"), MODELS);
    expect(ok(npx(["makemigrations", "--db", "pg", "--url", url])).stdout).toContain("Create table");
    const migrated = JSON.parse(ok(npx(["migrate", "--db", "pg", "--url", url, "--json"])).stdout);
    expect(migrated.outcome).toBe("applied");
    const status = JSON.parse(ok(npx(["status", "--db", "pg", "--url", url, "--json"])).stdout);
    expect(status.applied).toHaveLength(1);
    expect(await publicTables(url)).toEqual(expect.arrayContaining(["author", "book"]));
  }, 120_000);

  test('a Node script imports the library: import { Models } from "pormg"', () => {
    const script = 'import { Models, VERSION } from "pormg"; console.log(typeof Models.Model, VERSION);';
    const r = ok(sh("node", ["--input-type=module", "-e", script], project, path));
    expect(r.stdout.trim()).toMatch(/^function \d+\.\d+\.\d+/);
  });

  test("Bun runs the installed bin (bun:sqlite, models loaded by Bun)", () => {
    const bin = join(project, "node_modules", "pormg", "dist", "node", "cmd", "pormg.mjs");
    const bun = (args: readonly string[]) => sh(process.execPath, [bin, ...args], project, path);
    ok(bun(["setup", "--db", "bundb"]));
    writeFileSync(join(project, "bundb", "models.ts"), MODELS);
    ok(bun(["makemigrations", "--db", "bundb"]));
    expect(JSON.parse(ok(bun(["migrate", "--db", "bundb", "--json"])).stdout).outcome).toBe("applied");
    const status = JSON.parse(ok(bun(["status", "--db", "bundb", "--json"])).stdout);
    expect(status.applied).toHaveLength(1);
  }, 60_000);

  test(
    "a global install works from a folder with no node_modules (pormg answers for itself)",
    () => {
      const prefix = join(work, "global");
      ok(sh("npm", ["install", "-g", "--prefix", prefix, ...NPM_FLAGS, tarball], work, path, INSTALL_TIMEOUT_MS));
      const pormg = join(prefix, "bin", "pormg");
      const cwd = join(work, "elsewhere");
      mkdirSync(cwd);
      const run = (args: readonly string[]) => sh(pormg, args, cwd, path);
      expect(ok(run(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
      ok(run(["setup", "--db", "db"]));
      writeFileSync(join(cwd, "db", "models.ts"), MODELS);
      ok(run(["makemigrations", "--db", "db"]));
      expect(JSON.parse(ok(run(["migrate", "--db", "db", "--json"])).stdout).outcome).toBe("applied");
    },
    INSTALL_TIMEOUT_MS,
  );
});
