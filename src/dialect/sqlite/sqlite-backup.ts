import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statfsSync,
  statSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { environmentErrorCode } from "../../apply/environment-errors.ts";
import { restrictModeLike } from "../../apply/file-mode.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { sqliteErrors } from "./sqlite-errors.ts";

/** The suffix of a backup being written; it becomes the backup only once complete. */
const PARTIAL = ".partial";

/** Room the backup needs beyond the database's own size (and its WAL), for SQLite's temporary pages. */
const HEADROOM_BYTES = 1024 * 1024;

/** The READ_ONLY error for a SQLite database pormg cannot write (the file or its folder). */
export function readOnlyError(path: string, what: string): PormgError {
  return new PormgError(
    "READ_ONLY",
    `The SQLite database "${path}" cannot be changed: ${what}. Nothing was backed up or changed. ` +
      "Make the file and its folder writable by this user (SQLite writes a journal beside the file), or run as their owner.",
    { database: path },
  );
}

function diskFullError(path: string, folder: string, needed: number, free: number | undefined): PormgError {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;
  const room = free === undefined ? "" : ` (it needs about ${mb(needed)}, ${mb(free)} are free)`;
  return new PormgError(
    "DISK_FULL",
    `There is not enough free space in "${folder}" for the backup of "${path}"${room}. Nothing was changed and no ` +
      "partial backup was left behind. Free some space, or pass --no-backup to migrate without one.",
    { database: path, folder, neededBytes: needed, ...(free !== undefined && { freeBytes: free }) },
  );
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

/**
 * Refuses (`READ_ONLY`) a SQLite database this process cannot change: the file, or the folder
 * SQLite writes its journal and pormg its lock file into, is not writable. A file that does not
 * exist yet only needs its folder.
 */
export function assertSqliteWritable(path: string): void {
  const folder = dirname(path);
  try {
    if (existsSync(path)) accessSync(path, constants.W_OK);
  } catch {
    throw readOnlyError(path, "the file is not writable");
  }
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw readOnlyError(path, `its folder "${folder}" is not writable`);
  }
}

/**
 * Refuses, before anything is written, a backup that cannot succeed: a database or folder that is
 * not writable (`READ_ONLY`) and a folder with less free space than the database and its WAL
 * occupy (`DISK_FULL`). Where the file system reports no free space figure the check is skipped
 * (the copy itself still fails cleanly).
 */
export function assertBackupPossible(path: string): void {
  assertSqliteWritable(path);
  const folder = dirname(path);
  const needed = sizeOf(path) + sizeOf(`${path}-wal`) + HEADROOM_BYTES;
  let free: number | undefined;
  try {
    const fs = statfsSync(folder);
    free = Number(fs.bavail) * Number(fs.bsize);
  } catch {
    return;
  }
  if (free < needed) throw diskFullError(path, folder, needed, free);
}

/** Removes partial backups of `path` (and their journals) a killed run left behind; the caller holds the migration lock. */
function removeLeftovers(path: string): void {
  const prefix = `${basename(path)}.pormg-backup-`;
  for (const name of readdirSync(dirname(path)))
    if (name.startsWith(prefix) && name.includes(PARTIAL)) rmSync(join(dirname(path), name), { force: true });
}

/**
 * Backs a SQLite database up beside itself with `VACUUM INTO` (a consistent copy) and returns the
 * backup's path, `<db>.pormg-backup-<version>` (`-2`, `-3` … when taken before). The copy is
 * written under `<name>.partial` and renamed only when complete, so a killed or failed run never
 * leaves a file under a backup's name; it keeps the database file's permissions or stricter.
 * Checks writability and free space first ({@link assertBackupPossible}); a full disk during the
 * copy removes the partial file and throws `DISK_FULL`.
 */
export async function backupSqlite(db: Driver, path: string, version: string): Promise<string> {
  assertBackupPossible(path);
  removeLeftovers(path);
  let backup = `${path}.pormg-backup-${version}`;
  for (let n = 2; existsSync(backup); n++) backup = `${path}.pormg-backup-${version}-${n}`;
  const partial = `${backup}${PARTIAL}`;
  try {
    // Created empty with the database's permissions first, so the copy is never readable by more people.
    closeSync(openSync(partial, "wx", statSync(path).mode & 0o777));
    await db.query("VACUUM INTO ?", [partial]);
    restrictModeLike(partial, path);
    renameSync(partial, backup);
  } catch (error) {
    for (const file of [partial, `${partial}-journal`]) rmSync(file, { force: true });
    if (environmentErrorCode(error, [{ errors: sqliteErrors }]) === "DISK_FULL")
      throw diskFullError(path, dirname(path), sizeOf(path) + HEADROOM_BYTES, undefined);
    throw error;
  }
  return backup;
}
