import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { advisoryLockKey } from "../../src/dialect/postgres/postgres-lock-holder.ts";
import { PG_URL, pormg, type Run, tempDir } from "../lib/cli.ts";

/**
 * Two folders manage two schemas of one database: `public` (the default, PormG's) and `app_<random>`.
 * The public folder's history exists first; everything the other folder does stays in its own schema.
 */
const app = `app_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
const publicVersion = `2026${String(Math.floor(Math.random() * 1e13)).padStart(13, "0")}`;
let admin: Driver;
let createdPublicHistory = false;

function folder(schema: string | undefined, models: string): { cwd: string; cli: (args: string[]) => Run } {
  const cwd = tempDir("pormg-schemas-");
  mkdirSync(join(cwd, "db"));
  const schemaLine = schema === undefined ? "" : `  schema: ${schema}\n`;
  writeFileSync(
    join(cwd, "db", "connection.yml"),
    `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n${schemaLine}  config:\n    change_db: true\n`,
  );
  writeFileSync(join(cwd, "db", "models.ts"), `import { Models } from "pormg";\n${models}`);
  return { cwd, cli: (args) => pormg(args, { cwd }) };
}

function ok(run: Run): Run {
  if (run.code !== 0) throw new Error(`exit ${run.code}\n${run.stdout}\n${run.stderr}`);
  return run;
}

async function events(schema: string): Promise<{ version: string; type: string }[]> {
  return admin.query(`SELECT "version", "type" FROM "${schema}".pormg_migration_events ORDER BY "id"`);
}

beforeAll(async () => {
  admin = await connect({ dialect: "postgresql", url: PG_URL });
  const [row] = await admin.query<{ found: boolean }>(
    "SELECT pg_catalog.to_regclass('public.pormg_migration_events') IS NOT NULL AS found",
  );
  // The public history is removed afterwards unless it was there before (then it only gains one record).
  createdPublicHistory = row?.found !== true;
  await admin.execute(`CREATE SCHEMA "${app}"`);
});

afterAll(async () => {
  if (!admin) return;
  await admin.execute(`DROP SCHEMA IF EXISTS "${app}" CASCADE`);
  if (createdPublicHistory)
    await admin.execute(
      `DROP TABLE IF EXISTS public.pormg_migration_events, public.pormg_migrations;
       DROP FUNCTION IF EXISTS public.pormg_migration_events_append_only()`,
    );
  await admin.close();
});

describe("postgresql: two folders, two schemas, one database", () => {
  test("each schema keeps its own history; nothing is written into the other's", async () => {
    // The default schema's folder: its history (one repair record), and no tables of its own.
    const main = folder(undefined, "");
    ok(main.cli(["init"]));
    ok(main.cli(["mark-applied", publicVersion, "public one", "--checksum", "a".repeat(64)]));
    const publicBefore = await events("public");
    expect(publicBefore.at(-1)).toEqual({ version: publicVersion, type: "marked_applied" });

    const other = folder(
      app,
      "export const Item = Models.Model({ id: Models.IDField(), name: Models.TextField() });\n",
    );
    ok(other.cli(["makemigrations"]));
    // On the code as it landed this failed with INTERNAL and wrote planned/failed into public's log.
    ok(other.cli(["migrate"]));
    expect(ok(other.cli(["check"])).code).toBe(0);

    expect(await events("public")).toEqual(publicBefore);
    expect((await events(app)).map((e) => e.type)).toEqual(["planned", "applied"]);
    const tables = await admin.query<{ schema: string; name: string }>(
      `SELECT n.nspname AS schema, c.relname AS name FROM pg_catalog.pg_class c
         JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind = 'r' AND n.nspname IN ('public', $1) AND c.relname IN ('item', 'pormg_migrations') ORDER BY 1, 2`,
      [app],
    );
    expect(tables).toEqual([
      { schema: app, name: "item" },
      { schema: app, name: "pormg_migrations" },
      { schema: "public", name: "pormg_migrations" },
    ]);

    const mainStatus = JSON.parse(ok(main.cli(["status", "--json"])).stdout);
    expect(mainStatus.applied.map((a: { version: string }) => a.version)).toContain(publicVersion);
    const otherStatus = JSON.parse(ok(other.cli(["status", "--json"])).stdout);
    expect(otherStatus.applied).toHaveLength(1);
    expect(otherStatus.applied[0].version).not.toBe(publicVersion);
    expect(otherStatus.driftSignals).toEqual([]);
    const otherLog = JSON.parse(ok(other.cli(["history", "--json"])).stdout);
    expect(otherLog.events.map((e: { type: string }) => e.type)).toEqual(["planned", "applied"]);
    expect(JSON.parse(ok(main.cli(["history", "verify", "--json"])).stdout).ok).toBe(true);
    expect(JSON.parse(ok(other.cli(["history", "verify", "--json"])).stdout).ok).toBe(true);

    // A repair in one folder names only its own versions.
    const wrong = other.cli(["mark-failed", publicVersion, "--json"]);
    expect(wrong.code).toBe(3);
    expect(await events("public")).toEqual(publicBefore);
  }, 120_000);

  test("each schema has its own migration lock; public keeps PormG's key", async () => {
    const main = folder(undefined, "");
    const other = folder(
      app,
      "export const Item = Models.Model({ id: Models.IDField(), name: Models.TextField() });\n",
    );
    const holder = await connect({ dialect: "postgresql", url: PG_URL });
    try {
      // Someone (PormG, or pormg on the default schema) holds PormG's lock: only public's folder sees it.
      await holder.query("SELECT pg_catalog.pg_advisory_lock($1::bigint)", [
        advisoryLockKey("pormg::migrations").toString(),
      ]);
      expect(JSON.parse(ok(main.cli(["status", "--json"])).stdout).lock).not.toBeNull();
      expect(JSON.parse(ok(other.cli(["status", "--json"])).stdout).lock).toBeNull();
      writeFileSync(
        join(other.cwd, "db", "models.ts"),
        'import { Models } from "pormg";\nexport const Item = Models.Model({ id: Models.IDField(), name: Models.TextField(), n: Models.IntegerField({ null: true }) });\n',
      );
      ok(other.cli(["makemigrations"]));
      ok(other.cli(["migrate", "--lock-wait", "0"]));
      await holder.query("SELECT pg_catalog.pg_advisory_unlock_all()");

      // The other schema's own key: pormg::migrations::<schema>.
      await holder.query("SELECT pg_catalog.pg_advisory_lock($1::bigint)", [
        advisoryLockKey(`pormg::migrations::${app}`).toString(),
      ]);
      expect(JSON.parse(ok(other.cli(["status", "--json"])).stdout).lock).not.toBeNull();
      expect(JSON.parse(ok(main.cli(["status", "--json"])).stdout).lock).toBeNull();
      writeFileSync(
        join(other.cwd, "db", "models.ts"),
        'import { Models } from "pormg";\nexport const Item = Models.Model({ id: Models.IDField(), name: Models.TextField() });\n',
      );
      ok(other.cli(["makemigrations"]));
      const blocked = other.cli(["migrate", "--destructive", "--lock-wait", "0", "--json"]);
      expect(blocked.code).toBe(4);
      expect(JSON.parse(blocked.stdout).error.code).toBe("LOCK_TIMEOUT");
    } finally {
      await holder.close();
    }
  }, 120_000);

  test("a schema that does not exist is refused before anything is created", async () => {
    const missing = `${app}_missing`;
    const f = folder(missing, "export const Item = Models.Model({ id: Models.IDField() });\n");
    ok(f.cli(["makemigrations"]));
    const run = f.cli(["migrate", "--json"]);
    expect(run.code).toBe(78);
    expect(JSON.parse(run.stdout).error.message).toContain(`CREATE SCHEMA "${missing}"`);
    const status = JSON.parse(ok(f.cli(["status", "--json"])).stdout);
    expect(status.driftSignals[0]).toContain(`The schema "${missing}"`);
    const [row] = await admin.query<{ n: number }>(
      "SELECT pg_catalog.count(*)::int AS n FROM pg_catalog.pg_namespace WHERE nspname = $1",
      [missing],
    );
    expect(row?.n).toBe(0);
  }, 60_000);
});
