import { describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PG_URL, pormg, ROOT, snapshot, tempDir } from "../lib/cli.ts";

describe("help, version and usage errors", () => {
  const cwd = tempDir();
  test("--help lists exactly the implemented commands", () => {
    const r = pormg(["--help"], { cwd });
    expect(r.code).toBe(0);
    const commands = [...r.stdout.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]);
    expect(commands).toEqual([
      "setup",
      "info",
      "makemigrations",
      "dry-run",
      "migrate",
      "status",
      "discard",
      "check",
      "schema",
      "inspect",
      "import-models",
      "init",
      "history",
      "mark-applied",
      "mark-failed",
      "remove",
      "tui",
      "completion",
      "help",
    ]);
    expect(r.stdout).toContain("64 usage, 78 configuration");
  });
  test("--version prints the version", () => {
    const r = pormg(["--version"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  test("an unknown command or option exits 64 with error[USAGE]", () => {
    const unknown = pormg(["migrat"], { cwd });
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("error[USAGE]: unknown command 'migrat'");
    const option = pormg(["info", "--nope"], { cwd });
    expect(option.code).toBe(64);
    expect(option.stderr).toContain("error[USAGE]: unknown option '--nope'");
  });
  test("output into a pipe its reader closed (`pormg --help | head -c 1`) is no error: exit 0, nothing on stderr", () => {
    // The reader closes the pipe while pormg still writes: before the fix, some runs ended with a
    // bogus "error[CONNECT_LOST]: EPIPE" and exit 1, so several runs are made.
    const script = `for i in 1 2 3 4 5 6 7 8; do "$0" "$1" --help 2>>"$2" | head -c 1 > /dev/null; echo "\${PIPESTATUS[0]}"; done`;
    const stderrFile = join(cwd, "pipe-stderr.txt");
    writeFileSync(stderrFile, "");
    const r = spawnSync("bash", ["-c", script, process.execPath, join(ROOT, "cmd", "pormg.ts"), stderrFile], {
      cwd,
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1" },
    });
    expect(r.stdout.trim().split("\n")).toEqual(Array(8).fill("0"));
    expect(readFileSync(stderrFile, "utf8")).toBe("");
  });

  test("no command prints help and exits 64", () => {
    const r = pormg([], { cwd });
    expect(r.code).toBe(64);
    expect(r.stderr).toContain("Usage: pormg");
  });
  test("--json usage errors are one JSON document", () => {
    const r = pormg(["info", "--json", "--url", "oracle://x/y"], { cwd });
    expect(r.code).toBe(64);
    expect(JSON.parse(r.stdout)).toMatchObject({ schema: "pormg.error/1", error: { code: "USAGE", exitCode: 64 } });
  });
});

describe("info", () => {
  test("SQLite default after setup, without creating the database file", () => {
    const cwd = tempDir();
    expect(pormg(["setup"], { cwd }).code).toBe(0);
    const r = pormg(["info"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/adapter:\s+SQLite/);
    expect(r.stdout).toMatch(/environment:\s+dev/);
    expect(r.stdout).toMatch(/server:\s+SQLite 3\.\d+/);
    expect(r.stdout).toContain("pormg_migrations missing");
    expect(existsSync(join(cwd, "db", "dev.sqlite"))).toBe(false);

    const json = JSON.parse(pormg(["info", "--json"], { cwd }).stdout);
    expect(json).toMatchObject({
      schema: "pormg.info/1",
      adapter: "sqlite",
      environment: "dev",
      target: `sqlite:${join(cwd, "db", "dev.sqlite")}`,
      source: "connection.yml",
      databaseExists: false,
      historyTables: { pormg_migrations: false, pormg_migration_events: false },
      models: { file: "db/models.ts", exists: true, loads: true },
      warnings: [],
    });
    expect(json.serverVersion).toMatch(/^3\.\d+/);
  });
  test("PostgreSQL through --url reports the server version", () => {
    const r = pormg(["info", "--url", PG_URL, "--json"], { cwd: tempDir() });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json).toMatchObject({ adapter: "postgresql", source: "--url", databaseExists: true, pgSchema: "public" });
    expect(json.serverVersion).toMatch(/^\d+\.\d+/);
    expect(json.models).toEqual({ file: "db/models.ts", exists: false });
  });
  test('a models file importing from "pormg" loads; one that throws exits 78 after reporting', () => {
    const cwd = tempDir();
    expect(pormg(["setup"], { cwd }).code).toBe(0);
    writeFileSync(
      join(cwd, "db", "models.ts"),
      'import { Models } from "pormg";\nexport const Tiny = Models.Model({ id: Models.IDField() }, { dbTable: "tiny_things" });\n',
    );
    const ok = JSON.parse(pormg(["info", "--json"], { cwd }).stdout);
    expect(ok.models).toEqual({ file: "db/models.ts", exists: true, loads: true, tables: ["tiny_things"] });
    writeFileSync(join(cwd, "db", "models.ts"), 'throw new Error("bad models");\n');
    const bad = pormg(["info"], { cwd });
    expect(bad.code).toBe(78);
    expect(bad.stdout).toContain("db/models.ts does not load: db/models.ts failed to load: bad models");
  });
  test("a connection failure exits 1 with the driver's reason and the target redacted", () => {
    const r = pormg(["info", "--url", "postgres://root:hunter2@127.0.0.1:1/test"], { cwd: tempDir() });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[CONNECT_FAILED]: could not connect to postgres://root:***@127.0.0.1:1/test");
    expect(r.stderr).toMatch(/ECONNREFUSED|connect/i);
    expect(r.stderr + r.stdout).not.toContain("hunter2");
  });
  test("a password from connection.yml never reaches output, even in --json errors", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: PostgreSQL\n  host: 127.0.0.1\n  port: 1\n  database: test\n  username: root\n  password: ${PGPASS}\n",
    );
    const r = pormg(["info", "--json"], { cwd, env: { PGPASS: "sup3rsecret" } });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({
      schema: "pormg.error/1",
      error: { code: "CONNECT_FAILED", exitCode: 1 },
    });
    expect(r.stdout + r.stderr).not.toContain("sup3rsecret");
    expect(r.stdout).toContain("postgresql://root:***@127.0.0.1:1/test");
  });
});

describe("configuration errors exit 78, say what to fix and write nothing", () => {
  const cases: { name: string; yml?: string; args?: string[]; env?: Record<string, string>; expected: string }[] = [
    {
      name: "missing folder",
      args: ["--db", "nope"],
      expected: 'error[CONFIG_MISSING]: database folder "nope" does not exist. Run `pormg setup --db nope`',
    },
    {
      name: "missing file",
      expected: "error[CONFIG_MISSING]: db/connection.yml does not exist. Run `pormg setup --db db`",
    },
    {
      name: "malformed YAML",
      yml: "dev:\n  adapter: SQLite\n    database: x\n",
      expected:
        "error[CONFIG_INVALID]: db/connection.yml:2:12: malformed YAML: Nested mappings are not allowed in compact mappings. Fix the syntax",
    },
    {
      name: "missing adapter",
      yml: "dev:\n  database: x.sqlite\n",
      expected: "db/connection.yml: dev.adapter: is missing",
    },
    {
      name: "unknown adapter",
      yml: "dev:\n  adapter: oracle\n",
      expected: 'db/connection.yml:2: dev.adapter: unknown adapter "oracle"',
    },
    {
      name: "unset variable",
      yml: "dev:\n  adapter: SQLite\n  database: ${NOT_SET_ANYWHERE}\n",
      expected: "db/connection.yml:3: dev.database: environment variable NOT_SET_ANYWHERE is not set",
    },
    {
      name: "unknown environment",
      yml: "dev:\n  adapter: SQLite\n  database: x.sqlite\n",
      args: ["--env", "prod"],
      expected: 'environment "prod" (chosen by --env) is not defined',
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const cwd = tempDir();
      if (c.name !== "missing folder") mkdirSync(join(cwd, "db"));
      if (c.yml !== undefined) writeFileSync(join(cwd, "db", "connection.yml"), c.yml);
      const before = snapshot(cwd);
      const r = pormg(["info", ...(c.args ?? [])], { cwd, ...(c.env && { env: c.env }) });
      expect(r.code).toBe(78);
      expect(r.stderr).toContain(c.expected);
      expect(snapshot(cwd)).toEqual(before);
    });
  }
  test("unknown keys warn with did-you-mean on stderr and in --json", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: SQLite\n  database: x.sqlite\n  ignor_tables: [a_]\n",
    );
    const r = pormg(["info"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      'warning: db/connection.yml:4: dev.ignor_tables: unknown key, ignored (did you mean "ignore_tables"?)',
    );
    const json = JSON.parse(pormg(["info", "--json"], { cwd }).stdout);
    expect(json.warnings).toHaveLength(1);
  });
});
