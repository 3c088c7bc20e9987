import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bindModels, explainQuery } from "../../../src/api/query.ts";
import type { DialectName } from "../../../src/core/dialect-name.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import { generateModels } from "../../../src/model/generate-models.ts";
import { type LoadedModels, loadModels } from "../../../src/model/load-models.ts";
import { inspectQuery } from "../../../src/query/inspect-query.ts";
import type { QuerySet } from "../../../src/query/query-set.ts";
import { provideModule } from "../../../src/runtime/runtime.ts";
import { chinookMysqlScript, chinookPostgresScript, chinookSqliteScript } from "../../lib/chinook.ts";
import { DIALECTS, dataFor, type TestDatabase } from "../../lib/dialects.ts";

/** Field and column names of the Chinook tables, which differ between the scripts. */
interface ChinookNames {
  readonly tables: { readonly track: string; readonly album: string; readonly artist: string };
  readonly id: string;
  readonly name: string;
  readonly album: string;
  readonly artist: string;
  readonly composer: string;
  readonly ms: string;
  readonly genre: string;
  /** The SQL for the 1-based position of `needle` in `hay`. */
  position(hay: string, needle: string): string;
  /** The SQL for the last five characters of `hay`. */
  lastFive(hay: string): string;
}

/** The last five characters of `hay` where `length` counts characters (SQLite, PostgreSQL). */
const substrLastFive = (hay: string) => `substr(${hay}, length(${hay}) - 4)`;

/** Each dialect's Chinook script, its names, and what its EXPLAIN output mentions. */
const CHINOOK: readonly {
  readonly dialect: { readonly name: string };
  readonly script: () => string;
  readonly names: ChinookNames;
  readonly explained: RegExp;
}[] = [
  {
    dialect: sqliteDialect,
    script: chinookSqliteScript,
    names: {
      tables: { track: "Track", album: "Album", artist: "Artist" },
      id: "TrackId",
      name: "Name",
      album: "AlbumId",
      artist: "ArtistId",
      composer: "Composer",
      ms: "Milliseconds",
      genre: "GenreId",
      position: (hay: string, needle: string) => `instr(${hay}, ${needle})`,
      lastFive: substrLastFive,
    },
    explained: /SCAN|SEARCH/,
  },
  {
    dialect: postgresDialect,
    script: chinookPostgresScript,
    names: {
      tables: { track: "track", album: "album", artist: "artist" },
      id: "track_id",
      name: "name",
      album: "album_id",
      artist: "artist_id",
      composer: "composer",
      ms: "milliseconds",
      genre: "genre_id",
      position: (hay: string, needle: string) => `strpos(${hay}, ${needle})`,
      lastFive: substrLastFive,
    },
    explained: /Scan|Join|Hash/,
  },
  {
    dialect: mysqlDialect,
    script: chinookMysqlScript,
    names: {
      tables: { track: "Track", album: "Album", artist: "Artist" },
      id: "TrackId",
      name: "Name",
      album: "AlbumId",
      artist: "ArtistId",
      composer: "Composer",
      ms: "Milliseconds",
      genre: "GenreId",
      // The columns (NVARCHAR: utf8mb3) compare ignoring case: the case-sensitive oracle compares under
      // utf8mb4_bin, as pormg's lookups do.
      position: (hay: string, needle: string) => `instr(CONVERT(${hay} USING utf8mb4) COLLATE utf8mb4_bin, ${needle})`,
      lastFive: (hay: string) => `CONVERT(substr(${hay}, char_length(${hay}) - 4) USING utf8mb4) COLLATE utf8mb4_bin`,
    },
    explained: /SIMPLE|PRIMARY|ALL|ref/,
  },
];

const dir = mkdtempSync(join(tmpdir(), "pormg-query-"));
const databases = new Map<DialectName, TestDatabase>();
const loaded = new Map<DialectName, LoadedModels>();

beforeAll(async () => {
  await provideModule("pormg", { ...(await import("../../../mod.ts")) });
  for (const h of DIALECTS) {
    const db = await h.freshDatabase();
    databases.set(h.name, db);
    await db.run(dataFor(CHINOOK, h).script());
    const live = await introspect(db.driver, h.dialect, db.schema === undefined ? {} : { schema: db.schema });
    const file = join(dir, `models-${h.name}.ts`);
    writeFileSync(file, generateModels(live.schema, h.dialect).source);
    loaded.set(h.name, await loadModels(file, h.dialect));
  }
}, 60_000);

afterAll(async () => {
  for (const db of databases.values()) await db.dispose();
  rmSync(dir, { recursive: true, force: true });
});

for (const h of DIALECTS) {
  const dialect = h.name;
  const { names: n, explained } = dataFor(CHINOOK, h);
  const db = () => (databases.get(dialect) as TestDatabase).driver;
  const Track = () => bindModels(loaded.get(dialect) as LoadedModels, dialect).Track as { objects: QuerySet };
  const q = (s: string) => h.dialect.quoteIdent(s);
  const run = (query: QuerySet) => {
    const r = inspectQuery(query);
    return db().query(r.sql, r.parameters);
  };
  /** Track ids the query returns, in its order. */
  const ids = async (query: QuerySet) => (await run(query.values(n.id))).map((r) => Number(r[n.id]));
  /** Track ids the hand-written condition selects, ordered by id. */
  const oracle = async (condition: string) =>
    (await db().query(`SELECT ${q(n.id)} AS id FROM ${q(n.tables.track)} WHERE ${condition} ORDER BY ${q(n.id)}`)).map(
      (r) => Number(r.id),
    );
  const total = async () => (await oracle("1 = 1")).length;

  describe(`${dialect}: queries run on Chinook and return the expected rows`, () => {
    test("a filter through two foreign keys (track → album → artist)", async () => {
      const got = await ids(
        Track()
          .objects.filter({ [`${n.album}__${n.artist}__${n.name}`]: "AC/DC" })
          .orderBy(n.id),
      );
      const want = await oracle(
        `${q(n.album)} IN (SELECT ${q(n.album)} FROM ${q(n.tables.album)} WHERE ${q(n.artist)} IN (SELECT ${q(n.artist)} FROM ${q(n.tables.artist)} WHERE ${q(n.name)} = 'AC/DC'))`,
      );
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });

    const col = (c: string) => q(c);
    const lookups: [string, Record<string, unknown>, string][] = [
      ["exact", { [n.name]: "Balls to the Wall" }, `${col(n.name)} = 'Balls to the Wall'`],
      ["@gt", { [`${n.ms}__@gt`]: 500000 }, `${col(n.ms)} > 500000`],
      ["@gte", { [`${n.ms}__@gte`]: 343719 }, `${col(n.ms)} >= 343719`],
      ["@lt", { [`${n.ms}__@lt`]: 10000 }, `${col(n.ms)} < 10000`],
      ["@lte", { [`${n.ms}__@lte`]: 6373 }, `${col(n.ms)} <= 6373`],
      ["@ne", { [`${n.genre}__@ne`]: 1 }, `${col(n.genre)} <> 1`],
      ["@in", { [`${n.genre}__@in`]: [2, 3] }, `${col(n.genre)} IN (2, 3)`],
      ["@nin", { [`${n.genre}__@nin`]: [1, 2, 3] }, `${col(n.genre)} NOT IN (1, 2, 3)`],
      ["@range", { [`${n.ms}__@range`]: [200000, 201000] }, `${col(n.ms)} BETWEEN 200000 AND 201000`],
      ["@isnull", { [`${n.composer}__@isnull`]: true }, `${col(n.composer)} IS NULL`],
      ["@isnull false", { [`${n.composer}__@isnull`]: false }, `${col(n.composer)} IS NOT NULL`],
      ["@contains (case-sensitive)", { [`${n.name}__@contains`]: "Love" }, `${n.position(col(n.name), "'Love'")} > 0`],
      ["@icontains", { [`${n.name}__@icontains`]: "LOVE" }, `${n.position(`lower(${col(n.name)})`, "'love'")} > 0`],
      ["@startswith", { [`${n.name}__@startswith`]: "The" }, `${n.position(col(n.name), "'The'")} = 1`],
      ["@istartswith", { [`${n.name}__istartswith`]: "the" }, `${n.position(`lower(${col(n.name)})`, "'the'")} = 1`],
      ["@endswith", { [`${n.name}__@endswith`]: "Blues" }, `${n.lastFive(col(n.name))} = 'Blues'`],
      ["@iendswith", { [`${n.name}__@iendswith`]: "BLUES" }, `lower(${n.lastFive(col(n.name))}) = 'blues'`],
      ["% is literal", { [`${n.name}__@icontains`]: "%" }, `${n.position(col(n.name), "'%'")} > 0`],
      ["_ is literal", { [`${n.name}__@contains`]: "_" }, `${n.position(col(n.name), "'_'")} > 0`],
      ["* and ? are literal", { [`${n.name}__@contains`]: "?" }, `${n.position(col(n.name), "'?'")} > 0`],
    ];
    for (const [name, filters, condition] of lookups) {
      test(`lookup ${name}`, async () => {
        const want = await oracle(condition);
        expect(await ids(Track().objects.filter(filters).orderBy(n.id))).toEqual(want);
        expect(want.length).toBeLessThan(await total());
      });
    }

    test("exclude keeps rows whose compared value is NULL", async () => {
      const got = await ids(
        Track()
          .objects.exclude({ [`${n.composer}__@icontains`]: "a" })
          .orderBy(n.id),
      );
      const want = await oracle(`${col(n.composer)} IS NULL OR ${n.position(`lower(${col(n.composer)})`, "'a'")} = 0`);
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });

    test("ordering, limit and offset", async () => {
      const got = await ids(Track().objects.orderBy(`-${n.ms}`, n.id).limit(5).offset(3));
      const want = (
        await db().query(
          `SELECT ${col(n.id)} AS id FROM ${col(n.tables.track)} ORDER BY ${col(n.ms)} DESC, ${col(n.id)} LIMIT 5 OFFSET 3`,
        )
      ).map((r) => Number(r.id));
      expect(got).toHaveLength(5);
      expect(got).toEqual(want);
    });

    test("values through a nullable foreign key (LEFT JOIN keeps tracks without an album)", async () => {
      const key = `${n.album}__${n.artist}`;
      const rows = await run(Track().objects.values(n.id, key).orderBy(n.id));
      expect(rows).toHaveLength(await total());
      expect(rows[0]).toHaveProperty(key);
    });

    test("count and exists", async () => {
      const filtered = Track().objects.filter({ [`${n.genre}__@in`]: [2, 3] });
      const c = inspectQuery(filtered, { operation: "count" });
      const [row] = await db().query(c.sql, c.parameters);
      expect(Number(row?.count)).toBe((await oracle(`${col(n.genre)} IN (2, 3)`)).length);
      const limited = inspectQuery(filtered.limit(7), { operation: "count" });
      expect(Number((await db().query(limited.sql, limited.parameters))[0]?.count)).toBe(7);
      const yes = inspectQuery(filtered, { operation: "exists" });
      expect(await db().query(yes.sql, yes.parameters)).toHaveLength(1);
      const no = inspectQuery(Track().objects.filter({ [n.name]: "no such track" }), { operation: "exists" });
      expect(await db().query(no.sql, no.parameters)).toHaveLength(0);
    });

    test("an injection attempt in a value is bound: no rows, table intact", async () => {
      const before = await total();
      const evil = `x'; DROP TABLE ${q(n.tables.track)}; --`;
      expect(await ids(Track().objects.filter({ [n.name]: evil }))).toEqual([]);
      expect(await ids(Track().objects.filter({ [`${n.name}__@icontains`]: "' OR '1'='1" }))).toEqual([]);
      expect(await total()).toBe(before);
    });

    test("explainQuery returns the plan with the parameters bound", async () => {
      const r = inspectQuery(Track().objects.filter({ [`${n.album}__${n.artist}__${n.name}`]: "AC/DC" }));
      const plan = await explainQuery(db(), r);
      expect(plan.length).toBeGreaterThan(0);
      expect(plan.join("\n")).toMatch(explained);
    });
  });
}
