import { afterEach, describe, expect, test } from "bun:test";
import { executeInTransaction, executePlan } from "../../../src/apply/execute-plan.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { withForeignKeysOff } from "../../../src/dialect/sqlite/sqlite-guard.ts";
import { caught, count, type SqliteFile, sqliteFile, step } from "./apply-helpers.ts";

const PARENT_AND_CHILDREN = `
CREATE TABLE "artist" ("id" INTEGER PRIMARY KEY, "name" TEXT);
CREATE TABLE "album" ("id" INTEGER PRIMARY KEY, "artist_id" INTEGER REFERENCES "artist" ("id") ON DELETE CASCADE);
CREATE TABLE "track" ("id" INTEGER PRIMARY KEY, "album_id" INTEGER NOT NULL REFERENCES "album" ("id") ON DELETE CASCADE);
CREATE INDEX "artist_name_idx" ON "artist" ("name");
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)
INSERT INTO "artist" SELECT i, 'artist ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
INSERT INTO "album" SELECT i, 1 + i % 50 FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
INSERT INTO "track" SELECT i, 1 + i % 200 FROM n;
`;

/** A hand-written rebuild of "artist" (adds NOT NULL to name), copying rows with `select`. */
function rebuildArtist(select = 'SELECT "id", "name" FROM "artist"'): string {
  return [
    'DROP TABLE IF EXISTS "artist_new";',
    'CREATE TABLE "artist_new" ("id" INTEGER PRIMARY KEY, "name" TEXT NOT NULL);',
    `INSERT INTO "artist_new" ("id", "name") ${select};`,
    'DROP TABLE "artist";',
    'ALTER TABLE "artist_new" RENAME TO "artist";',
    'CREATE INDEX "artist_name_idx" ON "artist" ("name");',
  ].join("\n");
}

const rebuild = (sql: string) => step("artist | Alter table", sql, { destructive: true, rebuild: { table: "artist" } });

let file: SqliteFile | undefined;
let driver: Driver | undefined;
afterEach(async () => {
  await driver?.close();
  file?.dispose();
  driver = undefined;
  file = undefined;
});

async function open(ddl: string): Promise<Driver> {
  file = await sqliteFile(ddl);
  driver = await file.open();
  return driver;
}

const foreignKeys = async (d: Driver) => count(d, "SELECT foreign_keys AS n FROM pragma_foreign_keys");
const rows = async (d: Driver) => ({
  artist: await count(d, "SELECT count(*) AS n FROM artist"),
  album: await count(d, "SELECT count(*) AS n FROM album"),
  track: await count(d, "SELECT count(*) AS n FROM track"),
});
const artistSql = async (d: Driver) =>
  (await d.query<{ sql: string }>("SELECT sql FROM sqlite_master WHERE name = 'artist'"))[0]?.sql;

describe("sqlite: executePlan", () => {
  test("the rebuild hazard is real: with foreign keys on, the same SQL cascades into the children", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    await d.transaction((tx) => tx.execute(rebuildArtist()));
    expect(await rows(d)).toEqual({ artist: 50, album: 0, track: 0 });
  });

  test("rebuilding a parent with ON DELETE CASCADE children keeps every child row", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const report = await executePlan(d, sqliteDialect, [rebuild(rebuildArtist())]);
    expect(report).toMatchObject({ statements: 6, steps: 1, nonTransactional: [] });
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
    expect(await artistSql(d)).toContain("NOT NULL");
    expect(await d.query("PRAGMA foreign_key_check")).toEqual([]);
    expect(await foreignKeys(d)).toBe(1);
  });

  test("a rebuild that copies fewer rows is caught by the row count and rolled back", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const before = await artistSql(d);
    const error = await caught(() =>
      executePlan(d, sqliteDialect, [
        step("t | Create table", 'CREATE TABLE "t" ("id" INTEGER);'),
        rebuild(rebuildArtist('SELECT "id", "name" FROM "artist" WHERE "id" <= 40')),
      ]),
    );
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({ stepIndex: 1, table: "artist", rowsBefore: 50, rowsAfter: 40 });
    expect(error.message).toContain('changed the row count of "artist" from 50 to 40');
    expect(error.message).toContain("nothing was applied");
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
    expect(await artistSql(d)).toBe(before);
    expect(await count(d, "SELECT count(*) AS n FROM sqlite_master WHERE name = 't'")).toBe(0);
    expect(await foreignKeys(d)).toBe(1);
  });

  test("a rebuild not marked destructive that drops a column is caught and rolled back", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const before = await artistSql(d);
    const narrower = [
      'CREATE TABLE "artist_new" ("id" INTEGER PRIMARY KEY);',
      'INSERT INTO "artist_new" ("id") SELECT "id" FROM "artist";',
      'DROP TABLE "artist";',
      'ALTER TABLE "artist_new" RENAME TO "artist";',
    ].join("\n");
    const lossless = step("artist | Alter table", narrower, { destructive: false, rebuild: { table: "artist" } });
    const error = await caught(() => executePlan(d, sqliteDialect, [lossless]));
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({ table: "artist", lostColumns: ["name"] });
    expect(error.message).toContain('dropped column(s) "name" of "artist", but the step is not marked destructive');
    expect(await artistSql(d)).toBe(before);
    // Marked destructive, the same step may drop the column.
    await executePlan(d, sqliteDialect, [rebuild(narrower)]);
    expect(await d.query("SELECT name FROM pragma_table_info('artist')")).toEqual([{ name: "id" }]);
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
  });

  test("a rebuild that deletes rows of a child table is caught by the child's row count", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const error = await caught(() =>
      executePlan(d, sqliteDialect, [rebuild(`${rebuildArtist()}\nDELETE FROM "album" WHERE "id" > 150;`)]),
    );
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({
      table: "artist",
      rowsBefore: 50,
      rowsAfter: 50,
      changed: [{ table: "album", before: 200, after: 150 }],
    });
    expect(error.message).toContain('changed the row count of "album" from 200 to 150');
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
  });

  test("a rebuild that orphans child rows is caught by foreign_key_check and rolled back", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const error = await caught(() =>
      executePlan(d, sqliteDialect, [rebuild(rebuildArtist('SELECT "id" + 1000, "name" FROM "artist"'))]),
    );
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({
      table: "artist",
      violations: [{ tables: '"album" → "artist"', before: 0, after: 200 }],
    });
    expect(await count(d, "SELECT max(id) AS n FROM artist")).toBe(50);
    expect(await d.query("PRAGMA foreign_key_check")).toEqual([]);
    expect(await foreignKeys(d)).toBe(1);
  });

  test("orphans that existed before the rebuild do not fail it", async () => {
    const d = await open(`${PARENT_AND_CHILDREN}
      PRAGMA foreign_keys = OFF; INSERT INTO album VALUES (999, 777); PRAGMA foreign_keys = ON;`);
    await executePlan(d, sqliteDialect, [rebuild(rebuildArtist())]);
    expect(await rows(d)).toEqual({ artist: 50, album: 201, track: 1000 });
  });

  test("a plan's own PRAGMA foreign_key_check fails the plan when it returns rows", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const error = await caught(() =>
      executePlan(d, sqliteDialect, [
        step("album | Data", 'DELETE FROM artist WHERE id = 1;\nPRAGMA foreign_key_check("album");'),
      ]),
    );
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.message).toContain("found 4 orphaned foreign-key row(s)");
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
    expect(await executePlan(d, sqliteDialect, [step("ok", 'PRAGMA main.foreign_key_check("album");')])).toMatchObject({
      statements: 1,
    });
  });

  test("a statement that ends the transaction itself (RAISE(ROLLBACK)) is still the error reported", async () => {
    const d = await open(`CREATE TABLE t (x INTEGER);
      CREATE TRIGGER "no_two" BEFORE INSERT ON t WHEN NEW.x = 2 BEGIN SELECT RAISE(ROLLBACK, 'two is not allowed'); END;`);
    const error = await caught(() =>
      executePlan(d, sqliteDialect, [step("t | Data", "INSERT INTO t VALUES (1);\nINSERT INTO t VALUES (2);")]),
    );
    expect(error.code).toBe("STATEMENT_FAILED");
    expect(error.details).toMatchObject({ stepIndex: 0, statementIndex: 1, error: "two is not allowed" });
    expect(await count(d, "SELECT count(*) AS n FROM t")).toBe(0);
    expect(await foreignKeys(d)).toBe(1);
  });

  test("foreign keys stay off afterwards when they were off before", async () => {
    const d = await open("CREATE TABLE p (id INTEGER PRIMARY KEY);");
    await d.execute("PRAGMA foreign_keys = OFF");
    await executePlan(d, sqliteDialect, [step("q", "CREATE TABLE q (id INTEGER);")]);
    expect(await foreignKeys(d)).toBe(0);
  });

  test("refuses to run inside a transaction, where foreign keys cannot be switched off", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    const error = await caught(() => d.transaction((tx) => executePlan(tx, sqliteDialect, [rebuild(rebuildArtist())])));
    expect(error.code).toBe("PLAN_REFUSED");
    const inner = await caught(() =>
      d.transaction((tx) => executeInTransaction(tx, sqliteDialect, [rebuild(rebuildArtist())])),
    );
    expect(inner.code).toBe("PLAN_REFUSED");
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
    expect(await foreignKeys(d)).toBe(1);
  });

  test("executeInTransaction inside withForeignKeysOff lets the caller add its own writes", async () => {
    const d = await open(PARENT_AND_CHILDREN);
    await withForeignKeysOff(d, () =>
      d.transaction(async (tx) => {
        await executeInTransaction(tx, sqliteDialect, [rebuild(rebuildArtist())]);
        await tx.execute("CREATE TABLE history_row (id INTEGER)");
      }),
    );
    expect(await rows(d)).toEqual({ artist: 50, album: 200, track: 1000 });
    expect(await count(d, "SELECT count(*) AS n FROM sqlite_master WHERE name = 'history_row'")).toBe(1);
    expect(await foreignKeys(d)).toBe(1);
  });

  test("a rebuild with an index, a trigger and a view re-created keeps them working", async () => {
    const d = await open(`${PARENT_AND_CHILDREN}
      CREATE TABLE audit ("n" INTEGER);
      CREATE TRIGGER "artist_audit" AFTER INSERT ON "artist" BEGIN INSERT INTO audit VALUES (NEW.id); END;
      CREATE VIEW "artist_albums" AS SELECT artist.name, count(*) AS albums FROM artist JOIN album ON album.artist_id = artist.id GROUP BY artist.name;`);
    const sql = [
      'DROP VIEW "artist_albums";',
      rebuildArtist(),
      'CREATE TRIGGER "artist_audit" AFTER INSERT ON "artist" BEGIN INSERT INTO audit VALUES (NEW.id); END;',
      'CREATE VIEW "artist_albums" AS SELECT artist.name, count(*) AS albums FROM artist JOIN album ON album.artist_id = artist.id GROUP BY artist.name;',
      'PRAGMA foreign_key_check("artist");',
    ].join("\n");
    const report = await executePlan(d, sqliteDialect, [rebuild(sql)]);
    expect(report.statements).toBe(10);
    expect(await count(d, "SELECT sum(albums) AS n FROM artist_albums")).toBe(200);
    await d.execute("INSERT INTO artist VALUES (51, 'new')");
    expect(await count(d, "SELECT n FROM audit")).toBe(51);
    expect(await rows(d)).toEqual({ artist: 51, album: 200, track: 1000 });
  });
});
