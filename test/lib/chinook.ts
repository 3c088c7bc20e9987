import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./cli.ts";

/** The Chinook fixture (MIT, lerocha/chinook-database 1.4.5; LICENSE.md beside it), in the repository. */
export const CHINOOK_DIR = join(ROOT, "test", "fixtures", "chinook");

/** The PostgreSQL script without the lines that drop, create and switch databases. */
export function chinookPostgresScript(): string {
  return readFileSync(join(CHINOOK_DIR, "Chinook_PostgreSql.sql"), "utf8")
    .split("\n")
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|\\c\b)/.test(line))
    .join("\n");
}

/** The MySQL script without the lines that drop, create and switch databases (the test has its own). */
export function chinookMysqlScript(): string {
  return readFileSync(join(CHINOOK_DIR, "Chinook_MySql.sql"), "utf8")
    .split("\n")
    .filter((line) => !/^(DROP DATABASE|CREATE DATABASE|USE\b)/.test(line))
    .join("\n");
}

/** The SQLite script, as shipped. */
export function chinookSqliteScript(): string {
  return readFileSync(join(CHINOOK_DIR, "Chinook_Sqlite.sql"), "utf8");
}

/** Chinook's eleven tables as each fixture names them, sorted. */
export const CHINOOK_TABLES = {
  postgresql: [
    "album",
    "artist",
    "customer",
    "employee",
    "genre",
    "invoice",
    "invoice_line",
    "media_type",
    "playlist",
    "playlist_track",
    "track",
  ],
  sqlite: [
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
  ],
  mysql: [
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
  ],
} as const;
