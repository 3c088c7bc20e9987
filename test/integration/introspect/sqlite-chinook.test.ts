import { describe, expect, test } from "bun:test";
import { renderSqliteSchema } from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import { introspectSqlite } from "../../../src/dialect/sqlite/sqlite-introspect.ts";
import type { Schema } from "../../../src/schema/ir.ts";
import { CHINOOK_TABLES, chinookSqliteScript } from "../../lib/chinook.ts";
import { bag, tableOf, tempSqlite } from "./sqlite-helpers.ts";

const chinookSql = chinookSqliteScript();

/** Executes the rendered DDL in a fresh file and introspects it back. */
async function roundTrip(schema: Schema): Promise<Schema> {
  const db = await tempSqlite();
  try {
    await db.driver.execute(renderSqliteSchema(schema).join(";\n"));
    return (await introspectSqlite(db.driver, { ignoreTables: [] })).schema;
  } finally {
    await db.dispose();
  }
}

describe("sqlite introspection: Chinook", () => {
  test("the fixture reads as 11 tables with IFK_ indexes and PlaylistTrack's composite key", async () => {
    const db = await tempSqlite();
    try {
      await db.driver.execute(chinookSql);
      const live = await introspectSqlite(db.driver, { ignoreTables: [] });
      expect(live.schema.tables.map((t) => t.name)).toEqual([...CHINOOK_TABLES.sqlite]);
      const indexNames = live.schema.tables.flatMap((t) => t.indexes.map((i) => i.name));
      expect(indexNames.sort()).toEqual([
        "IFK_AlbumArtistId",
        "IFK_CustomerSupportRepId",
        "IFK_EmployeeReportsTo",
        "IFK_InvoiceCustomerId",
        "IFK_InvoiceLineInvoiceId",
        "IFK_InvoiceLineTrackId",
        "IFK_PlaylistTrackPlaylistId",
        "IFK_PlaylistTrackTrackId",
        "IFK_TrackAlbumId",
        "IFK_TrackGenreId",
        "IFK_TrackMediaTypeId",
      ]);
      const playlistTrack = tableOf(live, "PlaylistTrack");
      expect(playlistTrack.primaryKey).toEqual({ name: "PK_PlaylistTrack", columns: ["PlaylistId", "TrackId"] });
      expect(bag(playlistTrack.foreignKeys.map((f) => f.references.table))).toEqual(["Playlist", "Track"]);
      const track = tableOf(live, "Track");
      expect(track.columns.find((c) => c.name === "UnitPrice")).toEqual({
        name: "UnitPrice",
        type: { kind: "decimal", precision: 10, scale: 2 },
        nullable: false,
      });
      expect(track.columns.find((c) => c.name === "Composer")?.type).toEqual({ kind: "varchar", length: 220 });
      expect(tableOf(live, "Employee").columns.find((c) => c.name === "BirthDate")?.type).toEqual({
        kind: "timestamp",
        withTimeZone: false,
      });
      expect(live.unmanaged).toEqual([]);

      const again = await roundTrip(live.schema);
      expect(again).toEqual(live.schema);
    } finally {
      await db.dispose();
    }
  });
});
