import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { CHINOOK_TABLES, chinookMysqlScript, chinookPostgresScript, chinookSqliteScript } from "../lib/chinook.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder, rowCounts } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** Chinook's table names in each dialect's fixture, and the names this scenario uses. */
const NAMES = {
  postgresql: {
    tables: CHINOOK_TABLES.postgresql,
    artist: "artist",
    performer: "performer",
    album: "album",
    customer: "customer",
    track: "track",
  },
  sqlite: {
    tables: CHINOOK_TABLES.sqlite,
    artist: "Artist",
    performer: "Performer",
    album: "Album",
    customer: "Customer",
    track: "Track",
  },
  mysql: {
    tables: CHINOOK_TABLES.mysql,
    artist: "Artist",
    performer: "Performer",
    album: "Album",
    customer: "Customer",
    track: "Track",
  },
} as const;

/** Each dialect's Chinook script (MySQL's and PostgreSQL's without their database lines). */
const SCRIPTS = { postgresql: chinookPostgresScript, sqlite: chinookSqliteScript, mysql: chinookMysqlScript } as const;

/** Replaces `from` by `to` in `text`, failing when `from` is not there exactly once. */
function edit(text: string, from: string | RegExp, to: string): string {
  const matches =
    typeof from === "string" ? text.split(from).length - 1 : (text.match(new RegExp(from, "g"))?.length ?? 0);
  if (matches !== 1) throw new Error(`expected one match of ${from} in the imported models, found ${matches}`);
  return text.replace(from, to);
}

/**
 * The edits on the imported models: a NOT NULL column with a default on Artist, a longer
 * Track name, Customer without its fax column, and Artist renamed to Performer (Album's foreign
 * key follows it).
 */
function editModels(dialect: DialectName, models: string): string {
  let out = models;
  if (dialect === "postgresql") {
    out = out.replaceAll('ForeignKey("Artist"', 'ForeignKey("Performer"');
    out = edit(out, "export const Artist = Models.Model(", "export const Performer = Models.Model(");
    out = edit(
      out,
      /(export const Performer[\s\S]*?name: Models\.CharField\(\{ maxLength: 120, null: true \}\),)/,
      '$1\n    country: Models.CharField({ maxLength: 40, default: "unknown" }),',
    );
    out = edit(out, /(export const Track[\s\S]*?name: Models\.CharField\(\{ maxLength: )200/, "$1250");
    out = edit(out, /(export const Customer[\s\S]*?)\n {4}fax: [^\n]*/, "$1");
  } else if (dialect === "mysql") {
    // As SQLite's, but MySQL's NVARCHAR columns import with their national character set's collation.
    out = edit(out, 'dbTable: "Artist"', 'dbTable: "Performer"');
    out = edit(
      out,
      /(export const Artist[\s\S]*?Name: Models\.CharField\(\{ maxLength: 120, null: true[^\n]*\}\),)/,
      '$1\n    Country: Models.CharField({ maxLength: 40, default: "unknown" }),',
    );
    out = edit(out, /(export const Track[\s\S]*?Name: Models\.CharField\(\{ maxLength: )200/, "$1250");
    out = edit(out, /(export const Customer[\s\S]*?)\n {4}Fax: [^\n]*/, "$1");
  } else {
    out = edit(out, 'dbTable: "Artist"', 'dbTable: "Performer"');
    out = edit(
      out,
      /(export const Artist[\s\S]*?Name: Models\.CharField\(\{ maxLength: 120, null: true \}\),)/,
      '$1\n    Country: Models.CharField({ maxLength: 40, default: "unknown" }),',
    );
    out = edit(out, /(export const Track[\s\S]*?Name: Models\.CharField\(\{ maxLength: )200/, "$1250");
    out = edit(out, /(export const Customer[\s\S]*?)\n {4}Fax: [^\n]*/, "$1");
  }
  return out;
}

async function referencedBy(f: PlannerFolder, table: string): Promise<string[]> {
  if (f.dialect === "sqlite")
    return (await f.rows<{ table: string }>(`SELECT "table" FROM pragma_foreign_key_list('${table}')`)).map(
      (r) => r.table,
    );
  if (f.dialect === "mysql")
    return (
      await f.rows<{ t: string }>(
        "SELECT referenced_table_name AS t FROM information_schema.referential_constraints WHERE constraint_schema = DATABASE() AND table_name = ?",
        [table],
      )
    ).map((r) => r.t);
  const rows = await f.rows<{ t: string }>(
    "SELECT confrelid::regclass::text AS t FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass",
    [table],
  );
  return rows.map((r) => r.t);
}

for (const { name: dialect, dialect: d } of DIALECTS) {
  const q = d.quoteIdent;
  describe(`${dialect}: Chinook with edits`, () => {
    test("add NOT NULL with default, widen a type, drop a column, rename a referenced table", async () => {
      const n = NAMES[dialect];
      const script = SCRIPTS[dialect]();
      const f = await plannerFolder(dialect, "", script);
      f.ok(["import-models", "--force"]);
      expectExit(f.cli(["check"]), 0);
      const before = await rowCounts(f, n.tables);
      expect(before[n.track]).toBe(3503);
      const artists = await f.rows(`SELECT * FROM ${q(n.artist)} ORDER BY 1`);
      const albumArtists = await f.rows(`SELECT * FROM ${q(n.album)} ORDER BY 1`);

      const modelsFile = join(f.dir, "models.ts");
      writeFileSync(modelsFile, editModels(dialect, readFileSync(modelsFile, "utf8")));

      // The renamed table also gains a column, so it is no identical drop+add and no rename
      // candidate: without a hint the plan drops it and creates the new one; the hint renames it.
      const unhinted = f.json(["makemigrations", "--check"], 2);
      expect(unhinted).toMatchObject({ outcome: "pending", destructive: true });
      const made = f.json(["makemigrations", "--rename", `${n.artist}=${n.performer}`]);
      expect(made).toMatchObject({ outcome: "written", destructive: true });
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).toContain(
        dialect === "mysql"
          ? `RENAME TABLE ${q(n.artist)} TO ${q(n.performer)};`
          : `ALTER TABLE "${n.artist}" RENAME TO "${n.performer}";`,
      );
      expect(plan).not.toContain(`DROP TABLE ${q(n.artist)}`);
      expect(plan).toMatch(dialect === "mysql" ? /DROP COLUMN `Fax`/ : /DROP COLUMN "[Ff]ax"/);

      const dry = f.json(["dry-run", "--verify"]);
      expect(dry.verify).toMatchObject({ ok: true });
      expectExit(f.cli(["migrate"]), 3);
      expectExit(f.cli(["migrate", "--destructive"]), 0);

      expectExit(f.cli(["check"]), 0);
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });

      const tablesAfter = n.tables.map((t) => (t === n.artist ? n.performer : t));
      const after = await rowCounts(f, tablesAfter);
      expect(Object.values(after)).toEqual(Object.values(before));
      const performers = await f.rows(`SELECT * FROM ${q(n.performer)} ORDER BY 1`);
      const country = dialect === "postgresql" ? "country" : "Country";
      expect(performers.map((p) => ({ ...p, [country]: undefined }))).toEqual(
        artists.map((a) => ({ ...a, [country]: undefined })),
      );
      expect(new Set(performers.map((p) => p[country]))).toEqual(new Set(["unknown"]));
      expect(await f.rows(`SELECT * FROM ${q(n.album)} ORDER BY 1`)).toEqual(albumArtists);
      expect(await referencedBy(f, n.album)).toEqual([n.performer]);
      if (dialect === "sqlite") expect(await f.rows("PRAGMA foreign_key_check")).toEqual([]);
      // The foreign key still holds: an album of a performer that does not exist is rejected.
      const column = dialect === "postgresql" ? "artist_id" : "ArtistId";
      const orphan = `INSERT INTO ${q(n.album)} (${q(dialect === "postgresql" ? "album_id" : "AlbumId")}, ${q(dialect === "postgresql" ? "title" : "Title")}, ${q(column)}) VALUES (100000, 'x', 999999)`;
      await expect(f.sql(dialect === "sqlite" ? `PRAGMA foreign_keys = ON; ${orphan}` : orphan)).rejects.toThrow(
        /FOREIGN KEY|foreign key/,
      );
    }, 120_000);
  });
}
