import { afterEach, describe, expect, test } from "bun:test";
import type { Schema } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { DIALECTS, dataFor, type TestDatabase } from "../../lib/dialects.ts";
import { mysqlRoundTrip } from "./roundtrip-mysql-data.ts";
import { postgresRoundTrip } from "./roundtrip-postgres-data.ts";
import { sqliteRoundTrip } from "./roundtrip-sqlite-data.ts";

const open: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.dispose()));
});

for (const h of DIALECTS) {
  const data = dataFor([postgresRoundTrip, sqliteRoundTrip, mysqlRoundTrip], h);

  /** Executes the rendered DDL in a fresh database and introspects it back. */
  async function roundTrip(schema: Schema): Promise<Schema> {
    const db = await h.freshDatabase();
    open.push(db);
    for (const script of data.scripts(schema)) await db.run(script);
    return (await db.introspect()).schema;
  }

  describe(`${h.name} DDL round trip: render → execute → introspect equals the normalized input`, () => {
    for (const [name, schema] of data.cases) {
      test(name, async () => {
        const read = await roundTrip(schema);
        expect(data.readsNormalized ? read : normalizeSchema(read, h.dialect)).toEqual(
          normalizeSchema(schema, h.dialect),
        );
      });
    }
    test("introspected output is a fixed point of render → execute → introspect", async () => {
      const once = await roundTrip(data.fixedPoint);
      const twice = await roundTrip(once);
      expect(twice).toEqual(once);
    });
  });
}
