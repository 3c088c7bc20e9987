import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ExecutionPart } from "../../apply/execution.ts";
import type { Config, Target } from "../../config/config.ts";
import type { Driver } from "../../core/driver.ts";
import { backupSqlite } from "./sqlite-backup.ts";
import { quoteLiteral } from "./sqlite-ddl.ts";
import { connectSqlite } from "./sqlite-driver.ts";
import {
  assertForeignKeysOff,
  checkRebuild,
  isForeignKeyCheck,
  runForeignKeyCheck,
  snapshotRebuild,
  withForeignKeysOff,
} from "./sqlite-guard.ts";
import { openSqliteReadonly } from "./sqlite-session.ts";
import { sqliteTarget } from "./sqlite-target.ts";

/**
 * Verify's sandbox on SQLite: a temporary copy of the file (`VACUUM INTO`, the original opened
 * read-only; an empty database when the file does not exist yet), deleted afterwards.
 */
async function sandbox<T>(target: Config | Target, fn: (db: Driver, kind: "copy") => Promise<T>): Promise<T> {
  const resolved = "target" in target ? target.target : target;
  const dir = mkdtempSync(join(tmpdir(), "pormg-verify-"));
  const copy = join(dir, "verify.db");
  try {
    if (sqliteTarget.exists(resolved)) {
      const source = await openSqliteReadonly(target);
      try {
        await source.execute(`VACUUM INTO ${quoteLiteral(copy)}`);
      } finally {
        await source.close();
      }
    }
    const driver = await connectSqlite({ dialect: "sqlite", path: copy });
    try {
      return await fn(driver, "copy");
    } finally {
      await driver.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How SQLite runs a plan: with foreign-key enforcement off on the connection around the whole
 * run (a rebuild's DROP TABLE can never cascade), refused when it is still on inside the
 * transaction; every rebuild step checked for lost rows, new orphaned rows and lost columns; a
 * plan's own `PRAGMA foreign_key_check` read and judged. Timeouts, schemas and extensions do not
 * apply. `verify` runs on a copy of the file; risky plans are backed up first.
 */
export const sqliteExecution: ExecutionPart = {
  beginTransaction: (tx) => assertForeignKeysOff(tx),
  withSession: (_db, _settings, fn) => fn(),
  around: withForeignKeysOff,
  async guardStep(tx, step, index, progress, steps) {
    if (!step.rebuild) return undefined;
    const table = step.rebuild.table;
    const before = await snapshotRebuild(tx, table, index, step.label);
    progress?.({
      kind: "rebuild",
      table,
      rows: before.rows.get(table) ?? null,
      step: index + 1,
      steps: steps ?? index + 1,
    });
    return () => checkRebuild(tx, before, index, step.label, step.destructive);
  },
  async runStatement(db, statement, stepIndex, label) {
    // The runner reads the rows of a plan's own foreign-key check.
    if (isForeignKeyCheck(statement)) await runForeignKeyCheck(db, statement, stepIndex, label);
    else await db.execute(statement.sql);
  },
  assertExtensionsAvailable: async () => {},
  standIn: () => null,
  sandbox,
  backup: (db, target, version) =>
    target.dialect === "sqlite" ? backupSqlite(db, target.path, version) : Promise.resolve(undefined),
};
