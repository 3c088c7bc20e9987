import { describe, expect, test } from "bun:test";
import { connect } from "../../../src/dialect/connect.ts";
import { introspectPostgres } from "../../../src/dialect/postgres/postgres-introspect.ts";
import { defaultNotNullName } from "../../../src/dialect/postgres/postgres-not-null-names.ts";
import { PG_URL } from "../../lib/cli.ts";
import { dialectSelected } from "../../lib/dialects.ts";

/**
 * What PostgreSQL introspection reads differently per major (docs/postgres-versions.md), on the
 * server at PORMG_TEST_PG_URL and on every PORMG_TEST_PG_URL_<major> that is set (.ci/run sets
 * them for 13, 14, 16, 17 and 18). Each expectation says which majors it holds for.
 */
const urls = [PG_URL, ...[13, 14, 15, 16, 17, 18].flatMap((m) => process.env[`PORMG_TEST_PG_URL_${m}`] ?? [])].filter(
  (u, i, all) => all.indexOf(u) === i,
);

const TABLE = `CREATE TABLE item (id integer PRIMARY KEY, code text NOT NULL, note text,
  qty integer NOT NULL CONSTRAINT qty_positive CHECK (qty > 0), doubled integer GENERATED ALWAYS AS (qty * 2) STORED,
  UNIQUE (code));
  ALTER TABLE item RENAME COLUMN note TO remark;`;

describe.if(dialectSelected("postgresql"))("PostgreSQL versions", () => {
  test("the default NOT NULL constraint name is truncated to 63 bytes like an identifier", () => {
    expect(defaultNotNullName("post", "id")).toBe("post_id_not_null");
    expect(defaultNotNullName("t".repeat(40), "c".repeat(40))).toBe(`${"t".repeat(40)}_${"c".repeat(22)}`);
  });

  for (const url of urls) {
    test(`introspection on ${new URL(url).host}: NOT NULL is never a check; 18's names and virtual columns`, async () => {
      const db = await connect({ dialect: "postgresql", url });
      const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
      const major = Number.parseInt(db.serverVersion, 10);
      try {
        await db.execute(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}"; ${TABLE}`);
        if (major >= 18)
          await db.execute("ALTER TABLE item ADD COLUMN tripled integer GENERATED ALWAYS AS (qty * 3) VIRTUAL");
        const live = await introspectPostgres(db, { schema, ignoreTables: [] });
        const item = live.schema.tables.find((t) => t.name === "item");
        // NOT NULL rows of pg_constraint (contype 'n', 18+) are column facts, never checks.
        expect(item?.checks.map((c) => c.name)).toEqual(["qty_positive"]);
        expect(item?.columns.map((c) => [c.name, c.nullable])).toEqual([
          ["id", false],
          ["code", false],
          ["remark", true],
          ["qty", false],
          ["doubled", true],
          ...(major >= 18 ? [["tripled", true]] : []),
        ]);
        expect(item?.columns.find((c) => c.name === "doubled")?.generated).toEqual({
          expression: "qty * 2",
          stored: true,
        });
        if (major >= 18) {
          expect(item?.columns.find((c) => c.name === "tripled")?.generated).toEqual({
            expression: "qty * 3",
            stored: false,
          });
          // 18 names every NOT NULL (the primary key's column too) and keeps the name through renames.
          expect(live.notNulls).toEqual([
            { table: "item", column: "id", name: "item_id_not_null" },
            { table: "item", column: "code", name: "item_code_not_null" },
            { table: "item", column: "qty", name: "item_qty_not_null" },
          ]);
        } else {
          expect(live.notNulls).toBeUndefined();
        }
        expect(item?.uniques.map((u) => [u.columns, u.nullsNotDistinct ?? false])).toEqual([[["code"], false]]);
        expect(live.unmanaged.filter((o) => o.kind === "constraint")).toEqual([]);
      } finally {
        await db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
        await db.close();
      }
    });

    test(`introspection on ${new URL(url).host}: 18's NOT ENFORCED and WITHOUT OVERLAPS constraints are unmanaged`, async () => {
      const db = await connect({ dialect: "postgresql", url });
      const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
      const major = Number.parseInt(db.serverVersion, 10);
      try {
        await db.execute(`CREATE SCHEMA "${schema}"; SET search_path TO "${schema}";
          CREATE TABLE booking (room int4range NOT NULL, during tstzrange NOT NULL, guests integer NOT NULL CHECK (guests > 0))`);
        if (major >= 18)
          await db.execute(`ALTER TABLE booking ADD CONSTRAINT booking_pkey PRIMARY KEY (room, during WITHOUT OVERLAPS);
            ALTER TABLE booking ADD CONSTRAINT few_guests CHECK (guests < 10) NOT ENFORCED`);
        const live = await introspectPostgres(db, { schema, ignoreTables: [] });
        const booking = live.schema.tables.find((t) => t.name === "booking");
        // The IR carries neither clause: a half-described key or check would be re-created without it.
        expect(booking?.checks.map((c) => c.name)).toEqual(["booking_guests_check"]);
        expect(booking?.primaryKey).toBeUndefined();
        expect(live.unmanaged.filter((o) => o.kind === "constraint")).toEqual(
          major >= 18
            ? [
                { kind: "constraint", name: "booking_pkey", table: "booking" },
                { kind: "constraint", name: "few_guests", table: "booking" },
              ]
            : [],
        );
      } finally {
        await db.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => {});
        await db.close();
      }
    });
  }
});
