import { type Case, converges, refused } from "../lib/case.ts";

const lite = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "sqlite" });

/** SQLite rebuilds that must carry views, triggers, foreign keys from other tables and odd names. */
export const SQLITE_ADVERSARIAL: readonly Case[] = [
  lite({
    name: "rebuild-of-referenced-table-keeps-children",
    class: "rebuilds",
    note: "a rebuild of a parent keeps every child row (foreign keys off during the swap)",
    before: `CREATE TABLE customer (id integer PRIMARY KEY, name varchar(50) NOT NULL);
      CREATE TABLE invoice (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE);`,
    after: `CREATE TABLE customer (id integer PRIMARY KEY, name varchar(100) NOT NULL, vip boolean NOT NULL DEFAULT 0);
      CREATE TABLE invoice (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES customer (id) ON DELETE CASCADE);`,
    seed: "INSERT INTO customer VALUES (1, 'a'), (2, 'b'); INSERT INTO invoice VALUES (1, 1), (2, 1), (3, 2);",
    expect: converges(false),
  }),
  lite({
    name: "rebuild-keeps-view-over-table",
    class: "rebuilds",
    before: `CREATE TABLE item (id integer PRIMARY KEY, name text, price integer);
      CREATE VIEW cheap AS SELECT id, name FROM item WHERE price < 10;`,
    after: `CREATE TABLE item (id integer PRIMARY KEY, name text NOT NULL DEFAULT '', price integer);
      CREATE VIEW cheap AS SELECT id, name FROM item WHERE price < 10;`,
    seed: "INSERT INTO item (name, price) VALUES ('a', 5), ('b', 50);",
    expect: converges(false),
  }),
  lite({
    name: "rename-table-referenced-by-fk",
    class: "renames",
    before: `CREATE TABLE grp (id integer PRIMARY KEY, name text);
      CREATE TABLE member (id integer PRIMARY KEY, grp_id integer REFERENCES grp (id));`,
    after: `CREATE TABLE team (id integer PRIMARY KEY, name text);
      CREATE TABLE member (id integer PRIMARY KEY, grp_id integer REFERENCES team (id));`,
    seed: "INSERT INTO grp VALUES (1, 'a'); INSERT INTO member VALUES (1, 1);",
    renames: ["grp=team"],
    expect: converges(false),
  }),
  lite({
    name: "composite-fk-and-expression-index-kept",
    class: "rebuilds",
    before: `CREATE TABLE region (country text NOT NULL, code text NOT NULL, PRIMARY KEY (country, code));
      CREATE TABLE store (id integer PRIMARY KEY, country text, code text, name text,
        FOREIGN KEY (country, code) REFERENCES region (country, code));
      CREATE INDEX store_name_lower ON store (lower(name));`,
    after: `CREATE TABLE region (country text NOT NULL, code text NOT NULL, PRIMARY KEY (country, code));
      CREATE TABLE store (id integer PRIMARY KEY, country text, code text, name text NOT NULL DEFAULT '',
        FOREIGN KEY (country, code) REFERENCES region (country, code));
      CREATE INDEX store_name_lower ON store (lower(name));`,
    seed: "INSERT INTO region VALUES ('FR', 'IDF'); INSERT INTO store (country, code, name) VALUES ('FR', 'IDF', 'Paris');",
    expect: converges(false),
  }),
  lite({
    name: "case-insensitive-column-names",
    class: "sqlite-fidelity",
    note: "issue 9 2.6: columns Email and email are the same column",
    before: "CREATE TABLE person (Id integer PRIMARY KEY, Email text, FullName text);",
    after: "CREATE TABLE person (id integer PRIMARY KEY, email text NOT NULL DEFAULT '', fullname text);",
    seed: "INSERT INTO person (Email, FullName) VALUES ('a@x', 'Ann');",
    expect: converges(false),
  }),
  lite({
    name: "autoincrement-counter-kept-by-rebuild",
    class: "rebuilds",
    before: `CREATE TABLE ticket (id integer PRIMARY KEY AUTOINCREMENT, title text);`,
    after: `CREATE TABLE ticket (id integer PRIMARY KEY AUTOINCREMENT, title text NOT NULL DEFAULT 'untitled', prio integer);`,
    seed: "INSERT INTO ticket (title) VALUES ('a'), ('b'); DELETE FROM ticket WHERE id = 2;",
    expect: converges(false),
  }),
  lite({
    name: "rebuild-refused-primary-key-desc",
    class: "sqlite-fidelity",
    note: "issue 9 2.2: a rebuild would lose PRIMARY KEY DESC; refused naming the table",
    before: "CREATE TABLE log (seq integer PRIMARY KEY DESC, line text);",
    after: "CREATE TABLE log (seq integer PRIMARY KEY, line text NOT NULL DEFAULT '');",
    seed: "INSERT INTO log VALUES (1, 'a');",
    expect: refused("PLAN_REFUSED", "log"),
  }),
  lite({
    name: "rebuild-refused-match-clause",
    class: "sqlite-fidelity",
    before: `CREATE TABLE p (id integer PRIMARY KEY);
      CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p (id) MATCH SIMPLE, note text);`,
    after: `CREATE TABLE p (id integer PRIMARY KEY);
      CREATE TABLE c (id integer PRIMARY KEY, p_id integer REFERENCES p (id), note text NOT NULL DEFAULT '');`,
    seed: "INSERT INTO p VALUES (1); INSERT INTO c VALUES (1, 1, 'x');",
    expect: refused("PLAN_REFUSED", "c"),
  }),
  lite({
    name: "rebuild-refused-collation-in-table-key",
    class: "sqlite-fidelity",
    note: "a collation inside a table-level key is carried (KeyCollations): the models' plain key is rebuilt plain",
    before: "CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, UNIQUE (name COLLATE NOCASE, scope));",
    after:
      "CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, hits integer NOT NULL DEFAULT 0, UNIQUE (name, scope));",
    seed: "INSERT INTO tag VALUES ('a', 's');",
    expect: converges(false),
  }),
  lite({
    name: "collation-in-table-keys-kept-through-rebuild",
    class: "sqlite-fidelity",
    note: "collations inside a UNIQUE and a PRIMARY KEY are imported ({ field, collation }) and survive a rebuild",
    before:
      "CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, UNIQUE (name COLLATE NOCASE, scope)); CREATE TABLE code (k text NOT NULL, v integer, PRIMARY KEY (k COLLATE NOCASE)) WITHOUT ROWID;",
    after:
      "CREATE TABLE tag (name text NOT NULL, scope text NOT NULL, hits integer NOT NULL DEFAULT 0, UNIQUE (name COLLATE NOCASE, scope)); CREATE TABLE code (k text NOT NULL, v integer NOT NULL DEFAULT 0, PRIMARY KEY (k COLLATE NOCASE)) WITHOUT ROWID;",
    seed: "INSERT INTO tag VALUES ('a', 's'); INSERT INTO code VALUES ('x', 1);",
    expect: converges(false),
  }),
];
