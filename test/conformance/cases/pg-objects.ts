import { type Case, converges, refused } from "../lib/case.ts";

const pg = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "postgresql" });

const shop = `
  CREATE TABLE customers (id serial PRIMARY KEY, email varchar(254) NOT NULL, deleted_at timestamptz);
  CREATE TABLE orders (id serial PRIMARY KEY, customer_id integer NOT NULL, total numeric(10,2) NOT NULL,
    placed_at timestamptz NOT NULL, meta jsonb);`;
const shopRows = `
  INSERT INTO customers (email) VALUES ('Ann@x.org'), ('bob@y.org');
  INSERT INTO orders (customer_id, total, placed_at, meta) VALUES
    (1, 10, '2024-01-01T00:00Z', '{"gift": true}'), (2, 20.5, '2024-01-02T00:00Z', NULL);`;

/** Foreign keys, indexes, renames, identity, generated columns, enums on PostgreSQL. */
export const PG_OBJECTS: readonly Case[] = [
  // ── foreign keys ──
  pg({
    name: "fk-added-on-delete-cascade",
    class: "foreign-keys",
    before: shop,
    after: `${shop} ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id)
      REFERENCES customers (id) ON DELETE CASCADE;`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "fk-action-changed",
    class: "foreign-keys",
    before: `${shop} ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id);`,
    after: `${shop} ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers (id)
      ON DELETE RESTRICT ON UPDATE CASCADE;`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "fk-self-reference-tree",
    class: "foreign-keys",
    before: "CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL);",
    after: `CREATE TABLE categories (id serial PRIMARY KEY, name text NOT NULL,
      parent_id integer REFERENCES categories (id) ON DELETE SET NULL);
      CREATE INDEX categories_parent_id_idx ON categories (parent_id);`,
    seed: "INSERT INTO categories (name) VALUES ('root'), ('leaf');",
    expect: converges(false),
  }),
  pg({
    name: "fk-composite-to-unique",
    class: "foreign-keys",
    before: `CREATE TABLE tenants_users (tenant_id integer NOT NULL, user_id integer NOT NULL, name text,
        PRIMARY KEY (tenant_id, user_id));
      CREATE TABLE notes (id serial PRIMARY KEY, tenant_id integer NOT NULL, user_id integer NOT NULL, body text);`,
    after: `CREATE TABLE tenants_users (tenant_id integer NOT NULL, user_id integer NOT NULL, name text,
        PRIMARY KEY (tenant_id, user_id));
      CREATE TABLE notes (id serial PRIMARY KEY, tenant_id integer NOT NULL, user_id integer NOT NULL, body text,
        CONSTRAINT notes_author_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES tenants_users (tenant_id, user_id));`,
    seed: "INSERT INTO tenants_users VALUES (1, 1, 'a'); INSERT INTO notes (tenant_id, user_id, body) VALUES (1, 1, 'hi');",
    expect: converges(false),
  }),
  pg({
    name: "fk-to-ignored-django-auth-user",
    class: "foreign-keys",
    note: "a Django app table referencing auth_user, which pormg ignores by default",
    before: `CREATE TABLE auth_user (id serial PRIMARY KEY, username varchar(150) NOT NULL UNIQUE);
      CREATE TABLE blog_post (id bigserial PRIMARY KEY, title varchar(200) NOT NULL,
        author_id integer NOT NULL REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED);`,
    after: `CREATE TABLE auth_user (id serial PRIMARY KEY, username varchar(150) NOT NULL UNIQUE);
      CREATE TABLE blog_post (id bigserial PRIMARY KEY, title varchar(200) NOT NULL, slug varchar(50),
        author_id integer NOT NULL REFERENCES auth_user (id) DEFERRABLE INITIALLY DEFERRED);
      CREATE INDEX blog_post_author_id_idx ON blog_post (author_id);`,
    seed: "INSERT INTO auth_user (username) VALUES ('ann'); INSERT INTO blog_post (title, author_id) VALUES ('Hello', 1);",
    expect: converges(false),
  }),
  // ── indexes ──
  pg({
    name: "index-partial-soft-delete",
    class: "indexes",
    before: shop,
    after: `${shop} CREATE UNIQUE INDEX customers_email_live ON customers (email) WHERE deleted_at IS NULL;`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-expression-lower",
    class: "indexes",
    note: "issue 9 1.1: lower(email) is stored as lower((email)::text)",
    before: shop,
    after: `${shop} CREATE INDEX customers_email_lower ON customers (lower(email));`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-desc-nulls-multicolumn",
    class: "indexes",
    before: shop,
    after: `${shop} CREATE INDEX orders_recent ON orders (customer_id, placed_at DESC NULLS LAST);`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-gin-jsonb-and-btree-opclass",
    class: "indexes",
    before: shop,
    after: `${shop} CREATE INDEX orders_meta_gin ON orders USING gin (meta jsonb_path_ops);
      CREATE INDEX customers_email_pattern ON customers (email varchar_pattern_ops);`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-include-columns",
    class: "indexes",
    before: shop,
    after: `${shop} CREATE INDEX orders_customer_cover ON orders (customer_id) INCLUDE (total, placed_at);`,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-dropped",
    class: "indexes",
    note: "docs/design.md §10: dropping an index removes no data",
    before: `${shop} CREATE INDEX orders_placed_at ON orders (placed_at);`,
    after: shop,
    seed: shopRows,
    expect: converges(false),
  }),
  pg({
    name: "index-partial-expression-changed",
    class: "indexes",
    before: `${shop} CREATE INDEX orders_big ON orders (total) WHERE total > 100;`,
    after: `${shop} CREATE INDEX orders_big ON orders (total) WHERE total > 1000 AND meta IS NOT NULL;`,
    seed: shopRows,
    expect: converges(false),
  }),
  // ── renames ──
  pg({
    name: "rename-table-with-hint",
    class: "renames",
    note: "a table rename keeps rows; its default-named key, index and sequence follow",
    before: `CREATE TABLE article (id serial PRIMARY KEY, title text NOT NULL UNIQUE);
      CREATE INDEX article_title_idx ON article (lower(title));`,
    after: `CREATE TABLE post (id serial PRIMARY KEY, title text NOT NULL UNIQUE);
      CREATE INDEX post_title_idx ON post (lower(title));`,
    seed: "INSERT INTO article (title) VALUES ('one'), ('two');",
    renames: ["article=post"],
    expect: converges(false),
  }),
  pg({
    name: "rename-column-with-hint",
    class: "renames",
    before: "CREATE TABLE people (id serial PRIMARY KEY, fname text NOT NULL, lname text);",
    after: "CREATE TABLE people (id serial PRIMARY KEY, first_name text NOT NULL, lname text);",
    seed: "INSERT INTO people (fname, lname) VALUES ('Ada', 'Lovelace');",
    renames: ["people.fname=people.first_name"],
    expect: converges(false),
  }),
  pg({
    name: "rename-ambiguous-without-hint",
    class: "renames",
    before: "CREATE TABLE people (id serial PRIMARY KEY, fname text NOT NULL);",
    after: "CREATE TABLE people (id serial PRIMARY KEY, given_name text NOT NULL);",
    seed: "INSERT INTO people (fname) VALUES ('Ada');",
    expect: refused("RENAME_AMBIGUOUS", "fname", "given_name"),
  }),
  pg({
    name: "rename-declined-drops-column",
    class: "renames",
    before: "CREATE TABLE people (id serial PRIMARY KEY, nick text NOT NULL);",
    after: "CREATE TABLE people (id serial PRIMARY KEY, handle text);",
    seed: "INSERT INTO people (nick) VALUES ('ada');",
    renames: ["people.nick="],
    expect: converges(true),
  }),
  pg({
    name: "rename-table-and-column-with-fk",
    class: "renames",
    before: `CREATE TABLE writers (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE books (id serial PRIMARY KEY, writer_id integer NOT NULL REFERENCES writers (id));`,
    after: `CREATE TABLE authors (id serial PRIMARY KEY, name text NOT NULL);
      CREATE TABLE books (id serial PRIMARY KEY, author_id integer NOT NULL REFERENCES authors (id));`,
    seed: "INSERT INTO writers (name) VALUES ('ann'); INSERT INTO books (writer_id) VALUES (1), (1);",
    renames: ["writers=authors", "books.writer_id=books.author_id"],
    expect: converges(false),
  }),
  // ── identity, serial, sequences ──
  pg({
    name: "serial-to-identity",
    class: "identity",
    before: "CREATE TABLE things (id serial PRIMARY KEY, name text);",
    after: "CREATE TABLE things (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name text);",
    seed: "INSERT INTO things (name) VALUES ('a'), ('b');",
    expect: converges(false),
  }),
  pg({
    name: "identity-always-added",
    class: "identity",
    before: "CREATE TABLE tickets (id bigint PRIMARY KEY, title text);",
    after: "CREATE TABLE tickets (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, title text);",
    seed: "INSERT INTO tickets VALUES (1, 'x'), (2, 'y');",
    expect: converges(false),
  }),
  pg({
    name: "owned-sequence-vs-serial",
    class: "identity",
    note: "issue 9 1.4: nextval on an owned sequence is serial",
    before: `CREATE SEQUENCE widgets_id_seq; CREATE TABLE widgets (id integer NOT NULL DEFAULT nextval('widgets_id_seq') PRIMARY KEY, n text);
      ALTER SEQUENCE widgets_id_seq OWNED BY widgets.id;`,
    after: "CREATE TABLE widgets (id serial PRIMARY KEY, n text);",
    seed: "INSERT INTO widgets (n) VALUES ('a');",
    expect: converges(false),
  }),
  pg({
    name: "free-sequence-default-to-serial",
    class: "identity",
    note: "issue 9 1.4: a default on a free-standing sequence versus serial. The column gets gadgets_id_seq of its own; the free sequence is the user's and stays (pormg never drops an unmanaged object), so the after side has it too",
    before: `CREATE SEQUENCE global_ids; CREATE TABLE gadgets (id integer NOT NULL DEFAULT nextval('global_ids') PRIMARY KEY, n text);`,
    after: "CREATE SEQUENCE global_ids; CREATE TABLE gadgets (id serial PRIMARY KEY, n text);",
    seed: "INSERT INTO gadgets (n) VALUES ('a'), ('b');",
    expect: converges(false),
  }),
  pg({
    name: "shared-free-sequence-to-serial",
    class: "identity",
    note: "two tables drawing ids from one free sequence, both made serial: each needs a sequence of its own (the free one stays, as above)",
    before: `CREATE SEQUENCE global_ids;
      CREATE TABLE invoices (id integer NOT NULL DEFAULT nextval('global_ids') PRIMARY KEY, n text);
      CREATE TABLE credit_notes (id integer NOT NULL DEFAULT nextval('global_ids') PRIMARY KEY, n text);`,
    after:
      "CREATE SEQUENCE global_ids; CREATE TABLE invoices (id serial PRIMARY KEY, n text); CREATE TABLE credit_notes (id serial PRIMARY KEY, n text);",
    seed: "INSERT INTO invoices (n) VALUES ('a'); INSERT INTO credit_notes (n) VALUES ('b'); INSERT INTO invoices (n) VALUES ('c');",
    expect: converges(false),
  }),
  pg({
    name: "identity-dropped-to-plain",
    class: "identity",
    before: "CREATE TABLE codes (id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v text);",
    after: "CREATE TABLE codes (id integer PRIMARY KEY, v text);",
    seed: "INSERT INTO codes (v) VALUES ('a');",
    expect: converges(false),
  }),
  pg({
    name: "bigserial-widened-from-serial",
    class: "identity",
    before: "CREATE TABLE hits (id serial PRIMARY KEY, path text);",
    after: "CREATE TABLE hits (id bigserial PRIMARY KEY, path text);",
    seed: "INSERT INTO hits (path) VALUES ('/'), ('/a');",
    expect: converges(false),
  }),
  // ── generated columns ──
  pg({
    name: "generated-column-added",
    class: "generated",
    note: "issue 9 1.3",
    before: "CREATE TABLE boxes (id serial PRIMARY KEY, w integer NOT NULL, h integer NOT NULL);",
    after:
      "CREATE TABLE boxes (id serial PRIMARY KEY, w integer NOT NULL, h integer NOT NULL, area integer GENERATED ALWAYS AS (w * h) STORED);",
    seed: "INSERT INTO boxes (w, h) VALUES (2, 3), (4, 5);",
    expect: converges(false),
  }),
  pg({
    name: "generated-expression-changed",
    class: "generated",
    note: "re-creating a generated column loses only derived values: not destructive",
    before: `CREATE TABLE people (id serial PRIMARY KEY, first text, last text,
      full_name text GENERATED ALWAYS AS (first || ' ' || last) STORED);`,
    after: `CREATE TABLE people (id serial PRIMARY KEY, first text, last text,
      full_name text GENERATED ALWAYS AS (coalesce(last, '') || ', ' || coalesce(first, '')) STORED);`,
    seed: "INSERT INTO people (first, last) VALUES ('Ada', 'Lovelace');",
    valuesChange: ["people.full_name"],
    expect: converges(false),
  }),
  pg({
    name: "generated-tsvector-search",
    class: "generated",
    before: "CREATE TABLE pages (id serial PRIMARY KEY, title text NOT NULL, body text);",
    after: `CREATE TABLE pages (id serial PRIMARY KEY, title text NOT NULL, body text,
      search tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, coalesce(title, '') || ' ' || coalesce(body, ''))) STORED);
      CREATE INDEX pages_search ON pages USING gin (search);`,
    seed: "INSERT INTO pages (title, body) VALUES ('Hello', 'world');",
    expect: converges(false),
  }),
  // ── enums ──
  pg({
    name: "enum-column-added",
    class: "enums",
    before: "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE diary (id serial PRIMARY KEY, note text);",
    after:
      "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy'); CREATE TABLE diary (id serial PRIMARY KEY, note text, feeling mood DEFAULT 'ok' NOT NULL);",
    seed: "INSERT INTO diary (note) VALUES ('x');",
    expect: converges(false),
  }),
  pg({
    name: "enum-to-other-enum",
    class: "enums",
    note: "issue 9 1.6: cast through text",
    before: `CREATE TYPE status_v1 AS ENUM ('open', 'closed'); CREATE TYPE status_v2 AS ENUM ('open', 'closed', 'archived');
      CREATE TABLE issues (id serial PRIMARY KEY, status status_v1 NOT NULL);`,
    after: `CREATE TYPE status_v1 AS ENUM ('open', 'closed'); CREATE TYPE status_v2 AS ENUM ('open', 'closed', 'archived');
      CREATE TABLE issues (id serial PRIMARY KEY, status status_v2 NOT NULL);`,
    seed: "INSERT INTO issues (status) VALUES ('open'), ('closed');",
    expect: converges(false),
  }),
  pg({
    name: "text-to-enum",
    class: "enums",
    before: "CREATE TYPE color AS ENUM ('red', 'green'); CREATE TABLE cars (id serial PRIMARY KEY, color text);",
    after: "CREATE TYPE color AS ENUM ('red', 'green'); CREATE TABLE cars (id serial PRIMARY KEY, color color);",
    seed: "INSERT INTO cars (color) VALUES ('red'), (NULL);",
    expect: converges(false),
  }),
  pg({
    name: "enum-array-and-domain",
    class: "enums",
    before: `CREATE TYPE role AS ENUM ('admin', 'user'); CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
      CREATE TABLE accounts (id serial PRIMARY KEY);`,
    after: `CREATE TYPE role AS ENUM ('admin', 'user'); CREATE DOMAIN posint AS integer CHECK (VALUE > 0);
      CREATE TABLE accounts (id serial PRIMARY KEY, roles role[] DEFAULT '{}' NOT NULL, quota posint);`,
    seed: "INSERT INTO accounts DEFAULT VALUES;",
    expect: converges(false),
  }),
];
