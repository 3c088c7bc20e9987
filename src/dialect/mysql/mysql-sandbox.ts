import { randomBytes } from "node:crypto";
import type { Config, MysqlTarget, Target } from "../../config/config.ts";
import { redactText } from "../../config/redact.ts";
import type { Driver } from "../../core/driver.ts";
import { PormgError } from "../../core/errors.ts";
import { connectMysql } from "./mysql-driver.ts";
import { ER, mysqlErrno } from "./mysql-errno.ts";
import { onDatabase, withoutDatabase } from "./mysql-server.ts";

/** Quotes a MySQL identifier with backquotes. */
const quoted = (name: string) => `\`${name.replaceAll("`", "``")}\``;

/** How a scratch database of `dry-run --verify` is named: `pormg_verify_` and 12 hex digits. */
export const SCRATCH_PREFIX = "pormg_verify_";

/**
 * Verify's sandbox on MySQL. DDL commits as it runs and cannot be rolled back, so the plan runs on
 * a scratch database `pormg_verify_<random>` on the same server: created with the source's
 * character set and collation, the source's tables copied into it (their `SHOW CREATE TABLE`
 * text, with `FOREIGN_KEY_CHECKS = 0` so the order of tables with foreign keys does not matter;
 * then its views, their `SHOW CREATE VIEW` text pointed at the scratch database; no rows,
 * triggers or routines), `fn` run on a connection to it (kind `copy`), and the scratch database
 * dropped afterwards, also when `fn` or the copy failed. A source database that does not exist
 * yet gives an empty scratch database. A user who may not create databases gets a
 * PERMISSION_DENIED saying what to grant.
 */
export async function mysqlSandbox<T>(
  target: Config | Target,
  fn: (db: Driver, kind: "copy") => Promise<T>,
): Promise<T> {
  const config = "target" in target ? target : undefined;
  const resolved = (config?.target ?? target) as MysqlTarget;
  const on = (t: MysqlTarget): Config | Target => (config ? { ...config, target: t } : t);
  const source = await openSource(on(resolved), on(withoutDatabase(resolved)));
  const scratch = `${SCRATCH_PREFIX}${randomBytes(6).toString("hex")}`;
  try {
    await createScratch(source.db, source.database, scratch, config);
    try {
      const db = await connectMysql(on(onDatabase(resolved, scratch)));
      try {
        if (source.database !== undefined) await copySchema(source.db, source.database, db, scratch);
        return await fn(db, "copy");
      } finally {
        await db.close();
      }
    } finally {
      await dropScratch(source.db, scratch, on(withoutDatabase(resolved)));
    }
  } finally {
    await source.db.close();
  }
}

/** A connection to the source database, or to the server alone when that database does not exist yet. */
async function openSource(
  target: Config | Target,
  server: Config | Target,
): Promise<{ db: Driver; database: string | undefined }> {
  try {
    const db = await connectMysql(target);
    const [row] = await db.query<{ name: string | null }>("SELECT DATABASE() AS name");
    return { db, database: row?.name ?? undefined };
  } catch (error) {
    if (mysqlErrno(error) !== ER.BAD_DB) throw error;
  }
  return { db: await connectMysql(server), database: undefined };
}

async function createScratch(db: Driver, source: string | undefined, scratch: string, config: Config | undefined) {
  const [charset] =
    source === undefined
      ? []
      : await db.query<{ cs: string; co: string }>(
          "SELECT DEFAULT_CHARACTER_SET_NAME AS cs, DEFAULT_COLLATION_NAME AS co FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?",
          [source],
        );
  const options = charset ? `CHARACTER SET ${charset.cs} COLLATE ${charset.co}` : "CHARACTER SET utf8mb4";
  try {
    await db.execute(`CREATE DATABASE ${quoted(scratch)} ${options}`);
  } catch (error) {
    const errno = mysqlErrno(error);
    if (errno !== ER.DBACCESS_DENIED && errno !== ER.SPECIFIC_ACCESS_DENIED) throw error;
    const reason = redactText(error instanceof Error ? error.message : String(error), config?.secrets ?? []);
    throw new PormgError(
      "PERMISSION_DENIED",
      `dry-run --verify: could not create the scratch database "${scratch}" (${reason}). MySQL cannot roll DDL back, ` +
        `so verify runs the plan on a scratch copy of the schema, which needs CREATE and DROP on the databases named ` +
        `${SCRATCH_PREFIX}*: GRANT CREATE, DROP, ALTER, INDEX, REFERENCES, SELECT, INSERT, UPDATE, DELETE, CREATE VIEW ` +
        `ON \`${SCRATCH_PREFIX.replaceAll("_", "\\_")}%\`.* TO the user; or run dry-run without --verify.`,
      { database: scratch, reason },
      { cause: error },
    );
  }
}

/** Drops the scratch database; when the source connection is gone, through a fresh one. */
async function dropScratch(db: Driver, scratch: string, server: Config | Target): Promise<void> {
  const drop = `DROP DATABASE IF EXISTS ${quoted(scratch)}`;
  try {
    await db.execute(drop);
  } catch {
    const again = await connectMysql(server);
    try {
      await again.execute(drop);
    } finally {
      await again.close();
    }
  }
}

/** Copies the tables and views of database `source` (read on `from`) into `to`, connected to `scratch`. */
async function copySchema(from: Driver, source: string, to: Driver, scratch: string): Promise<void> {
  const objects = await from.query<{ name: string; type: string }>(
    "SELECT TABLE_NAME AS name, TABLE_TYPE AS type FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? ORDER BY TABLE_NAME",
    [source],
  );
  await to.execute("SET SESSION FOREIGN_KEY_CHECKS = 0");
  try {
    for (const { name } of objects.filter((o) => o.type !== "VIEW")) {
      const [row] = await from.query(`SHOW CREATE TABLE ${quoted(source)}.${quoted(name)}`);
      await to.execute(String(row?.["Create Table"]));
    }
    let views = objects.filter((o) => o.type === "VIEW").map((o) => o.name);
    // A view may read another view: each round creates those whose dependencies exist already.
    while (views.length > 0) {
      const failed: { name: string; error: unknown }[] = [];
      for (const name of views) {
        const [row] = await from.query(`SHOW CREATE VIEW ${quoted(source)}.${quoted(name)}`);
        const text = String(row?.["Create View"])
          .replace(/^CREATE\s+(ALGORITHM=\w+\s+)?DEFINER=\S+\s+(SQL SECURITY \w+\s+)?/i, "CREATE $1$2")
          .split(`${quoted(source)}.`)
          .join(`${quoted(scratch)}.`);
        await to.execute(text).catch((error: unknown) => failed.push({ name, error }));
      }
      if (failed.length === views.length) throw failed[0]?.error;
      views = failed.map((f) => f.name);
    }
  } finally {
    await to.execute("SET SESSION FOREIGN_KEY_CHECKS = 1");
  }
}
