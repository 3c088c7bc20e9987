/**
 * The npm package's Node build (`scripts/build-node.ts`) run by Node.js, quickly (the full
 * pack-and-install path is test/e2e/npm-install.test.ts): its bin loads a TypeScript models file
 * through tsx, answers the models file's `import … from "pormg"` itself (the project has no
 * node_modules), opens SQLite with better-sqlite3, and its library entry loads on Node.
 */
import { beforeAll, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PG_URL, ROOT, run, tempDir } from "../lib/cli.ts";

let bin = "";
let lib = "";

beforeAll(() => {
  const dir = tempDir("pormg-node-bundle-");
  const r = run(process.execPath, [join(ROOT, "scripts", "build-node.ts"), "--outdir", join(dir, "dist")], {
    cwd: ROOT,
  });
  if (r.code !== 0) throw new Error(`build failed: ${r.stderr}`);
  // The bundle's two run-time packages (tsx, better-sqlite3) resolve from a node_modules beside it.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  bin = join(dir, "dist", "cmd", "pormg.mjs");
  lib = join(dir, "dist", "mod.mjs");
}, 60_000);

const node = (args: readonly string[], cwd: string) => run("node", [bin, ...args], { cwd });

test("the Node bin starts with a Node shebang and answers --version", () => {
  const r = node(["--version"], ROOT);
  expect(r.code).toBe(0);
  expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  expect(Bun.file(bin).size).toBeGreaterThan(0);
  expect(run("head", ["-n", "1", bin], { cwd: ROOT }).stdout).toBe("#!/usr/bin/env node\n");
}, 30_000);

test("on Node a TypeScript models file loads and migrates on SQLite and PostgreSQL", () => {
  const cwd = tempDir("pormg-node-project-");
  expect(node(["setup", "--db", "db"], cwd).code).toBe(0);
  writeFileSync(
    join(cwd, "db", "models.ts"),
    'import { Models } from "pormg";\n' +
      "const length: number = 40;\n" +
      "export const NodeThing = Models.Model({ id: Models.IDField(), name: Models.CharField({ maxLength: length }) });\n",
  );
  const info = node(["info", "--db", "db", "--json"], cwd);
  expect(info.stderr).toBe("");
  expect(JSON.parse(info.stdout).models).toEqual({
    file: "db/models.ts",
    exists: true,
    loads: true,
    tables: ["nodething"],
  });
  expect(JSON.parse(info.stdout).serverVersion).toMatch(/^3\.\d+/);
  const schema = node(["schema", "--db", "db", "--from", "models", "--url", PG_URL], cwd);
  expect(schema.code).toBe(0);
  expect(schema.stdout).toContain("varchar(40)");
  expect(node(["makemigrations", "--db", "db"], cwd).code).toBe(0);
  const migrated = node(["migrate", "--db", "db", "--json"], cwd);
  expect(JSON.parse(migrated.stdout)).toMatchObject({ outcome: "applied", statements: 1 });
}, 60_000);

test("on Node a models file that fails to compile is MODEL_INVALID naming the file", () => {
  const cwd = tempDir("pormg-node-project-");
  mkdirSync(join(cwd, "db"));
  expect(node(["setup", "--db", "db"], cwd).code).toBe(0);
  writeFileSync(
    join(cwd, "db", "models.ts"),
    'import { Models } from "pormg";\nexport const X = Models.Model({ id: ;\n',
  );
  const r = node(["info", "--db", "db", "--json"], cwd);
  expect(JSON.parse(r.stdout).models).toMatchObject({ file: "db/models.ts", loads: false });
}, 30_000);

test("on Node a syntax error is file:line:column: message, and a Models typo says where and what it meant", () => {
  const cwd = tempDir("pormg-node-project-");
  expect(node(["setup", "--db", "db"], cwd).code).toBe(0);
  const broken = "export const X = Models.Model({ id: ;";
  writeFileSync(join(cwd, "db", "models.ts"), `import { Models } from "pormg";\n${broken}\n`);
  const r = node(["check", "--db", "db"], cwd);
  expect(r.code).toBe(78);
  expect(r.stderr.split("\n").slice(0, 2)).toEqual([
    "error[MODEL_INVALID]: db/models.ts failed to load: 1 error",
    `  db/models.ts:2:${broken.indexOf(";") + 1}: Unexpected ";"`,
  ]);
  writeFileSync(
    join(cwd, "db", "models.ts"),
    'import { Models } from "pormg";\nexport const X = Models.Model({ t: Models.TextFeild() });\n',
  );
  const typo = node(["check", "--db", "db"], cwd);
  expect(typo.code).toBe(78);
  expect(typo.stderr).toStartWith(
    "error[MODEL_INVALID]: db/models.ts failed to load: Models.TextFeild is not a field type; did you mean Models.TextField?\n  at db/models.ts:2:",
  );
}, 30_000);

test("on Node the library entry exports the API", () => {
  const script = `const m = await import(${JSON.stringify(lib)}); console.log(typeof m.Models.Model, m.VERSION);`;
  const r = run("node", ["--input-type=module", "-e", script], { cwd: ROOT });
  expect(r.stderr).toBe("");
  expect(r.stdout.trim()).toMatch(/^function \d+\.\d+\.\d+/);
}, 30_000);
