import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { liveFingerprint } from "../../../src/use-cases/table-fingerprints.ts";
import { chinookPostgresScript } from "../../lib/chinook.ts";
import { countingDriver, createTestSchema, type TestSchema } from "./postgres-helpers.ts";

// The stale check reads only the plan's tables (`IntrospectorOptions.tables`): each table's
// fingerprint must be the one a full read gives, whatever else the schema holds.
let t: TestSchema;
let other: TestSchema;
let full: LiveSchema;

const read = (tables?: readonly string[]) =>
  introspect(t.driver, postgresDialect, { schema: t.name, ...(tables && { tables }) });

beforeAll(async () => {
  [t, other] = await Promise.all([createTestSchema(), createTestSchema()]);
  await other.run("CREATE TABLE elsewhere (id int PRIMARY KEY)");
  await t.run(chinookPostgresScript());
  await t.run(`
    CREATE TABLE django_session (id int PRIMARY KEY);
    CREATE TABLE visit (
      id bigserial PRIMARY KEY,
      ident int GENERATED ALWAYS AS IDENTITY,
      session_id int REFERENCES django_session (id),
      remote_id int REFERENCES "${other.name}".elsewhere (id),
      track_id int REFERENCES track (track_id) ON DELETE CASCADE,
      during tstzrange,
      note text COLLATE "C",
      EXCLUDE USING gist (during WITH &&)
    );
    CREATE INDEX visit_note_pattern ON visit (note text_pattern_ops);
    CREATE INDEX visit_track_partial ON visit (track_id) WHERE note IS NOT NULL;
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    CREATE TRIGGER visit_touch BEFORE UPDATE ON visit FOR EACH ROW EXECUTE FUNCTION touch();
    CREATE TABLE measure (id int, at date NOT NULL) PARTITION BY RANGE (at);
    CREATE TABLE measure_2026 PARTITION OF measure FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
    CREATE VIEW busy AS SELECT track_id, count(*) AS n FROM visit GROUP BY track_id;
  `);
  full = await read();
});

afterAll(async () => {
  // One after the other: `visit` references a table of `other`, and dropping both at once deadlocks.
  await t?.dispose();
  await other?.dispose();
});

describe("postgres introspection scoped to some tables", () => {
  test("each table alone has the fingerprint a full read gives it", async () => {
    expect(full.schema.tables.length).toBe(12);
    for (const table of full.schema.tables) {
      const scoped = await read([table.name]);
      expect(scoped.schema.tables.map((x) => x.name)).toEqual([table.name]);
      const alone = scoped.schema.tables[0];
      if (!alone) throw new Error(`${table.name} not read`);
      expect(liveFingerprint(alone, scoped)).toBe(liveFingerprint(table, full));
    }
  });

  test("a foreign key to a managed table outside the scope stays the table's own; one to an ignored table is unmanaged", async () => {
    const scoped = await read(["visit"]);
    const visit = scoped.schema.tables[0];
    expect(visit?.foreignKeys.map((f) => f.references.table)).toEqual(["track"]);
    expect(scoped.unmanaged.filter((o) => o.table === "visit")).toEqual(
      full.unmanaged.filter((o) => o.table === "visit"),
    );
    expect(scoped.ignored).toEqual(["django_session"]);
  });

  test("a table the scope names that does not exist is absent; the per-table queries read the scope alone", async () => {
    const counter = { count: 0 };
    const scoped = await introspect(countingDriver(t.driver, counter), postgresDialect, {
      schema: t.name,
      tables: ["album", "no_such_table"],
    });
    expect(scoped.schema.tables.map((x) => x.name)).toEqual(["album"]);
    expect(scoped.sequences).toBeUndefined();
    expect(full.sequences?.length).toBeGreaterThan(0);
    const fullCounter = { count: 0 };
    await introspect(countingDriver(t.driver, fullCounter), postgresDialect, { schema: t.name });
    expect(counter.count).toBe(fullCounter.count - 2);
  });
});
