import { type Case, converges, refused } from "../lib/case.ts";

const pg = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "postgresql" });

/** Inheritance, partitions, views, extension types, clauses the IR must carry, quoting on PostgreSQL. */
export const PG_STRUCTURE: readonly Case[] = [
  // ── inheritance and partitions ──
  pg({
    name: "inheritance-parent-column-dropped-refused",
    class: "inheritance",
    note: "issue 9 1.8: the drop would take the children's values with it",
    before: `CREATE TABLE vehicles (id integer PRIMARY KEY, wheels integer, color text);
      CREATE TABLE trucks (payload integer) INHERITS (vehicles);`,
    after: `CREATE TABLE vehicles (id integer PRIMARY KEY, wheels integer);
      CREATE TABLE trucks (payload integer) INHERITS (vehicles);`,
    seed: "INSERT INTO vehicles VALUES (1, 4, 'red'); INSERT INTO trucks VALUES (2, 6, 'blue', 1000);",
    expect: refused("PLAN_REFUSED", "trucks", "color"),
  }),
  pg({
    name: "inheritance-child-own-column-added",
    class: "inheritance",
    before: `CREATE TABLE vehicles (id integer PRIMARY KEY, wheels integer);
      CREATE TABLE trucks (payload integer) INHERITS (vehicles);`,
    after: `CREATE TABLE vehicles (id integer PRIMARY KEY, wheels integer);
      CREATE TABLE trucks (payload integer, axles integer) INHERITS (vehicles);`,
    seed: "INSERT INTO trucks VALUES (2, 6, 1000);",
    expect: converges(false),
  }),
  pg({
    name: "partitioned-table-column-added",
    class: "inheritance",
    note: "issue 9 1.8: partitions are not planned as CREATE TABLE",
    before: `CREATE TABLE measures (id bigint NOT NULL, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
      CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE sensors (id serial PRIMARY KEY, name text);`,
    after: `CREATE TABLE measures (id bigint NOT NULL, at date NOT NULL, v numeric) PARTITION BY RANGE (at);
      CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
      CREATE TABLE sensors (id serial PRIMARY KEY, name text, unit text);`,
    seed: "INSERT INTO measures VALUES (1, '2024-05-01', 1.5); INSERT INTO sensors (name) VALUES ('t1');",
    expect: converges(false),
  }),
  pg({
    name: "partition-named-by-a-model-refused",
    class: "inheritance",
    note: "the after database has a plain table where the before database has a partition",
    before: `CREATE TABLE measures (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
      CREATE TABLE measures_2024 PARTITION OF measures FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');`,
    after: "CREATE TABLE measures_2024 (id bigint NOT NULL, at date NOT NULL);",
    expect: refused("PLAN_REFUSED", "measures_2024"),
  }),
  // ── views ──
  pg({
    name: "view-reads-dropped-column-refused",
    class: "views",
    note: "issue 9 1.9",
    before: `CREATE TABLE staff (id serial PRIMARY KEY, name text, salary integer);
      CREATE VIEW payroll AS SELECT id, salary FROM staff;`,
    after: "CREATE TABLE staff (id serial PRIMARY KEY, name text);",
    seed: "INSERT INTO staff (name, salary) VALUES ('a', 1);",
    expect: refused("PLAN_REFUSED", "payroll", "salary"),
  }),
  pg({
    name: "view-reads-dropped-table-refused",
    class: "views",
    before: `CREATE TABLE staff (id serial PRIMARY KEY, name text); CREATE TABLE legacy (id integer, staff_id integer);
      CREATE MATERIALIZED VIEW legacy_report AS SELECT s.name FROM legacy l JOIN staff s ON s.id = l.staff_id;`,
    after: "CREATE TABLE staff (id serial PRIMARY KEY, name text);",
    expect: refused("PLAN_REFUSED", "legacy_report", "legacy"),
  }),
  pg({
    name: "view-reads-retyped-column-refused",
    class: "views",
    before: `CREATE TABLE staff (id serial PRIMARY KEY, name varchar(50));
      CREATE VIEW names AS SELECT name FROM staff;`,
    after: "CREATE TABLE staff (id serial PRIMARY KEY, name text);",
    expect: refused("PLAN_REFUSED", "names"),
  }),
  pg({
    name: "view-survives-column-add-and-rename",
    class: "views",
    before: `CREATE TABLE staff (id serial PRIMARY KEY, nm text);
      CREATE VIEW names AS SELECT nm FROM staff;`,
    after: `CREATE TABLE staff (id serial PRIMARY KEY, name text, team text);
      CREATE VIEW names AS SELECT name AS nm FROM staff;`,
    seed: "INSERT INTO staff (nm) VALUES ('a');",
    renames: ["staff.nm=staff.name"],
    expect: converges(false),
  }),
  // ── extension types ──
  pg({
    name: "extension-hstore-column-added",
    class: "extensions",
    note: "issue 9 1.10: migrate creates the extension before the steps",
    extensions: ["hstore"],
    before: "CREATE TABLE profiles (id serial PRIMARY KEY, email text NOT NULL);",
    after: "CREATE TABLE profiles (id serial PRIMARY KEY, email text NOT NULL, attrs hstore);",
    seed: "INSERT INTO profiles (email) VALUES ('a@x');",
    expect: converges(false),
  }),
  pg({
    name: "extension-citext-retype",
    class: "extensions",
    extensions: ["citext"],
    before: "CREATE TABLE logins (id serial PRIMARY KEY, email text NOT NULL UNIQUE);",
    after: "CREATE TABLE logins (id serial PRIMARY KEY, email citext NOT NULL UNIQUE);",
    seed: "INSERT INTO logins (email) VALUES ('Ann@X.org');",
    expect: converges(false),
  }),
  // ── clauses the IR must carry ──
  pg({
    name: "unique-deferrable-initially-deferred",
    class: "clauses",
    note: "issue 9 1.13",
    before:
      "CREATE TABLE positions (id serial PRIMARY KEY, list integer NOT NULL, pos integer NOT NULL, UNIQUE (list, pos));",
    after: `CREATE TABLE positions (id serial PRIMARY KEY, list integer NOT NULL, pos integer NOT NULL,
      UNIQUE (list, pos) DEFERRABLE INITIALLY DEFERRED);`,
    seed: "INSERT INTO positions (list, pos) VALUES (1, 1), (1, 2);",
    expect: converges(false),
  }),
  pg({
    name: "fk-match-full",
    class: "clauses",
    before: `CREATE TABLE regions (country char(2), code text, PRIMARY KEY (country, code));
      CREATE TABLE stores (id serial PRIMARY KEY, country char(2), code text,
        FOREIGN KEY (country, code) REFERENCES regions (country, code));`,
    after: `CREATE TABLE regions (country char(2), code text, PRIMARY KEY (country, code));
      CREATE TABLE stores (id serial PRIMARY KEY, country char(2), code text,
        FOREIGN KEY (country, code) REFERENCES regions (country, code) MATCH FULL);`,
    seed: "INSERT INTO regions VALUES ('FR', 'IDF'); INSERT INTO stores (country, code) VALUES ('FR', 'IDF');",
    expect: converges(false),
  }),
  pg({
    name: "unique-nulls-not-distinct",
    class: "clauses",
    since: 15,
    before: "CREATE TABLE aliases (id serial PRIMARY KEY, alias text, UNIQUE (alias));",
    after: "CREATE TABLE aliases (id serial PRIMARY KEY, alias text, UNIQUE NULLS NOT DISTINCT (alias));",
    seed: "INSERT INTO aliases (alias) VALUES ('a'), (NULL);",
    expect: converges(false),
  }),
  pg({
    name: "index-storage-parameters",
    class: "clauses",
    before:
      "CREATE TABLE queue (id bigserial PRIMARY KEY, topic text NOT NULL); CREATE INDEX queue_topic ON queue (topic);",
    after: `CREATE TABLE queue (id bigserial PRIMARY KEY, topic text NOT NULL);
      CREATE INDEX queue_topic ON queue (topic) WITH (fillfactor = 70, deduplicate_items = off);`,
    seed: "INSERT INTO queue (topic) VALUES ('a'), ('b');",
    expect: converges(false),
  }),
  pg({
    name: "check-deferrable-fk-initially-immediate",
    class: "clauses",
    before: `CREATE TABLE parents (id integer PRIMARY KEY);
      CREATE TABLE kids (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id) DEFERRABLE INITIALLY DEFERRED);`,
    after: `CREATE TABLE parents (id integer PRIMARY KEY);
      CREATE TABLE kids (id integer PRIMARY KEY, parent_id integer REFERENCES parents (id) DEFERRABLE INITIALLY IMMEDIATE);`,
    seed: "INSERT INTO parents VALUES (1); INSERT INTO kids VALUES (1, 1);",
    expect: converges(false),
  }),
  pg({
    name: "table-storage-parameters",
    class: "clauses",
    before: "CREATE TABLE counters (id integer PRIMARY KEY, n bigint NOT NULL);",
    after: "CREATE TABLE counters (id integer PRIMARY KEY, n bigint NOT NULL) WITH (fillfactor = 80);",
    seed: "INSERT INTO counters VALUES (1, 0);",
    expect: converges(false),
  }),
  // ── quoting ──
  pg({
    name: "quoting-mixed-case",
    class: "quoting",
    before: `CREATE TABLE "UserAccount" ("Id" serial PRIMARY KEY, "EmailAddress" text NOT NULL);`,
    after: `CREATE TABLE "UserAccount" ("Id" serial PRIMARY KEY, "EmailAddress" varchar(254) NOT NULL, "DisplayName" text,
      CONSTRAINT "UserAccount_Email_UQ" UNIQUE ("EmailAddress"));
      CREATE INDEX "IX_UserAccount_DisplayName" ON "UserAccount" ("DisplayName");`,
    seed: `INSERT INTO "UserAccount" ("EmailAddress") VALUES ('a@x');`,
    expect: converges(false),
  }),
  pg({
    name: "quoting-reserved-words",
    class: "quoting",
    before: `CREATE TABLE "user" (id serial PRIMARY KEY, "order" integer, "select" text);
      CREATE TABLE "group" (id serial PRIMARY KEY, "user" integer REFERENCES "user" (id));`,
    after: `CREATE TABLE "user" (id serial PRIMARY KEY, "order" bigint, "select" text NOT NULL DEFAULT 'all', "from" date);
      CREATE TABLE "group" (id serial PRIMARY KEY, "user" integer REFERENCES "user" (id),
        "check" boolean NOT NULL DEFAULT true CHECK ("check" IS NOT NULL));`,
    seed: `INSERT INTO "user" ("order", "select") VALUES (1, 'x'); INSERT INTO "group" ("user") VALUES (1);`,
    expect: converges(false),
  }),
  pg({
    name: "quoting-unicode-names",
    class: "quoting",
    before: `CREATE TABLE "café" ("id" serial PRIMARY KEY, "naïve" text);`,
    after: `CREATE TABLE "café" ("id" serial PRIMARY KEY, "naïve" text NOT NULL DEFAULT 'ø', "размер" integer, "価格" numeric(8,2));
      CREATE INDEX "café_naïve_idx" ON "café" ("naïve");`,
    seed: `INSERT INTO "café" ("naïve") VALUES ('crème');`,
    expect: converges(false),
  }),
  pg({
    name: "quoting-63-character-names",
    class: "quoting",
    before: `CREATE TABLE "a_table_name_that_is_exactly_sixty_three_characters_long_abcdef" (id serial PRIMARY KEY);`,
    after: `CREATE TABLE "a_table_name_that_is_exactly_sixty_three_characters_long_abcdef" (id serial PRIMARY KEY,
      "a_column_name_that_is_exactly_sixty_three_characters_long_abcdef" integer UNIQUE,
      owner_id integer);
      CREATE INDEX "an_index_name_that_is_exactly_sixty_three_characters_long_abcde"
        ON "a_table_name_that_is_exactly_sixty_three_characters_long_abcdef" (owner_id);`,
    seed: `INSERT INTO "a_table_name_that_is_exactly_sixty_three_characters_long_abcdef" DEFAULT VALUES;`,
    expect: converges(false),
  }),
  pg({
    name: "quoting-spaces-and-quotes",
    class: "quoting",
    before: `CREATE TABLE "order lines" (id serial PRIMARY KEY, "qty ""units""" integer);`,
    after: `CREATE TABLE "order lines" (id serial PRIMARY KEY, "qty ""units""" bigint, "it's" text DEFAULT 'it''s');`,
    seed: `INSERT INTO "order lines" ("qty ""units""") VALUES (3);`,
    expect: converges(false),
  }),
  pg({
    name: "ignored-prefix-table-untouched",
    class: "quoting",
    note: "a table under an ignore_tables prefix is neither imported nor dropped; its rows stay",
    ignoreTables: ["tmp_"],
    before: `CREATE TABLE tmp_import (id integer, payload text);
      CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL);`,
    after: "CREATE TABLE customers (id serial PRIMARY KEY, email text NOT NULL, name text);",
    seed: "INSERT INTO tmp_import VALUES (1, 'x'), (2, 'y'); INSERT INTO customers (email) VALUES ('a@x');",
    expect: converges(false),
  }),
];
