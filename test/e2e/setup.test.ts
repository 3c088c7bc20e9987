/**
 * `pormg setup` creates only the folder's missing files and says which it kept; the `.gitignore`
 * it writes keeps the local database, the migration lock and the backups out of git (checked by
 * git itself on the files a real migrate leaves). The real CLI under Bun.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pormg, run, snapshot, tempDir } from "../lib/cli.ts";

const MODEL =
  'import { Models } from "pormg";\nexport const Team = Models.Model({ teamId: Models.IDField(), name: Models.CharField({ maxLength: 40 }) });\n';

describe("setup", () => {
  test("a new folder: connection.yml, models.ts and .gitignore, and --json lists them as created", () => {
    const cwd = tempDir();
    const r = pormg(["setup", "--db", "db_2", "--json"], { cwd });
    expect(r.code).toBe(0);
    const files = ["connection.yml", "models.ts", ".gitignore"].map((name) => join(cwd, "db_2", name));
    expect(JSON.parse(r.stdout)).toEqual({
      schema: "pormg.setup/1",
      folder: join(cwd, "db_2"),
      files,
      created: files,
      kept: [],
      updated: [],
      gitignoreAdded: [],
      warnings: [],
    });
    expect(readFileSync(join(cwd, "db_2", "connection.yml"), "utf8")).toContain("database: dev.sqlite");
    expect(readFileSync(join(cwd, "db_2", "models.ts"), "utf8")).toContain('from "pormg"');
    expect(readFileSync(join(cwd, "db_2", ".gitignore"), "utf8").split("\n")).toEqual([
      "# pormg: local databases, the migration lock and backups (the migrations/ folder is committed)",
      "*.pormg-lock",
      "*.pormg-backup-*",
      "*.pormg-tmp-*",
      "dev.sqlite",
      "dev.sqlite-journal",
      "dev.sqlite-wal",
      "dev.sqlite-shm",
      "",
    ]);
  });

  test("only connection.yml deleted (what the CONFIG_MISSING hint leads to): it is created, models.ts kept", () => {
    const cwd = tempDir();
    expect(pormg(["setup"], { cwd }).code).toBe(0);
    writeFileSync(join(cwd, "db", "models.ts"), MODEL);
    rmSync(join(cwd, "db", "connection.yml"));
    const missing = pormg(["info"], { cwd });
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain("Run `pormg setup --db db`");
    const r = pormg(["setup"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "created db/connection.yml",
      "kept    db/models.ts (it exists)",
      "kept    db/.gitignore (it exists)",
    ]);
    expect(readFileSync(join(cwd, "db", "models.ts"), "utf8")).toBe(MODEL);
    expect(pormg(["info"], { cwd }).code).toBe(0);
  });

  test("every file there: nothing written, exit 0, each named as kept", () => {
    const cwd = tempDir();
    expect(pormg(["setup"], { cwd }).code).toBe(0);
    const before = snapshot(cwd);
    const r = pormg(["setup", "--json"], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ created: [], updated: [], files: [] });
    expect(JSON.parse(r.stdout).kept).toHaveLength(3);
    expect(pormg(["setup"], { cwd }).stdout).toContain("Nothing to do: db has every file setup writes.");
    expect(snapshot(cwd)).toEqual(before);
  });

  test("an existing .gitignore is kept, with the lines it lacks appended once", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(join(cwd, "db", ".gitignore"), "secrets.env\n*.pormg-lock");
    const r = pormg(["setup"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      "updated db/.gitignore (added *.pormg-backup-*, *.pormg-tmp-*, dev.sqlite, dev.sqlite-journal, dev.sqlite-wal, dev.sqlite-shm)",
    );
    const text = readFileSync(join(cwd, "db", ".gitignore"), "utf8");
    expect(text).toStartWith("secrets.env\n*.pormg-lock\n# pormg:");
    expect(text.split("\n").filter((line) => line === "*.pormg-lock")).toHaveLength(1);
    expect(pormg(["setup"], { cwd }).stdout).toContain("kept    db/.gitignore (it exists)");
    expect(readFileSync(join(cwd, "db", ".gitignore"), "utf8")).toBe(text);
  });

  test("a kept connection.yml names the models file and the SQLite file setup uses", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: SQLite\n  database: data/app.db\n  config:\n    model_file: schema/tables.ts\n",
    );
    const r = pormg(["setup"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("created db/schema/tables.ts");
    expect(r.stdout).toContain("Next: declare models in db/schema/tables.ts");
    expect(existsSync(join(cwd, "db", "models.ts"))).toBe(false);
    expect(readFileSync(join(cwd, "db", ".gitignore"), "utf8")).toContain(
      "\ndata/app.db\ndata/app.db-journal\ndata/app.db-wal\ndata/app.db-shm\n",
    );
  });

  test("a kept connection.yml that does not load: the defaults, and a warning that says why", () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, "db"));
    writeFileSync(join(cwd, "db", "connection.yml"), "dev:\n  adapter: Postgress\n");
    const r = pormg(["setup"], { cwd });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: db/connection.yml:2: dev.adapter: unknown adapter "Postgress"');
    expect(r.stderr).toContain("setup kept connection.yml and used the default names (models.ts, dev.sqlite)");
    expect(existsSync(join(cwd, "db", "models.ts"))).toBe(true);
  });

  test("git ignores the database, its lock and the backups a real migrate leaves; commits the rest", () => {
    const cwd = tempDir();
    const git = (...args: string[]) => run("git", args, { cwd });
    expect(git("init", "-q").code).toBe(0);
    expect(pormg(["setup"], { cwd }).code).toBe(0);
    writeFileSync(join(cwd, "db", "models.ts"), MODEL);
    for (const step of [["makemigrations", "--name", "teams"], ["migrate"]]) expect(pormg(step, { cwd }).code).toBe(0);
    // Dropping a column is destructive: migrate backs the database up beside itself first.
    writeFileSync(join(cwd, "db", "models.ts"), MODEL.replace(", name: Models.CharField({ maxLength: 40 })", ""));
    for (const step of [
      ["makemigrations", "--name", "drop name"],
      ["migrate", "--destructive"],
    ])
      expect(pormg(step, { cwd }).code).toBe(0);
    const onDisk = readdirSync(join(cwd, "db"));
    expect(onDisk).toContain("dev.sqlite");
    expect(onDisk.some((name) => name.startsWith("dev.sqlite.pormg-backup-"))).toBe(true);
    const untracked = git("status", "--porcelain", "--untracked-files=all").stdout.trim().split("\n");
    expect(untracked.filter((line) => /sqlite|pormg-/.test(line))).toEqual([]);
    expect(untracked).toContain("?? db/.gitignore");
    expect(untracked).toContain("?? db/models.ts");
    expect(untracked).toContain("?? db/connection.yml");
    expect(untracked.some((line) => line.startsWith("?? db/migrations/"))).toBe(true);
    // The lock file's name, as the lock writes it, is ignored whether or not it is there now.
    expect(git("check-ignore", "-q", "db/dev.sqlite.pormg-lock").code).toBe(0);
  }, 60_000);
});
