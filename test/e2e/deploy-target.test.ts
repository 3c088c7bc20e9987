/**
 * Deploying into containers, as real CLI processes against the real server: a folder without
 * connection.yml takes DATABASE_URL; with connection.yml a shell DATABASE_URL is ignored unless the
 * file references it; `--wait` rides out a server that starts 3 s late and gives up on one that
 * never does; `--create-database` creates a missing PostgreSQL database or SQLite file and folder.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PG_URL, pormgAsync, tempDir } from "../lib/cli.ts";
import { publicTables, withPg } from "../lib/pg-admin.ts";
import { delayedProxy, freePort } from "../lib/tcp-proxy.ts";
import { authorModels } from "./migrate-helpers.ts";

const created: string[] = [];
const server = new URL(PG_URL);

/** The URL of a fresh database name on the test server (created by the caller, dropped after the tests). */
function databaseUrl(options: { create?: boolean; port?: number } = {}): { name: string; url: string } {
  const name = `fleet_dep_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  created.push(name);
  const url = new URL(PG_URL);
  url.pathname = `/${name}`;
  if (options.port !== undefined) url.port = String(options.port);
  return { name, url: url.toString() };
}

async function createDb(name: string): Promise<void> {
  await withPg((db) => db.execute(`CREATE DATABASE "${name}"`));
}

/** A container's folder: models.ts only (no connection.yml). */
function containerFolder(): string {
  const cwd = tempDir("pormg-deploy-");
  mkdirSync(join(cwd, "db"));
  writeFileSync(join(cwd, "db", "models.ts"), authorModels());
  return cwd;
}

afterAll(async () => {
  await withPg(async (db) => {
    for (const name of created) await db.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}, 60_000);

describe("containers: the target from DATABASE_URL", () => {
  test("no connection.yml: makemigrations, migrate, check and info run on DATABASE_URL", async () => {
    const { name, url } = databaseUrl();
    await createDb(name);
    const cwd = containerFolder();
    const env = { DATABASE_URL: url };
    expect((await pormgAsync(["makemigrations"], { cwd, env })).code).toBe(0);
    const migrated = await pormgAsync(["migrate", "--json"], { cwd, env });
    expect(migrated.code).toBe(0);
    expect(JSON.parse(migrated.stdout)).toMatchObject({ outcome: "applied" });
    expect(await publicTables(url)).toContain("author");
    expect((await pormgAsync(["check"], { cwd, env })).code).toBe(0);
    const info = await pormgAsync(["info"], { cwd, env });
    expect(info.stdout).toContain(`(from DATABASE_URL)`);
    expect(JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout).source).toBe("DATABASE_URL");
  }, 60_000);

  test("with connection.yml, a shell DATABASE_URL is ignored unless the file references it", async () => {
    const { name, url } = databaseUrl();
    await createDb(name);
    const cwd = containerFolder();
    const sqlite = join(cwd, "db", "dev.sqlite");
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: SQLite\n  database: dev.sqlite\n  config:\n    change_db: true\n`,
    );
    const env = { DATABASE_URL: url };
    expect((await pormgAsync(["makemigrations"], { cwd, env })).code).toBe(0);
    const migrated = await pormgAsync(["migrate"], { cwd, env });
    expect(migrated.code).toBe(0);
    expect(existsSync(sqlite)).toBe(true);
    expect(await publicTables(url)).toEqual([]);
    const info = JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout);
    expect(info).toMatchObject({ adapter: "sqlite", source: "connection.yml", target: `sqlite:${sqlite}` });

    writeFileSync(
      join(cwd, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: \${DATABASE_URL}\n  config:\n    change_db: true\n`,
    );
    const referenced = JSON.parse((await pormgAsync(["info", "--json"], { cwd, env })).stdout);
    expect(referenced).toMatchObject({ adapter: "postgresql", source: "connection.yml" });
    expect(referenced.target).toContain(name);
  }, 60_000);
});

describe("--wait", () => {
  test.each(["refuse", "reset"] as const)(
    "--wait 10 rides out a server that starts accepting 3 s later (%s until then)",
    async (mode) => {
      const { name, url } = databaseUrl();
      await createDb(name);
      const cwd = containerFolder();
      expect((await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: url } })).code).toBe(0);
      const proxy = await delayedProxy({ host: server.hostname, port: Number(server.port || 5432) }, 3000, mode);
      try {
        const proxied = databaseUrl({ port: proxy.port });
        const late = proxied.url.replace(proxied.name, name);
        const started = Date.now();
        const r = await pormgAsync(["migrate", "--wait", "10"], { cwd, env: { DATABASE_URL: late } });
        const took = Date.now() - started;
        expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
        expect(r.stderr).toContain("Waiting up to 10 s for");
        expect(r.stderr).toContain("accepts connections (after");
        expect(took).toBeGreaterThanOrEqual(2900);
        expect(await publicTables(url)).toContain("author");
      } finally {
        await proxy.close();
      }
    },
    60_000,
  );

  test("against nothing, --wait 3 gives up after the wait with the reason: exit 1", async () => {
    const cwd = containerFolder();
    const twin = databaseUrl();
    await createDb(twin.name);
    expect((await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: twin.url } })).code).toBe(0);
    const port = await freePort();
    const started = Date.now();
    const r = await pormgAsync(["migrate", "--wait", "3", "--json"], {
      cwd,
      env: { DATABASE_URL: `postgres://root:pw-Secr3t@127.0.0.1:${port}/nothing` },
    });
    const took = Date.now() - started;
    expect(r.code).toBe(1);
    expect(took).toBeGreaterThanOrEqual(3000);
    expect(took).toBeLessThan(20_000);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ outcome: "refused", error: { code: "CONNECT_FAILED" } });
    expect(doc.error.message).toContain("gave up after waiting 3 s (--wait)");
    expect(doc.error.message).toMatch(/ECONNREFUSED|refused/i);
    expect(r.stdout + r.stderr).not.toContain("pw-Secr3t");
  }, 60_000);

  test("--wait 0 (the default) tries once", async () => {
    const cwd = containerFolder();
    const twin = databaseUrl();
    await createDb(twin.name);
    expect((await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: twin.url } })).code).toBe(0);
    const port = await freePort();
    const started = Date.now();
    const r = await pormgAsync(["migrate"], { cwd, env: { DATABASE_URL: `postgres://root@127.0.0.1:${port}/x` } });
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("Waiting");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  test("a bad or repeated --wait is a usage error", async () => {
    const cwd = containerFolder();
    expect((await pormgAsync(["migrate", "--wait", "-1"], { cwd })).code).toBe(64);
    const twice = await pormgAsync(["migrate", "--wait", "1", "--wait", "2"], { cwd });
    expect(twice.code).toBe(64);
    expect(twice.stderr).toContain("--wait is given 2 times");
  });
});

describe("--create-database", () => {
  test("PostgreSQL: a missing database fails without it, and is created with it", async () => {
    const { name, url } = databaseUrl();
    const cwd = containerFolder();
    // The plan is written against an existing twin, then applied to the missing database.
    const twin = databaseUrl();
    await createDb(twin.name);
    expect((await pormgAsync(["makemigrations"], { cwd, env: { DATABASE_URL: twin.url } })).code).toBe(0);
    const without = await pormgAsync(["migrate"], { cwd, env: { DATABASE_URL: url } });
    expect(without.code).toBe(1);
    expect(without.stderr).toContain("does not exist");
    const withFlag = await pormgAsync(["migrate", "--create-database"], { cwd, env: { DATABASE_URL: url } });
    expect({ code: withFlag.code, stderr: withFlag.stderr }).toMatchObject({ code: 0 });
    expect(withFlag.stderr).toContain(`Created the PostgreSQL database "${name}"`);
    expect(await publicTables(url)).toContain("author");
    // Existing: nothing to create, nothing said.
    const again = await pormgAsync(["migrate", "--create-database"], { cwd, env: { DATABASE_URL: url } });
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain("Created");
  }, 60_000);

  test("SQLite: the file and its folder are created", async () => {
    const cwd = containerFolder();
    const file = join(cwd, "data", "deep", "app.sqlite");
    const env = { DATABASE_URL: `sqlite:${file}` };
    expect((await pormgAsync(["makemigrations"], { cwd, env })).code).toBe(0);
    const without = await pormgAsync(["migrate"], { cwd, env });
    expect(without.code).not.toBe(0);
    expect(existsSync(file)).toBe(false);
    const r = await pormgAsync(["migrate", "--create-database", "--json"], { cwd, env });
    expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 0 });
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: "applied" });
    expect(existsSync(file)).toBe(true);
    expect((await pormgAsync(["check"], { cwd, env })).code).toBe(0);
  }, 60_000);
});
