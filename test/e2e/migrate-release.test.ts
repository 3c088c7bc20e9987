import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { connect } from "../../src/driver/connect.ts";
import type { Dialect, Driver } from "../../src/driver/driver.ts";
import { PG_URL, pormg, pormgAsync, type Run, tempDir } from "../lib/cli.ts";

// The archive is the release (design §10 "Deploying"): a dev database applies three plans, and
// `migrate` brings fresh databases — and one that already has plan 1 — to the models by applying
// the archived plans each lacks, verified by checksum and table fingerprints.

const V1 = `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});
`;
const V2 = `import { Models } from "pormg";
export const Author = Models.Model({
  id: Models.IDField(),
  name: Models.CharField({ maxLength: 100 }),
});
export const Book = Models.Model({
  id: Models.IDField(),
  author: Models.ForeignKey(Author, { onDelete: "CASCADE" }),
  title: Models.CharField({ maxLength: 200 }),
});
`;
const V3 = V2.replace(
  "name: Models.CharField({ maxLength: 100 }),",
  "name: Models.CharField({ maxLength: 100 }),\n  born: Models.IntegerField({ null: true }),",
);

/** PostgreSQL databases this file created, dropped at the end. */
const created: string[] = [];

function pgUrl(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function createDatabase(): Promise<string> {
  const name = `test_release_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    await admin.execute(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.close();
  }
  created.push(name);
  return pgUrl(name);
}

afterAll(async () => {
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  try {
    for (const name of created) await admin.execute(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.close();
  }
}, 120_000);

/** A release folder `db` whose dev environment is a database of `dialect`; targets are given with `--url`. */
interface Release {
  readonly cwd: string;
  readonly folder: string;
  /** The dev database (URL) of `connection.yml`. */
  readonly dev: string;
  /** A new empty database (URL) of the release's dialect. */
  fresh(): Promise<string>;
  /** Runs pormg in the working directory. */
  run(args: readonly string[]): Run;
  /** Runs pormg with `--json`, parsing stdout. */
  json(args: readonly string[]): { code: number; doc: Record<string, unknown>; stderr: string };
  models(text: string): void;
  open(url: string): Promise<Driver>;
  archive(): string[];
}

async function release(dialect: Dialect, devUrl?: string): Promise<Release> {
  const cwd = tempDir("pormg-release-");
  const folder = join(cwd, "db");
  let n = 0;
  const fresh = async () =>
    dialect === "postgresql" ? createDatabase() : `sqlite:${join(cwd, `target-${++n}.sqlite`)}`;
  const dev = devUrl ?? (await fresh());
  const target =
    dialect === "postgresql"
      ? `  adapter: PostgreSQL\n  url: ${dev}\n`
      : `  adapter: SQLite\n  database: ${dev.slice("sqlite:".length)}\n`;
  const r = pormg(["setup", "--db", "db"], { cwd });
  if (r.code !== 0) throw new Error(r.stderr);
  writeFileSync(join(folder, "connection.yml"), `dev:\n${target}  config:\n    change_db: true\n`);
  const run = (args: readonly string[]) => pormg([...args.slice(0, 1), "--db", "db", ...args.slice(1)], { cwd });
  return {
    cwd,
    folder,
    dev,
    fresh,
    run,
    json(args) {
      const out = run([...args, "--json"]);
      try {
        return { code: out.code, doc: JSON.parse(out.stdout), stderr: out.stderr };
      } catch {
        throw new Error(`pormg ${args.join(" ")} printed no JSON (exit ${out.code}):\n${out.stdout}\n${out.stderr}`);
      }
    },
    models(text) {
      writeFileSync(join(folder, "models.ts"), text);
    },
    open(url) {
      return url.startsWith("sqlite:")
        ? connect({ dialect: "sqlite", path: url.slice("sqlite:".length) })
        : connect({ dialect: "postgresql", url });
    },
    archive() {
      return readdirSync(join(folder, "migrations", "applied_migrations"))
        .filter((f) => f.endsWith(".sql"))
        .sort();
    },
  };
}

function ok(r: Run): Run {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Generates and applies a plan on the dev database; returns its version. */
function devPlan(rel: Release, models: string, name: string): string {
  rel.models(models);
  const version = rel.json(["makemigrations", "--name", name]).doc.version as string;
  const applied = rel.json(["migrate"]);
  expect(applied.code).toBe(0);
  expect(applied.doc).toMatchObject({ outcome: "applied", applied: [{ version, name, source: "pending" }] });
  return version;
}

/** Each version's event types in a database's log, in order. */
async function events(rel: Release, url: string): Promise<Record<string, string[]>> {
  const db = await rel.open(url);
  try {
    const rows = await db.query<{ version: string; type: string }>(
      "SELECT version, type FROM pormg_migration_events ORDER BY id",
    );
    const out: Record<string, string[]> = {};
    for (const row of rows) out[row.version] = [...(out[row.version] ?? []), row.type];
    return out;
  } finally {
    await db.close();
  }
}

/** The user tables of a database (no pormg history tables). */
async function userTables(rel: Release, url: string): Promise<string[]> {
  const db = await rel.open(url);
  try {
    const rows = await db.query<{ name: string }>(
      db.dialect === "postgresql"
        ? "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1",
    );
    return rows.map((r) => r.name).filter((t) => !t.startsWith("pormg_"));
  } finally {
    await db.close();
  }
}

const versionsOf = (doc: Record<string, unknown>) => (doc.applied as { version: string }[]).map((a) => a.version);

for (const dialect of ["postgresql", "sqlite"] as const) {
  describe(`${dialect}: the archive is the release`, () => {
    test("three fresh databases and one with plan 1 reach the models; a rerun is already_applied everywhere", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      // This target takes plan 1 from the archive while the release has only that plan.
      const partial = await rel.fresh();
      expect(rel.json(["migrate", "--url", partial])).toMatchObject({
        code: 0,
        doc: { outcome: "applied", applied: [{ version: v1, name: "authors", source: "archive" }] },
      });
      const v2 = devPlan(rel, V2, "books");
      const v3 = devPlan(rel, V3, "born");
      expect(rel.archive()).toEqual([`${v1}_authors.sql`, `${v2}_books.sql`, `${v3}_born.sql`]);

      const fresh = [await rel.fresh(), await rel.fresh(), await rel.fresh()];
      // status lists what the release would apply to a database that lacks it.
      expect(rel.json(["status", "--url", fresh[0] as string]).doc.pendingArchived).toEqual([
        { version: v1, name: "authors", file: expect.stringContaining(`${v1}_authors.sql`) },
        { version: v2, name: "books", file: expect.stringContaining(`${v2}_books.sql`) },
        { version: v3, name: "born", file: expect.stringContaining(`${v3}_born.sql`) },
      ]);
      // Planning against a database that lacks the release would repeat it: makemigrations says so.
      const repeat = rel.json(["makemigrations", "--check", "--url", fresh[0] as string]);
      expect(repeat.code).toBe(2);
      expect(repeat.doc.warnings).toContainEqual(
        expect.stringContaining(`3 archived plan(s) (${v1}, ${v2}, ${v3}) are not applied to this database`),
      );
      const dry = rel.json(["dry-run", "--url", fresh[0] as string]);
      expect(dry).toMatchObject({ code: 0, doc: { outcome: "nothing_pending" } });
      expect(dry.doc.warnings).toEqual([
        expect.stringContaining(
          `3 archived plan(s) this database lacks (${v1}, ${v2}, ${v3}) run before the pending plan`,
        ),
      ]);
      expect(rel.json(["status", "--url", partial]).doc.pendingArchived).toMatchObject([
        { version: v2 },
        { version: v3 },
      ]);

      for (const url of fresh) {
        const r = rel.json(["migrate", "--url", url]);
        expect(r.code).toBe(0);
        expect(r.doc.outcome).toBe("applied");
        expect(r.doc.applied).toEqual([
          {
            version: v1,
            name: "authors",
            source: "archive",
            statements: 1,
            durationMs: expect.any(Number),
            archived: expect.any(String),
          },
          {
            version: v2,
            name: "books",
            source: "archive",
            statements: expect.any(Number),
            durationMs: expect.any(Number),
            archived: expect.any(String),
          },
          {
            version: v3,
            name: "born",
            source: "archive",
            statements: expect.any(Number),
            durationMs: expect.any(Number),
            archived: expect.any(String),
          },
        ]);
        expect(r.doc.differences).toEqual([]);
      }
      const rest = rel.json(["migrate", "--url", partial]);
      expect(rest.code).toBe(0);
      expect(versionsOf(rest.doc)).toEqual([v2, v3]);

      for (const url of [...fresh, partial]) {
        expect(rel.run(["check", "--url", url]).code).toBe(0);
        // Each history lists exactly the plans it applied, each once, each in its own planned/applied pair.
        expect(await events(rel, url)).toEqual({
          [v1]: ["planned", "applied"],
          [v2]: ["planned", "applied"],
          [v3]: ["planned", "applied"],
        });
        const status = rel.json(["status", "--url", url]).doc;
        expect((status.applied as { version: string }[]).map((a) => a.version)).toEqual([v1, v2, v3]);
        expect(status.pendingArchived).toEqual([]);
        expect(ok(rel.run(["history", "verify", "--url", url])).code).toBe(0);
      }
      for (const url of [...fresh, partial]) {
        const again = rel.json(["migrate", "--url", url]);
        expect(again).toMatchObject({ code: 0, doc: { outcome: "already_applied", applied: [] } });
      }
      expect(rel.json(["migrate"]).doc).toMatchObject({ outcome: "already_applied", applied: [] });
      // The archive is unchanged by applying it elsewhere.
      expect(rel.archive()).toEqual([`${v1}_authors.sql`, `${v2}_books.sql`, `${v3}_born.sql`]);
    }, 180_000);

    test("four servers deploying one release to a fresh database at once apply each plan exactly once", async () => {
      const rel = await release(dialect);
      const versions = [devPlan(rel, V1, "authors"), devPlan(rel, V2, "books"), devPlan(rel, V3, "born")];
      const target = await rel.fresh();
      const runs = await Promise.all(
        Array.from({ length: 4 }, () =>
          pormgAsync(["migrate", "--db", "db", "--url", target, "--json"], { cwd: rel.cwd }),
        ),
      );
      const docs = runs.map((r) => {
        if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
        return JSON.parse(r.stdout) as Record<string, unknown>;
      });
      // Between them the runs applied every plan once, in order within each run.
      const applied = docs.flatMap(versionsOf);
      expect([...applied].sort()).toEqual(versions);
      for (const doc of docs) expect(versionsOf(doc)).toEqual([...versionsOf(doc)].sort());
      expect(await events(rel, target)).toEqual(Object.fromEntries(versions.map((v) => [v, ["planned", "applied"]])));
      expect(rel.run(["check", "--url", target]).code).toBe(0);
    }, 180_000);

    test("an edited archive is refused naming the file; nothing is applied", async () => {
      const rel = await release(dialect);
      devPlan(rel, V1, "authors");
      const v2 = devPlan(rel, V2, "books");
      const file = join(rel.folder, "migrations", "applied_migrations", `${v2}_books.sql`);
      writeFileSync(file, `${readFileSync(file, "utf8")}-- a hand edit after the plan was applied\n`);
      const target = await rel.fresh();
      const refused = rel.json(["migrate", "--url", target]);
      expect(refused.code).toBe(3);
      expect(refused.doc).toMatchObject({ outcome: "refused", applied: [], error: { code: "ARCHIVE_EDITED" } });
      expect((refused.doc.error as { message: string }).message).toContain(`${v2}_books.sql`);
      const human = rel.run(["migrate", "--url", target]);
      expect(human.stderr).toContain(
        `error[ARCHIVE_EDITED]: The archived plan ${file} was edited after it was applied`,
      );
      expect(await userTables(rel, target)).toEqual([]);
      // status names the refusal too, without throwing.
      const signals = rel.json(["status", "--url", target]).doc.driftSignals as string[];
      expect(signals).toContainEqual(expect.stringContaining("migrate would refuse the archive"));
    }, 120_000);

    test("a database changed out of band is refused with PLAN_STALE naming the plan; nothing is applied", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      const target = await rel.fresh();
      ok(rel.run(["migrate", "--url", target]));
      const v2 = devPlan(rel, V2, "books");
      devPlan(rel, V3, "born");
      const db = await rel.open(target);
      try {
        await db.execute(`ALTER TABLE author ADD COLUMN nickname varchar(20)`);
      } finally {
        await db.close();
      }
      const refused = rel.json(["migrate", "--url", target]);
      expect(refused.code).toBe(3);
      expect(refused.doc).toMatchObject({
        outcome: "refused",
        applied: [],
        version: v2,
        error: { code: "PLAN_STALE", details: { tables: ["author"], version: v2 } },
      });
      const message = (refused.doc.error as { message: string }).message;
      expect(message).toContain(`${v2}_books.sql`);
      expect(message).toContain('"author"');
      expect(await events(rel, target)).toEqual({ [v1]: ["planned", "applied"] });
      expect(await userTables(rel, target)).toEqual(["author"]);
    }, 120_000);

    test("no pending plan, models present: exit 2 with drift; --plan applies; change_db: false with a plan pending exits 3", async () => {
      const rel = await release(dialect);
      rel.models(V2);
      const drift = rel.json(["migrate"]);
      expect(drift.code).toBe(2);
      expect(drift.doc).toMatchObject({ outcome: "drift", applied: [] });
      expect(drift.doc.differences).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ table: "author" }),
          expect.objectContaining({ table: "book" }),
        ]),
      );
      expect(rel.run(["migrate"]).stdout).toContain("The models differ from the database");
      expect(rel.json(["migrate", "--allow-drift"])).toMatchObject({ code: 0, doc: { outcome: "nothing_pending" } });

      const planned = rel.json(["migrate", "--plan"]);
      expect(planned.code).toBe(0);
      expect(planned.doc).toMatchObject({
        outcome: "applied",
        applied: [{ name: "migrate-plan", source: "generated" }],
        differences: [],
      });
      const version = versionsOf(planned.doc)[0] as string;
      expect(ok(rel.run(["check"])).code).toBe(0);
      // The generated SQL is recorded like a reviewed plan's: in the planned event and in the archive.
      const archived = readFileSync(
        join(rel.folder, "migrations", "applied_migrations", `${version}_migrate-plan.sql`),
        "utf8",
      );
      expect(archived).toContain("-- pormg-applied-checksum: ");
      const db = await rel.open(rel.dev);
      try {
        const [row] = await db.query<{ payload: unknown }>(
          "SELECT payload FROM pormg_migration_events WHERE type = 'planned'",
        );
        const payload = (typeof row?.payload === "string" ? JSON.parse(row.payload) : row?.payload) as {
          sqlContent: string;
          checksum: string;
        };
        expect(payload.sqlContent).toContain("CREATE TABLE");
        expect(archived).toContain(payload.sqlContent.split("\n")[0] as string);
        expect(archived).toContain(`-- pormg-applied-checksum: ${payload.checksum}`);
      } finally {
        await db.close();
      }
      // A fresh database takes the generated plan from the archive like any other.
      const next = await rel.fresh();
      expect(rel.json(["migrate", "--url", next]).doc).toMatchObject({
        outcome: "applied",
        applied: [{ version, source: "archive" }],
      });

      // --plan never applies a destructive change without --destructive, and refuses beside a pending plan.
      rel.models(V1);
      const destructive = rel.json(["migrate", "--plan"]);
      expect(destructive).toMatchObject({
        code: 3,
        doc: { outcome: "refused", error: { code: "DESTRUCTIVE_UNCONFIRMED" } },
      });
      ok(rel.run(["makemigrations", "--name", "drop-books"]));
      expect(rel.json(["migrate", "--plan", "--destructive"])).toMatchObject({
        code: 3,
        doc: { outcome: "refused", error: { code: "PLAN_REFUSED" } },
      });

      const yml = join(rel.folder, "connection.yml");
      writeFileSync(yml, readFileSync(yml, "utf8").replace("change_db: true", "change_db: false"));
      const disabled = rel.json(["migrate", "--destructive"]);
      expect(disabled.code).toBe(3);
      expect(disabled.doc).toMatchObject({ outcome: "disabled", applied: [], error: { code: "MIGRATE_DISABLED" } });
      expect(await userTables(rel, rel.dev)).toEqual(["author", "book"]);
    }, 180_000);

    test("--plan applies the archived plans a database lacks first, then plans the rest against it", async () => {
      const rel = await release(dialect);
      const v1 = devPlan(rel, V1, "authors");
      rel.models(V2);
      const target = await rel.fresh();
      const r = rel.json(["migrate", "--plan", "--url", target]);
      expect(r.code).toBe(0);
      expect(r.doc.applied).toMatchObject([
        { version: v1, source: "archive" },
        { name: "migrate-plan", source: "generated" },
      ]);
      expect(rel.run(["check", "--url", target]).code).toBe(0);
      // The generated plan read the database after plan 1: it creates only the book table.
      const generated = (r.doc.applied as { archived: string }[])[1]?.archived as string;
      const text = readFileSync(generated, "utf8");
      expect(text).toContain('CREATE TABLE "book"');
      expect(text).not.toContain('CREATE TABLE "author"');
      // --rename is a hint for --plan only.
      expect(rel.run(["migrate", "--rename", "a=b", "--url", target]).code).toBe(64);
    }, 120_000);

    test("an archive of another dialect only is never applied, and says so once", async () => {
      const other: Dialect = dialect === "postgresql" ? "sqlite" : "postgresql";
      const rel = await release(other);
      devPlan(rel, V1, "authors");
      const target = dialect === "postgresql" ? await createDatabase() : `sqlite:${join(rel.cwd, "other.sqlite")}`;
      const r = rel.json(["migrate", "--url", target]);
      expect(r.code).toBe(2);
      expect(r.doc).toMatchObject({ outcome: "drift", applied: [] });
      expect(r.doc.notes).toEqual([
        expect.stringContaining(`all for ${other}; none applies to this ${dialect} database`),
      ]);
      const human = rel.run(["migrate", "--url", target]);
      expect(human.stderr.match(/none applies to this/g)).toHaveLength(1);
      expect(await userTables(rel, target)).toEqual([]);
    }, 120_000);
  });
}
