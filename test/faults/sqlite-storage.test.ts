/**
 * Faults around a SQLite database's storage, through the real CLI: the backup keeps the database's
 * permissions; a disk too small for the backup, a disk that fills up inside a rebuild, a read-only
 * file system and a `kill -9` during the backup each leave the database exactly as it was, no
 * partial backup under the backup's name, and a clear error (DISK_FULL, READ_ONLY).
 *
 * The small disks are tmpfs mounts the test makes and removes (root only; CI runs as root).
 */
import { Database } from "bun:sqlite";
import { afterAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnPormg, waitFor } from "../e2e/migrate-helpers.ts";
import { pormg, type Run, tempDir } from "../lib/cli.ts";

const ROOT_USER = process.getuid?.() === 0;
const mounts: string[] = [];

/** Mounts a tmpfs of `megabytes` at a new directory and returns it. */
function smallDisk(megabytes: number): string {
  const dir = tempDir("pormg-disk-");
  const r = spawnSync("mount", ["-t", "tmpfs", "-o", `size=${megabytes}m`, "tmpfs", dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`mount failed: ${r.stderr}`);
  mounts.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of mounts) spawnSync("umount", ["-l", dir]);
});

const MODELS = (withNote: boolean) => `import { Models } from "pormg";
export const Note = Models.Model({
  id: Models.IDField(),
  body: Models.TextField(),${withNote ? "\n  note: Models.TextField({ null: true })," : ""}
});
`;

/** A folder whose database lives at `database`, migrated to the table `note` with `rows` rows of ~1 KB. */
function populated(database: string, rows: number): { cwd: string; run: (args: string[]) => Run } {
  const cwd = tempDir("pormg-storage-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(
    join(cwd, "db", "connection.yml"),
    `dev:\n  adapter: SQLite\n  database: ${database}\n  config:\n    change_db: true\n`,
  );
  writeFileSync(join(cwd, "db", "models.ts"), MODELS(true));
  const run = (args: string[]) => pormg(args, { cwd });
  expect(run(["makemigrations"]).code).toBe(0);
  expect(run(["migrate"]).code).toBe(0);
  const db = new Database(database);
  db.run(
    `INSERT INTO note (body, note) SELECT printf('%.1000c', 'x'), 'n' FROM
       (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ${rows}) SELECT x FROM c)`,
  );
  db.close();
  // Dropping the column `note` is a destructive rebuild: migrate backs the file up first.
  writeFileSync(join(cwd, "db", "models.ts"), MODELS(false));
  expect(run(["makemigrations"]).code).toBe(0);
  return { cwd, run };
}

function rowsAndColumns(database: string): { rows: number; columns: string[] } {
  const db = new Database(database, { readonly: true });
  try {
    const rows = Number((db.query("SELECT count(*) AS n FROM note").get() as { n: number }).n);
    const columns = (db.query("PRAGMA table_info(note)").all() as { name: string }[]).map((c) => c.name);
    return { rows, columns };
  } finally {
    db.close();
  }
}

const backups = (dir: string) => readdirSync(dir).filter((name) => name.includes(".pormg-backup-"));

describe("SQLite storage faults", () => {
  test("the backup, the lock file and the archive keep a 0600 database's permissions", () => {
    const dir = tempDir("pormg-mode-");
    const database = join(dir, "app.sqlite");
    const { cwd, run } = populated(database, 10);
    chmodSync(database, 0o600);
    const r = run(["migrate", "--destructive", "--json"]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(doc.backup)).toBe(0o600);
    expect(mode(`${database}.pormg-lock`) & 0o077).toBe(0);
    expect(mode(doc.archived) & 0o077).toBe(0);
    expect(mode(doc.archived.replace(/\.sql$/, ".models.ts")) & 0o077).toBe(0);
    expect(existsSync(join(cwd, "db", "migrations", "pending_migrations.sql"))).toBe(false);
  });

  test.skipIf(!ROOT_USER)("a disk too small for the backup: DISK_FULL before anything is written", () => {
    const disk = smallDisk(6);
    const database = join(disk, "app.sqlite");
    const { run } = populated(database, 3500); // ~3.6 MB: the backup cannot fit beside it
    const before = rowsAndColumns(database);
    const r = run(["migrate", "--destructive"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[DISK_FULL]: There is not enough free space");
    expect(r.stderr).toContain("--no-backup");
    expect(backups(disk)).toEqual([]);
    expect(rowsAndColumns(database)).toEqual(before);
  });

  test.skipIf(!ROOT_USER)("a disk that fills up inside the rebuild: DISK_FULL, rolled back, the real error", () => {
    const disk = smallDisk(6);
    const database = join(disk, "app.sqlite");
    const { run } = populated(database, 3500);
    const before = rowsAndColumns(database);
    const r = run(["migrate", "--destructive", "--no-backup"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("error[DISK_FULL]");
    expect(r.stderr).toMatch(/database or disk is full/i);
    expect(r.stderr).not.toContain("no transaction is active");
    expect(r.stderr).not.toContain("bug in pormg");
    expect(rowsAndColumns(database)).toEqual(before);
  });

  test.skipIf(!ROOT_USER)("a read-only file system: READ_ONLY, and no backup is attempted", () => {
    const disk = smallDisk(8);
    const database = join(disk, "app.sqlite");
    const { run } = populated(database, 100);
    const before = rowsAndColumns(database);
    expect(spawnSync("mount", ["-o", "remount,ro", disk]).status).toBe(0);
    for (const attempt of [1, 2]) {
      const r = run(["migrate", "--destructive"]);
      expect({ attempt, code: r.code }).toEqual({ attempt, code: 1 });
      expect(r.stderr).toContain("error[READ_ONLY]");
      expect(r.stderr).not.toContain("bug in pormg");
    }
    expect(backups(disk)).toEqual([]);
    expect(rowsAndColumns(database)).toEqual(before);
  });

  test("kill -9 during the backup: nothing under the backup's name; the rerun takes that name", async () => {
    const dir = tempDir("pormg-killbackup-");
    const database = join(dir, "app.sqlite");
    const { cwd, run } = populated(database, 120_000); // ~120 MB: the copy takes a while
    const before = rowsAndColumns(database);
    const migrating = spawnPormg(["migrate", "--destructive"], cwd);
    await waitFor(async () => backups(dir).some((n) => n.endsWith(".partial")), 20_000, "the partial backup");
    migrating.child.kill("SIGKILL");
    await migrating.done;
    expect(backups(dir).filter((n) => !n.includes(".partial"))).toEqual([]);
    expect(rowsAndColumns(database)).toEqual(before);
    const r = run(["migrate", "--destructive", "--json"]);
    expect(r.code).toBe(0);
    const backup = JSON.parse(r.stdout).backup as string;
    expect(backup).toMatch(/\.pormg-backup-\d{17}$/);
    expect(backups(dir)).toEqual([backup.slice(dir.length + 1)]);
    expect(rowsAndColumns(database).columns).toEqual(["id", "body"]);
  }, 120_000);
});
