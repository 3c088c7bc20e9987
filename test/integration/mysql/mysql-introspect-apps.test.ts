import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { introspectMysql } from "../../../src/dialect/mysql/mysql-introspect.ts";
import { mysqlNormalize } from "../../../src/dialect/mysql/mysql-normalize.ts";
import { printMysqlTables } from "../../../src/dialect/mysql/mysql-print.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import { CHINOOK_DIR } from "../../lib/chinook.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

const dialect = {
  introspector: { introspect: introspectMysql, printTables: printMysqlTables },
  normalize: mysqlNormalize,
};

function table(live: LiveSchema, name: string): Table {
  const found = live.schema.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name}`);
  return found;
}

/** The MySQL Chinook script without the lines that drop, create and switch databases. */
function chinookMysqlScript(): string {
  return readFileSync(join(CHINOOK_DIR, "Chinook_MySql.sql"), "utf8")
    .split("\n")
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|USE )/.test(line))
    .join("\n");
}

describe("MySQL introspection of Chinook (MariaDB)", () => {
  let db: MysqlTestDatabase;
  let live: LiveSchema;
  beforeAll(async () => {
    db = await freshMysqlDatabase("chinook");
    await db.driver.execute(chinookMysqlScript());
    live = await introspect(db.driver, dialect);
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("reads its eleven tables, and nothing else", async () => {
    expect(live.schema.tables.map((t) => t.name)).toEqual([
      "Album",
      "Artist",
      "Customer",
      "Employee",
      "Genre",
      "Invoice",
      "InvoiceLine",
      "MediaType",
      "Playlist",
      "PlaylistTrack",
      "Track",
    ]);
    expect(live.unmanaged).toEqual([]);
    expect(live.ignored).toEqual([]);
    const [{ n }] = (await db.driver.query<{ n: number }>("SELECT COUNT(*) AS n FROM `Track`")) as [{ n: number }];
    expect(Number(n)).toBe(3503);
  });

  test("Track: columns, primary key, foreign keys and their explicit indexes", () => {
    expect(table(live, "Track")).toEqual({
      name: "Track",
      columns: [
        { name: "TrackId", type: { kind: "integer" }, nullable: false },
        { name: "Name", type: { kind: "varchar", length: 200 }, nullable: false, collation: "utf8mb3_general_ci" },
        { name: "AlbumId", type: { kind: "integer" }, nullable: true },
        { name: "MediaTypeId", type: { kind: "integer" }, nullable: false },
        { name: "GenreId", type: { kind: "integer" }, nullable: true },
        { name: "Composer", type: { kind: "varchar", length: 220 }, nullable: true, collation: "utf8mb3_general_ci" },
        { name: "Milliseconds", type: { kind: "integer" }, nullable: false },
        { name: "Bytes", type: { kind: "integer" }, nullable: true },
        { name: "UnitPrice", type: { kind: "decimal", precision: 10, scale: 2 }, nullable: false },
      ],
      primaryKey: { columns: ["TrackId"] },
      foreignKeys: [
        {
          name: "FK_TrackAlbumId",
          columns: ["AlbumId"],
          references: { table: "Album", columns: ["AlbumId"] },
          onDelete: "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        },
        {
          name: "FK_TrackGenreId",
          columns: ["GenreId"],
          references: { table: "Genre", columns: ["GenreId"] },
          onDelete: "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        },
        {
          name: "FK_TrackMediaTypeId",
          columns: ["MediaTypeId"],
          references: { table: "MediaType", columns: ["MediaTypeId"] },
          onDelete: "NO ACTION",
          onUpdate: "NO ACTION",
          deferred: false,
        },
      ],
      uniques: [],
      indexes: [
        { name: "IFK_TrackAlbumId", keys: [{ column: "AlbumId" }], unique: false },
        { name: "IFK_TrackGenreId", keys: [{ column: "GenreId" }], unique: false },
        { name: "IFK_TrackMediaTypeId", keys: [{ column: "MediaTypeId" }], unique: false },
      ],
      checks: [],
    });
  });

  test("PlaylistTrack: a composite primary key; Employee: a key to itself", () => {
    expect(table(live, "PlaylistTrack").primaryKey).toEqual({ columns: ["PlaylistId", "TrackId"] });
    expect(table(live, "PlaylistTrack").foreignKeys.map((f) => f.references.table)).toEqual(["Playlist", "Track"]);
    expect(table(live, "Employee").foreignKeys).toMatchObject([
      { columns: ["ReportsTo"], references: { table: "Employee", columns: ["EmployeeId"] } },
    ]);
    expect(table(live, "Employee").columns.find((c) => c.name === "BirthDate")?.type).toEqual({
      kind: "timestamp",
      withTimeZone: false,
      precision: 0,
    });
  });
});

/** A WordPress-like schema written by hand: unsigned ids, prefix indexes, datetime defaults, utf8mb4. */
const WORDPRESS = `
CREATE TABLE wp_users (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_login varchar(60) NOT NULL DEFAULT '',
  user_pass varchar(255) NOT NULL DEFAULT '',
  user_email varchar(100) NOT NULL DEFAULT '',
  user_registered datetime NOT NULL DEFAULT '2000-01-01 00:00:00',
  user_status int(11) NOT NULL DEFAULT 0,
  PRIMARY KEY (ID),
  KEY user_login_key (user_login),
  KEY user_email (user_email)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_posts (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  post_author bigint(20) unsigned NOT NULL DEFAULT 0,
  post_date datetime NOT NULL DEFAULT '2000-01-01 00:00:00',
  post_content longtext NOT NULL,
  post_title text NOT NULL,
  post_status varchar(20) NOT NULL DEFAULT 'publish',
  post_name varchar(200) NOT NULL DEFAULT '',
  post_parent bigint(20) unsigned NOT NULL DEFAULT 0,
  post_type varchar(20) NOT NULL DEFAULT 'post',
  comment_count bigint(20) NOT NULL DEFAULT 0,
  PRIMARY KEY (ID),
  KEY post_name (post_name(191)),
  KEY type_status_date (post_type, post_status, post_date, ID),
  KEY post_parent (post_parent),
  KEY post_author (post_author)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_postmeta (
  meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  post_id bigint(20) unsigned NOT NULL DEFAULT 0,
  meta_key varchar(255) DEFAULT NULL,
  meta_value longtext,
  PRIMARY KEY (meta_id),
  KEY post_id (post_id),
  KEY meta_key (meta_key(191))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE wp_options (
  option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  option_name varchar(191) NOT NULL DEFAULT '',
  option_value longtext NOT NULL,
  autoload varchar(20) NOT NULL DEFAULT 'yes',
  PRIMARY KEY (option_id),
  UNIQUE KEY option_name (option_name),
  KEY autoload (autoload)
) ENGINE=MyISAM DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
`;

describe("MySQL introspection of a WordPress-like schema (MariaDB)", () => {
  let db: MysqlTestDatabase;
  let live: LiveSchema;
  beforeAll(async () => {
    db = await freshMysqlDatabase("wp");
    await db.driver.execute(WORDPRESS);
    live = await introspect(db.driver, dialect);
  });
  afterAll(async () => {
    await db.dispose();
  });

  test("unsigned ids are native, AUTO_INCREMENT is an identity, collations match the table's", () => {
    const posts = table(live, "wp_posts");
    expect(posts.columns[0]).toEqual({
      name: "ID",
      type: { kind: "native", sql: "bigint unsigned" },
      nullable: false,
      identity: { always: false },
    });
    expect(posts.columns.find((c) => c.name === "post_date")).toEqual({
      name: "post_date",
      type: { kind: "timestamp", withTimeZone: false, precision: 0 },
      nullable: false,
      default: { kind: "literal", value: "2000-01-01 00:00:00" },
    });
    expect(posts.columns.find((c) => c.name === "post_author")?.default).toEqual({ kind: "literal", value: 0 });
    expect(posts.columns.every((c) => c.collation === undefined)).toBe(true);
  });

  test("prefix indexes are unmanaged; the others are indexes and uniques", () => {
    const posts = table(live, "wp_posts");
    expect(posts.indexes.map((i) => [i.name, i.keys.map((k) => ("column" in k ? k.column : k.expression))])).toEqual([
      ["post_author", ["post_author"]],
      ["post_parent", ["post_parent"]],
      ["type_status_date", ["post_type", "post_status", "post_date", "ID"]],
    ]);
    expect(table(live, "wp_options").uniques).toEqual([{ name: "option_name", columns: ["option_name"] }]);
    expect(live.unmanaged).toEqual([
      { kind: "index", name: "meta_key", table: "wp_postmeta" },
      { kind: "index", name: "post_name", table: "wp_posts" },
    ]);
  });
});
