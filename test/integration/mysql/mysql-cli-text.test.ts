/**
 * What the CLI says on MySQL / MariaDB, through the real CLI on a fresh MariaDB database: `info`
 * names MariaDB where the environment or the server is MariaDB; `dry-run` and `migrate` say in
 * plain words that each step commits on its own (no transactional DDL: a failure stops at a known
 * step that `status` shows, and the next `migrate` resumes from it); `dry-run --verify` says it
 * ran on a scratch copy that was dropped (the sandbox kind `copy`), not that it rolled back.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pormg, tempDir } from "../../lib/cli.ts";
import { createMysqlDatabase, dropMysqlDatabase, mysqlUrlFor } from "../../lib/mysql.ts";

const MODELS = `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});
`;

const TAG = `export const Tag = Models.Model({
  id: Models.IDField(),
  label: Models.CharField({ maxLength: 30 }),
});
`;

/** A database folder on `url` whose `adapter:` is `adapter`. */
function folderOn(url: string, adapter: string): string {
  const cwd = tempDir();
  mkdirSync(join(cwd, "db"));
  writeFileSync(
    join(cwd, "db", "connection.yml"),
    `dev:\n  adapter: ${adapter}\n  url: ${url}\n  config:\n    change_db: true\n    change_data: true\n`,
  );
  writeFileSync(join(cwd, "db", "models.ts"), MODELS);
  return cwd;
}

describe("the CLI's words on MySQL / MariaDB", () => {
  let database: string;
  let url: string;
  beforeAll(async () => {
    database = await createMysqlDatabase("cli");
    url = mysqlUrlFor(database);
  });
  afterAll(async () => {
    await dropMysqlDatabase(database);
  });

  test("info: the adapter as connection.yml names it, the server as the server says it is", () => {
    const mariadb = pormg(["info"], { cwd: folderOn(url, "MariaDB") });
    expect(mariadb.code).toBe(0);
    expect(mariadb.stdout).toMatch(/^adapter: +MariaDB$/m);
    expect(mariadb.stdout).toMatch(/^server: +MariaDB .*MariaDB/m);
    const mysql = pormg(["info"], { cwd: folderOn(url, "MySQL") });
    expect(mysql.stdout).toMatch(/^adapter: +MySQL$/m);
    // The test server is MariaDB: whatever the file says, the server line says what it is.
    expect(mysql.stdout).toMatch(/^server: +MariaDB /m);
    const json = JSON.parse(pormg(["info", "--json"], { cwd: folderOn(url, "MariaDB") }).stdout);
    expect(json).toMatchObject({ adapter: "mysql", serverVersion: expect.stringContaining("MariaDB") });
  });

  test("dry-run and migrate say each step commits on its own; verify ran on a scratch copy", () => {
    const cwd = folderOn(url, "MariaDB");
    expect(pormg(["makemigrations", "--name", "init"], { cwd }).code).toBe(0);
    const dry = pormg(["dry-run", "--verify"], { cwd });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(
      "MariaDB commits every DDL statement, so the steps cannot share a transaction: each commits on its own.\n" +
        "A failure stops at that step, with the steps before it applied and recorded; `pormg status` shows it,\n" +
        "and the next `pormg migrate` resumes from it.",
    );
    expect(dry.stdout).toMatch(
      /verify: ok — 1 statement\(s\) ran and the result matches the models \(ran on a scratch copy, dropped\)$/m,
    );
    expect(dry.stdout).not.toContain("rolled back");
    const json = JSON.parse(pormg(["dry-run", "--verify", "--json"], { cwd }).stdout);
    expect(json.verify).toMatchObject({ ok: true, sandbox: "copy" });
    const applied = pormg(["migrate"], { cwd });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toMatch(
      /^Applied \d{17} "init" \(the pending plan, 1 statement\(s\) in \d+ ms, each step committed on its own\)/,
    );
  });

  test("a failed step: the steps before it are applied, and status shows where it stopped", () => {
    const cwd = folderOn(url, "MariaDB");
    appendFileSync(join(cwd, "db", "models.ts"), TAG);
    expect(pormg(["makemigrations", "--name", "tag"], { cwd }).code).toBe(0);
    const pending = join(cwd, "db", "migrations", "pending_migrations.sql");
    // A step that fails after the first one committed: the table it alters does not exist.
    appendFileSync(
      pending,
      '-- step: tag | broken\n-- pormg-step-flags: {"transactional":false}\nALTER TABLE `nosuch` ADD COLUMN `x` int;\n',
    );
    const failing = pormg(["migrate"], { cwd });
    expect(failing.code).not.toBe(0);
    expect(failing.stdout + failing.stderr).toContain(
      "MariaDB commits each step on its own: the steps before the failed one are applied and recorded, the rest did not run (`pormg status` shows where it stopped).",
    );
    const status = pormg(["status"], { cwd });
    expect(status.stdout).toContain('the non-transactional step "tag | broken" did not finish');
  });
});
