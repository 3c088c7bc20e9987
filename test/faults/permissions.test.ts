/**
 * Fault: the role pormg connects as lacks privileges. Each case is PERMISSION_DENIED (exit 1)
 * naming the object and the grant that cures it — never INTERNAL, never "the history does not
 * exist", never "verified, 0 events" — and nothing is written.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { authorModels, ok, type Project, project } from "../e2e/migrate-helpers.ts";
import { PG_URL } from "../lib/cli.ts";
import { adminExecute } from "../lib/pg-admin.ts";

const role = `pormg_limited_${crypto.randomUUID().replaceAll("-", "").slice(0, 8)}`;

/** The project's connection.yml, pointed at the limited role. */
function asLimitedRole(p: Project): void {
  const url = new URL(PG_URL);
  url.username = role;
  url.password = "";
  writeFileSync(
    join(p.folder, "connection.yml"),
    `dev:\n  adapter: PostgreSQL\n  url: ${url.href}\n  schema: ${p.schema}\n  config:\n    change_db: true\n`,
  );
}

beforeAll(async () => {
  const database = new URL(PG_URL).pathname.slice(1);
  await adminExecute(`CREATE ROLE ${role} LOGIN; GRANT CONNECT ON DATABASE "${database}" TO ${role}`);
});

afterAll(async () => {
  await adminExecute(`DROP OWNED BY ${role}; DROP ROLE IF EXISTS ${role}`).catch(() => {});
});

describe("postgresql: a role without the privileges a command needs", () => {
  test("no CREATE on the schema: migrate says which grant is missing and writes nothing", async () => {
    const p = await project("postgresql", authorModels());
    try {
      await adminExecute(`GRANT USAGE ON SCHEMA "${p.schema}" TO ${role}`);
      ok(p.run(["makemigrations"]));
      asLimitedRole(p);
      const r = p.run(["migrate"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("error[PERMISSION_DENIED]: PostgreSQL refused it: permission denied for schema");
      expect(r.stderr).toContain(`GRANT USAGE, CREATE ON SCHEMA ${p.schema} TO ${role};`);
      expect(r.stderr).not.toContain("bug in pormg");
    } finally {
      await p.dispose();
    }
  }, 60_000);

  test("a history the role cannot read: status and history verify say so, they never report it missing or empty", async () => {
    const p = await project("postgresql", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      await adminExecute(`GRANT USAGE ON SCHEMA "${p.schema}" TO ${role}`);
      asLimitedRole(p);
      for (const args of [["status"], ["history", "verify"], ["history"]]) {
        const r = p.run(args);
        expect({ args, code: r.code }).toEqual({ args, code: 1 });
        expect(r.stderr).toContain("error[PERMISSION_DENIED]");
        expect(r.stderr).toContain("pormg_migration");
        expect(r.stderr).toContain(`TO ${role};`);
        expect(r.stdout + r.stderr).not.toMatch(/does not exist|intact|0 event/);
      }
    } finally {
      await p.dispose();
    }
  }, 60_000);

  test("read-only access to the history: status works, migrate is refused with the grant", async () => {
    const p = await project("postgresql", authorModels());
    try {
      ok(p.run(["makemigrations"]));
      ok(p.run(["migrate"]));
      await adminExecute(
        `GRANT USAGE, CREATE ON SCHEMA "${p.schema}" TO ${role}; GRANT SELECT ON ALL TABLES IN SCHEMA "${p.schema}" TO ${role}`,
      );
      p.models(authorModels("bio: Models.TextField({ null: true }),"));
      ok(p.run(["makemigrations"]));
      asLimitedRole(p);
      expect(p.run(["status"]).code).toBe(0);
      const r = p.run(["migrate"]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("error[PERMISSION_DENIED]");
      expect(r.stderr).toContain(
        `GRANT SELECT, INSERT, UPDATE, DELETE ON pormg_migrations, pormg_migration_events TO ${role};`,
      );
      expect(r.stderr).not.toContain("bug in pormg");
    } finally {
      await p.dispose();
    }
  }, 60_000);
});
