import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sqliteBenchDdl } from "../../../scripts/bench/sqlite-schema.ts";
import { introspectDdl } from "./sqlite-helpers.ts";

/**
 * The whole LiveSchema of a varied real SQLite schema, compared with a snapshot taken from the
 * introspection code before it was made linear (issue 15): grouping the catalog rows by table with
 * maps must not change a single field or its order. `PORMG_UPDATE_SHAPE=1` rewrites the snapshot.
 */
const varied = `
  CREATE TABLE "Parent" (id INTEGER PRIMARY KEY, code TEXT NOT NULL COLLATE NOCASE, region INTEGER NOT NULL,
    UNIQUE (code, region));
  CREATE TABLE child (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    parent_code TEXT, parent_region INTEGER,
    parent_id INTEGER REFERENCES parent ON DELETE CASCADE ON UPDATE SET NULL,
    other_id INTEGER CONSTRAINT child_other_fk REFERENCES "Parent" (ID) ON DELETE SET DEFAULT DEFERRABLE INITIALLY DEFERRED,
    ghost_id INTEGER REFERENCES nowhere (id),
    hidden_id INTEGER REFERENCES pormg_migration_x (id),
    amount NUMERIC(10, 2) DEFAULT 0 CHECK (amount >= 0),
    CONSTRAINT child_parent_fk FOREIGN KEY (parent_code, parent_region) REFERENCES "Parent" (code, region) ON DELETE RESTRICT,
    CONSTRAINT child_amount_ck CHECK (amount < 1000000)
  );
  CREATE TABLE kv (k TEXT COLLATE NOCASE, v BLOB, n INT, PRIMARY KEY (k COLLATE RTRIM, n)) WITHOUT ROWID;
  CREATE TABLE strict_t (a INTEGER NOT NULL, b TEXT, c ANY) STRICT;
  CREATE TABLE gen (
    id INT PRIMARY KEY, price REAL, qty INTEGER,
    total REAL GENERATED ALWAYS AS (price * qty) STORED,
    label TEXT AS (upper(coalesce(qty, 'x'))) VIRTUAL,
    name TEXT UNIQUE ON CONFLICT REPLACE
  );
  CREATE TABLE "odd ""name""" ("sel ect" TEXT, "Mixed Case" INTEGER, [bracket col] TEXT, \`tick\` TEXT,
    UNIQUE ("sel ect" COLLATE NOCASE), CONSTRAINT "odd uq" UNIQUE ("Mixed Case", tick));
  CREATE INDEX "odd idx" ON "odd ""name""" ("Mixed Case" DESC, [bracket col]);
  CREATE INDEX child_partial ON child (parent_id) WHERE amount > 0 AND ghost_id IS NULL;
  CREATE INDEX child_expr ON child (lower(parent_code), amount * 2);
  CREATE UNIQUE INDEX child_uq ON child (parent_code, parent_region);
  CREATE UNIQUE INDEX child_uq_desc ON child (other_id DESC);
  CREATE INDEX child_collate ON child (parent_code COLLATE NOCASE);
  CREATE INDEX kv_n ON kv (n);
  CREATE TABLE pormg_migration_x (id INTEGER PRIMARY KEY);
  CREATE TABLE noise_skip (id INTEGER PRIMARY KEY);
  CREATE VIEW child_view AS SELECT id, amount FROM child;
  CREATE TRIGGER child_touch AFTER UPDATE ON child BEGIN UPDATE child SET amount = amount WHERE id = new.id; END;
  CREATE VIRTUAL TABLE docs USING fts5(title, body);
  CREATE TABLE docs_extra (id INTEGER PRIMARY KEY);
`;

const fixture = join(import.meta.dir, "../../fixtures/sqlite-introspect-shape.json");

describe("sqlite introspection: whole-schema shape", () => {
  test("a varied schema and the 12-table bench schema introspect exactly as the snapshot says", async () => {
    const actual = {
      varied: await introspectDdl(varied, ["noise_"]),
      bench: await introspectDdl(sqliteBenchDdl(12)),
    };
    const text = `${JSON.stringify(actual, null, 1)}\n`;
    if (process.env.PORMG_UPDATE_SHAPE === "1") writeFileSync(fixture, text);
    // Compare the JSON text, so key order and list order are part of the snapshot too.
    expect(text).toBe(readFileSync(fixture, "utf8"));
  });
});
