import { type Case, converges } from "../lib/case.ts";

const pg = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "postgresql" });

/** A Rails-style `products` table; `extra` goes inside its column list. */
const products = (extra: string) => `
  CREATE TABLE products (
    id bigserial PRIMARY KEY,
    name varchar(100) NOT NULL,
    created_at timestamp(6) NOT NULL,
    updated_at timestamp(6) NOT NULL${extra ? `,\n    ${extra}` : ""});`;
const productRows = `
  INSERT INTO products (name, created_at, updated_at) VALUES
    ('lamp', '2024-01-01 10:00:00.123456', '2024-01-02 10:00:00'),
    ('desk', '2024-02-01 11:30:00', '2024-02-01 11:30:00');`;

/** Types, defaults, nullability and data steps on PostgreSQL. */
export const PG_COLUMNS: readonly Case[] = [
  // ── types ──
  pg({
    name: "varchar-widen",
    class: "types",
    before: products("sku varchar(20)"),
    after: products("sku varchar(64)"),
    seed: `${productRows} UPDATE products SET sku = 'SKU-' || id;`,
    expect: converges(false),
  }),
  pg({
    name: "varchar-to-text-and-lengthless",
    class: "types",
    note: "issue 9 1.5: varchar without a length is not text",
    before: products("summary varchar(200), code text"),
    after: products("summary text, code varchar"),
    seed: `${productRows} UPDATE products SET summary = 'about ' || name, code = 'c' || id;`,
    expect: converges(false),
  }),
  pg({
    name: "integer-to-bigint-fk-both-sides",
    class: "types",
    before: `CREATE TABLE owners (id integer PRIMARY KEY, name text NOT NULL);
      CREATE TABLE pets (id integer PRIMARY KEY, owner_id integer NOT NULL REFERENCES owners (id));`,
    after: `CREATE TABLE owners (id bigint PRIMARY KEY, name text NOT NULL);
      CREATE TABLE pets (id bigint PRIMARY KEY, owner_id bigint NOT NULL REFERENCES owners (id));`,
    seed: "INSERT INTO owners VALUES (1, 'ann'), (2, 'bob'); INSERT INTO pets VALUES (10, 1), (11, 1), (12, 2);",
    expect: converges(false),
  }),
  pg({
    name: "time-precisions",
    class: "types",
    note: "issue 9 1.5: timestamp(6), timestamptz(6), time(6), timetz(6) import and converge",
    before: "CREATE TABLE events (id integer PRIMARY KEY, at timestamp(0), at_tz timestamptz(3), t time, ttz timetz);",
    after:
      "CREATE TABLE events (id integer PRIMARY KEY, at timestamp(6), at_tz timestamptz(6), t time(6), ttz timetz(6));",
    seed: "INSERT INTO events VALUES (1, '2024-03-01 12:00:00', '2024-03-01 12:00:00.123+00', '10:00', '10:00+02');",
    expect: converges(false),
  }),
  pg({
    name: "numeric-precision-widen",
    class: "types",
    before: "CREATE TABLE invoices (id serial PRIMARY KEY, total numeric(10,2) NOT NULL, rate numeric(6,2));",
    after: "CREATE TABLE invoices (id serial PRIMARY KEY, total numeric(14,2) NOT NULL, rate numeric(8,4));",
    seed: "INSERT INTO invoices (total, rate) VALUES (12.50, 0.25), (99999999.99, 1.5);",
    valuesChange: ["invoices.rate"],
    expect: converges(false),
  }),
  pg({
    name: "numeric-scale-lowered-is-destructive",
    class: "types",
    note: "lower decimal scale changes values silently: destructive (docs/design.md §10)",
    before: "CREATE TABLE measurements (id serial PRIMARY KEY, value numeric(10,4) NOT NULL);",
    after: "CREATE TABLE measurements (id serial PRIMARY KEY, value numeric(10,2) NOT NULL);",
    seed: "INSERT INTO measurements (value) VALUES (1.2345), (2.5);",
    valuesChange: ["measurements.value"],
    expect: converges(true),
  }),
  pg({
    name: "text-to-integer-using",
    class: "types",
    before: "CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);",
    after: "CREATE TABLE settings (key text PRIMARY KEY, value integer NOT NULL);",
    seed: "INSERT INTO settings VALUES ('retries', '3'), ('timeout', '30');",
    expect: converges(false),
  }),
  pg({
    name: "json-to-jsonb-and-friends",
    class: "types",
    before: `CREATE TABLE documents (id uuid PRIMARY KEY, body json, tags text[], addr inet, took interval,
      raw bytea, score real, born date);`,
    after: `CREATE TABLE documents (id uuid PRIMARY KEY, body jsonb, tags varchar(40)[], addr inet, took interval,
      raw bytea, score double precision, born date, ratio double precision, flags bit varying(8), money_paid money);`,
    seed: `INSERT INTO documents VALUES ('6f1c2b1a-9a54-4a36-9a3c-1d7a9c0e0b11', '{"a": 1}', '{x,y}', '10.0.0.1',
      '1 day', '\\x0102', 1.5, '2000-01-01');`,
    expect: converges(false),
  }),
  pg({
    name: "float-to-integer-is-destructive",
    class: "types",
    before: "CREATE TABLE readings (id serial PRIMARY KEY, level double precision);",
    after: "CREATE TABLE readings (id serial PRIMARY KEY, level integer);",
    seed: "INSERT INTO readings (level) VALUES (1.4), (2.6), (NULL);",
    valuesChange: ["readings.level"],
    expect: converges(true),
  }),
  pg({
    name: "char-and-citext-free-types",
    class: "types",
    before: "CREATE TABLE countries (code char(2) PRIMARY KEY, name varchar(80) NOT NULL, iso3 char(3));",
    after:
      "CREATE TABLE countries (code char(2) PRIMARY KEY, name varchar(120) NOT NULL, iso3 varchar(3), num smallint);",
    seed: "INSERT INTO countries VALUES ('FR', 'France', 'FRA'), ('DE', 'Germany', 'DEU');",
    expect: converges(false),
  }),
  // ── defaults ──
  pg({
    name: "default-added-and-changed",
    class: "defaults",
    before: "CREATE TABLE posts (id serial PRIMARY KEY, status varchar(20) DEFAULT 'draft', views integer);",
    after:
      "CREATE TABLE posts (id serial PRIMARY KEY, status varchar(20) DEFAULT 'new'::character varying, views integer DEFAULT 0 NOT NULL);",
    seed: "INSERT INTO posts (status, views) VALUES ('draft', 3), ('published', 10);",
    expect: converges(false),
  }),
  pg({
    name: "numeric-defaults-as-written",
    class: "defaults",
    note: "issue 9 1.5 / 1.13: 20.0 is not 20, -1.5 is not -1",
    before: "CREATE TABLE plans (id serial PRIMARY KEY, price numeric(8,2) DEFAULT 20, fee numeric(6,2) DEFAULT -1);",
    after:
      "CREATE TABLE plans (id serial PRIMARY KEY, price numeric(8,2) DEFAULT 20.0, fee numeric(6,2) DEFAULT -1.5);",
    seed: "INSERT INTO plans (price, fee) VALUES (10, 1);",
    expect: converges(false),
  }),
  pg({
    name: "current-timestamp-default-dropped",
    class: "defaults",
    note: "issue 9 1.13: a dropped CURRENT_TIMESTAMP default is a difference (pormg counts a dropped default as a silent change: destructive)",
    before:
      "CREATE TABLE audit (id serial PRIMARY KEY, at timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL, day date DEFAULT CURRENT_DATE);",
    after: "CREATE TABLE audit (id serial PRIMARY KEY, at timestamptz NOT NULL, day date DEFAULT now());",
    seed: "INSERT INTO audit DEFAULT VALUES;",
    expect: converges(true),
  }),
  pg({
    name: "default-cast-to-another-type",
    class: "defaults",
    note: "issue 9 1.5: timestamptz DEFAULT '0001-01-01'::timestamp",
    before: "CREATE TABLE jobs (id serial PRIMARY KEY, run_at timestamptz);",
    after: "CREATE TABLE jobs (id serial PRIMARY KEY, run_at timestamptz DEFAULT '0001-01-01 00:00:00'::timestamp);",
    seed: "INSERT INTO jobs (run_at) VALUES ('2024-01-01T00:00:00Z');",
    expect: converges(false),
  }),
  pg({
    name: "json-array-boolean-defaults",
    class: "defaults",
    before: "CREATE TABLE prefs (id serial PRIMARY KEY, data jsonb, tags text[], on_ boolean);",
    after: `CREATE TABLE prefs (id serial PRIMARY KEY, data jsonb DEFAULT '{}'::jsonb NOT NULL,
      tags text[] DEFAULT '{}'::text[] NOT NULL, on_ boolean DEFAULT false NOT NULL);`,
    seed: `INSERT INTO prefs (data, tags, on_) VALUES ('{"x": 1}', '{a}', true);`,
    expect: converges(false),
  }),
  pg({
    name: "function-defaults",
    class: "defaults",
    before: "CREATE TABLE tokens (id serial PRIMARY KEY, token text NOT NULL, expires timestamptz);",
    after: `CREATE TABLE tokens (id serial PRIMARY KEY, token text DEFAULT md5(random()::text) NOT NULL,
      expires timestamptz DEFAULT (now() + '1 day'::interval), uid uuid DEFAULT gen_random_uuid());`,
    seed: "INSERT INTO tokens (token) VALUES ('abc');",
    expect: converges(false),
  }),
  // ── nullability ──
  pg({
    name: "drop-not-null",
    class: "nullability",
    before: products("description text NOT NULL DEFAULT ''"),
    after: products("description text DEFAULT ''"),
    seed: productRows,
    expect: converges(false),
  }),
  pg({
    name: "set-not-null-without-nulls",
    class: "nullability",
    before: products("color varchar(20)"),
    after: products("color varchar(20) NOT NULL"),
    seed: `${productRows} UPDATE products SET color = 'red';`,
    expect: converges(false),
  }),
  pg({
    name: "add-not-null-column-with-default",
    class: "nullability",
    before: products(""),
    after: products("stock integer DEFAULT 0 NOT NULL"),
    seed: productRows,
    expect: converges(false),
  }),
  pg({
    name: "add-not-null-datetime-temporary-default",
    class: "nullability",
    note: "issue 9 3.3: a NOT NULL date-time column on a populated table gets PormG's temporary default",
    before: "CREATE TABLE members (id serial PRIMARY KEY, email text NOT NULL);",
    after: "CREATE TABLE members (id serial PRIMARY KEY, email text NOT NULL, joined_at timestamptz NOT NULL);",
    seed: "INSERT INTO members (email) VALUES ('a@x'), ('b@x');",
    expect: converges(false),
  }),
  pg({
    name: "add-not-null-column-to-populated-table-refused",
    class: "nullability",
    before: "CREATE TABLE members (id serial PRIMARY KEY, email text NOT NULL);",
    after: "CREATE TABLE members (id serial PRIMARY KEY, email text NOT NULL, level integer NOT NULL);",
    seed: "INSERT INTO members (email) VALUES ('a@x');",
    expect: { refused: "PRECHECK_FAILED", names: ["members", "level"], at: "migrate" },
  }),
  // ── data steps ──
  pg({
    name: "set-not-null-with-pre-step",
    class: "data-steps",
    note: "issue 9 3.2: a rows finding handled by a Data (pre) step applies in one migrate",
    before: "CREATE TABLE authors (id serial PRIMARY KEY, name text);",
    after: "CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);",
    seed: "INSERT INTO authors (name) VALUES ('ann'), (NULL), (NULL);",
    dataPre: `UPDATE "authors" SET "name" = 'anonymous' WHERE "name" IS NULL;`,
    valuesChange: ["authors.name"],
    expect: converges(false),
  }),
  pg({
    name: "backfill-new-column-post-step",
    class: "data-steps",
    before: "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL);",
    after: "CREATE TABLE users (id serial PRIMARY KEY, email text NOT NULL, email_lower text);",
    seed: "INSERT INTO users (email) VALUES ('Ann@X.org'), ('BOB@y.org');",
    dataPost: `UPDATE "users" SET "email_lower" = lower("email") WHERE "email_lower" IS NULL;`,
    expect: converges(false),
  }),
  pg({
    name: "narrow-varchar-with-pre-step",
    class: "data-steps",
    before: "CREATE TABLE slugs (id serial PRIMARY KEY, slug varchar(200) NOT NULL);",
    after: "CREATE TABLE slugs (id serial PRIMARY KEY, slug varchar(10) NOT NULL);",
    seed: "INSERT INTO slugs (slug) VALUES ('short'), ('a-very-long-slug-indeed');",
    dataPre: `UPDATE "slugs" SET "slug" = left("slug", 10) WHERE length("slug") > 10;`,
    valuesChange: ["slugs.slug"],
    expect: converges(false),
  }),
];
