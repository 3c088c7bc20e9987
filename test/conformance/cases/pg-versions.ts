import { type Case, converges } from "../lib/case.ts";

const pg = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "postgresql" });

/**
 * What differs between the PostgreSQL majors pormg supports (docs/postgres-versions.md): cases whose
 * syntax exists from a given major (`since`), and the catalog changes of 18 (named NOT NULL
 * constraints, virtual generated columns, `uuidv7()`). `.ci/run` runs the corpus on 13 to 18.
 */
export const PG_VERSIONS: readonly Case[] = [
  pg({
    name: "not-null-names-follow-renames",
    class: "renames",
    note: "PostgreSQL 18 names every NOT NULL <table>_<column>_not_null and a rename keeps the old name",
    before: `CREATE TABLE writer (id serial PRIMARY KEY, nick text NOT NULL, bio text);
      CREATE TABLE book (id serial PRIMARY KEY, title text NOT NULL, writer_id integer NOT NULL REFERENCES writer (id));`,
    after: `CREATE TABLE author (id serial PRIMARY KEY, pen_name text NOT NULL, bio text NOT NULL);
      CREATE TABLE book (id serial PRIMARY KEY, heading text NOT NULL, writer_id integer NOT NULL REFERENCES author (id));`,
    seed: "INSERT INTO writer (nick, bio) VALUES ('a', 'b'); INSERT INTO book (title, writer_id) VALUES ('t', 1);",
    renames: ["writer=author", "author.nick=author.pen_name", "book.title=book.heading"],
    expect: converges(false),
  }),
  pg({
    name: "virtual-generated-column",
    class: "generated",
    since: 18,
    note: "PostgreSQL 18: GENERATED ALWAYS AS (…) VIRTUAL (attgenerated = 'v')",
    before: "CREATE TABLE box (id serial PRIMARY KEY, w integer NOT NULL, h integer NOT NULL);",
    after: `CREATE TABLE box (id serial PRIMARY KEY, w integer NOT NULL, h integer NOT NULL,
      area integer GENERATED ALWAYS AS (w * h) VIRTUAL, half integer GENERATED ALWAYS AS (w / 2) STORED);`,
    seed: "INSERT INTO box (w, h) VALUES (2, 3), (4, 5);",
    expect: converges(false),
  }),
  pg({
    name: "uuidv7-default",
    class: "defaults",
    since: 18,
    note: "PostgreSQL 18: the built-in uuidv7()",
    before: "CREATE TABLE event (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());",
    after:
      "CREATE TABLE event (id bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT now(), ref uuid NOT NULL DEFAULT uuidv7());",
    seed: "INSERT INTO event (id) VALUES (1), (2);",
    valuesChange: ["event.ref"],
    expect: converges(false),
  }),
];
