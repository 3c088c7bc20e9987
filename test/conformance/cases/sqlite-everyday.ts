import { chinookSqliteScript } from "../../lib/chinook.ts";
import { type Case, converges } from "../lib/case.ts";
import { blog, blogRows } from "./sqlite-blog.ts";

const lite = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "sqlite" });

/** SQLite: types, defaults, keys, indexes, renames, quoting, data steps and application schemas. */
export const SQLITE_EVERYDAY: readonly Case[] = [
  // ── types, defaults, keys, indexes ──
  lite({
    name: "types-affinities",
    class: "types",
    before:
      "CREATE TABLE sample (id integer PRIMARY KEY, a int, b varchar(10), c real, d boolean, e datetime, f date);",
    after: `CREATE TABLE sample (id integer PRIMARY KEY, a bigint, b varchar(30), c double precision, d boolean NOT NULL DEFAULT 0,
      e datetime, f date, g decimal(10,2), h uuid, i json);`,
    seed: "INSERT INTO sample (a, b, c, d, e, f) VALUES (1, 'x', 1.5, 1, '2024-01-01 10:00:00', '2024-01-01');",
    expect: converges(false),
  }),
  lite({
    name: "text-to-integer-silent",
    class: "types",
    note: "text to a numeric affinity can change values silently: destructive",
    before: "CREATE TABLE reading (id integer PRIMARY KEY, v text);",
    after: "CREATE TABLE reading (id integer PRIMARY KEY, v integer);",
    seed: "INSERT INTO reading (v) VALUES ('1'), ('2');",
    valuesChange: ["reading.v"],
    expect: converges(true),
  }),
  lite({
    name: "defaults-expressions",
    class: "defaults",
    before: "CREATE TABLE event (id integer PRIMARY KEY, name text);",
    after: `CREATE TABLE event (id integer PRIMARY KEY, name text DEFAULT 'unnamed', at text DEFAULT CURRENT_TIMESTAMP,
      day text DEFAULT (date('now')), n integer DEFAULT -1, ratio real DEFAULT 0.5);`,
    seed: "INSERT INTO event (name) VALUES ('a');",
    expect: converges(false),
  }),
  lite({
    name: "unique-and-index-added",
    class: "indexes",
    before: blog(),
    after: blog(
      "slug text",
      ` CREATE UNIQUE INDEX post_slug ON post (slug);
      CREATE INDEX post_title_desc ON post (title DESC, id);`,
    ),
    seed: blogRows,
    expect: converges(false),
  }),
  lite({
    name: "partial-and-expression-index",
    class: "indexes",
    before: blog("deleted_at text"),
    after: blog(
      "deleted_at text",
      ` CREATE INDEX post_live ON post (author_id) WHERE deleted_at IS NULL;
      CREATE INDEX post_title_lower ON post (lower(title));`,
    ),
    seed: blogRows,
    expect: converges(false),
  }),
  lite({
    name: "index-dropped",
    class: "indexes",
    note: "docs/design.md §10: dropping an index removes no data",
    before: blog("", " CREATE INDEX post_title ON post (title);"),
    after: blog(),
    seed: blogRows,
    expect: converges(false),
  }),
  lite({
    name: "composite-unique-constraint",
    class: "keys",
    before: "CREATE TABLE vote (id integer PRIMARY KEY, user_id integer NOT NULL, post_id integer NOT NULL);",
    after:
      "CREATE TABLE vote (id integer PRIMARY KEY, user_id integer NOT NULL, post_id integer NOT NULL, UNIQUE (user_id, post_id));",
    seed: "INSERT INTO vote (user_id, post_id) VALUES (1, 1), (1, 2);",
    expect: converges(false),
  }),
  lite({
    name: "duplicate-rows-unique-refused-at-migrate",
    class: "keys",
    before: "CREATE TABLE vote (id integer PRIMARY KEY, user_id integer NOT NULL, post_id integer NOT NULL);",
    after:
      "CREATE TABLE vote (id integer PRIMARY KEY, user_id integer NOT NULL, post_id integer NOT NULL, UNIQUE (user_id, post_id));",
    seed: "INSERT INTO vote (user_id, post_id) VALUES (1, 1), (1, 1);",
    expect: { refused: "PRECHECK_FAILED", names: ["vote"], at: "migrate" },
  }),
  // ── renames, quoting, data steps ──
  lite({
    name: "rename-table-with-hint",
    class: "renames",
    before:
      "CREATE TABLE entry (id integer PRIMARY KEY, title text NOT NULL); CREATE INDEX entry_title ON entry (title);",
    after:
      "CREATE TABLE article (id integer PRIMARY KEY, title text NOT NULL); CREATE INDEX entry_title ON article (title);",
    seed: "INSERT INTO entry (title) VALUES ('a'), ('b');",
    renames: ["entry=article"],
    expect: converges(false),
  }),
  lite({
    name: "rename-column-with-hint",
    class: "renames",
    before: blog(),
    after: blog().replace("body text", "content text"),
    seed: blogRows,
    renames: ["post.body=post.content"],
    expect: converges(false),
  }),
  lite({
    name: "quoting-mixed-case-reserved-unicode",
    class: "quoting",
    before: `CREATE TABLE "Order" ("Id" integer PRIMARY KEY, "group" text, "café" text);`,
    after: `CREATE TABLE "Order" ("Id" integer PRIMARY KEY, "group" text NOT NULL DEFAULT 'x', "café" varchar(20), "select" integer,
      "a ""quoted"" name" text);
      CREATE INDEX "Order_group" ON "Order" ("group");`,
    seed: `INSERT INTO "Order" ("group", "café") VALUES ('a', 'crème');`,
    expect: converges(false),
  }),
  lite({
    name: "set-not-null-with-pre-step",
    class: "data-steps",
    before: "CREATE TABLE author (id integer PRIMARY KEY, name text);",
    after: "CREATE TABLE author (id integer PRIMARY KEY, name text NOT NULL);",
    seed: "INSERT INTO author (name) VALUES ('ann'), (NULL);",
    dataPre: `UPDATE "author" SET "name" = 'anonymous' WHERE "name" IS NULL;`,
    valuesChange: ["author.name"],
    expect: converges(false),
  }),
  lite({
    name: "add-not-null-date-temporary-default",
    class: "nullability",
    before: "CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL);",
    after: "CREATE TABLE member (id integer PRIMARY KEY, email text NOT NULL, joined date NOT NULL);",
    seed: "INSERT INTO member (email) VALUES ('a@x');",
    expect: converges(false),
  }),
  // ── applications ──
  lite({
    name: "django-contenttypes-auth-admin",
    class: "applications",
    note: "Django's contenttypes, auth and admin tables as SQLite stores them, one Django version later",
    before: `
      CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL, "name" varchar(100) NOT NULL);
      CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
      CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NOT NULL, "is_superuser" bool NOT NULL, "username" varchar(30) NOT NULL UNIQUE, "email" varchar(75) NOT NULL, "date_joined" datetime NOT NULL);
      CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action_time" datetime NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
      CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");`,
    after: `
      CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL);
      CREATE UNIQUE INDEX "django_content_type_app_label_model_76bd3d3b_uniq" ON "django_content_type" ("app_label", "model");
      CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "email" varchar(254) NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL DEFAULT '');
      CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "action_time" datetime NOT NULL, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED);
      CREATE INDEX "django_admin_log_content_type_id_c4bce8eb" ON "django_admin_log" ("content_type_id");
      CREATE INDEX "django_admin_log_user_id_c564eba6" ON "django_admin_log" ("user_id");`,
    seed: `INSERT INTO django_content_type (app_label, model, name) VALUES ('auth', 'user', 'user');
      INSERT INTO auth_user (password, last_login, is_superuser, username, email, date_joined) VALUES ('x', '2020-01-01', 1, 'ann', 'a@x', '2020-01-01');
      INSERT INTO django_admin_log (action_time, object_repr, action_flag, change_message, content_type_id, user_id) VALUES ('2020-01-01', 'ann', 1, '', 1, 1);`,
    expect: converges(true),
  }),
  lite({
    name: "rails-sqlite-next-version",
    class: "applications",
    before: `CREATE TABLE "schema_migrations" ("version" varchar NOT NULL PRIMARY KEY);
      CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar DEFAULT '' NOT NULL, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL);
      CREATE UNIQUE INDEX "index_users_on_email" ON "users" ("email");
      CREATE TABLE "articles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar, "user_id" integer NOT NULL, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL, CONSTRAINT "fk_rails_3d31dad1cc" FOREIGN KEY ("user_id") REFERENCES "users" ("id"));
      CREATE INDEX "index_articles_on_user_id" ON "articles" ("user_id");`,
    after: `CREATE TABLE "schema_migrations" ("version" varchar NOT NULL PRIMARY KEY);
      CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar DEFAULT '' NOT NULL, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL, "admin" boolean DEFAULT 0 NOT NULL);
      CREATE UNIQUE INDEX "index_users_on_email" ON "users" ("email");
      CREATE TABLE "articles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "title" varchar NOT NULL, "user_id" integer NOT NULL, "created_at" datetime(6) NOT NULL, "updated_at" datetime(6) NOT NULL, "status" integer DEFAULT 0, CONSTRAINT "fk_rails_3d31dad1cc" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE);
      CREATE INDEX "index_articles_on_user_id" ON "articles" ("user_id");
      CREATE INDEX "index_articles_on_status" ON "articles" ("status");`,
    seed: `INSERT INTO users (email, created_at, updated_at) VALUES ('a@x', '2024-01-01', '2024-01-01');
      INSERT INTO articles (title, user_id, created_at, updated_at) VALUES ('t', 1, '2024-01-01', '2024-01-01');`,
    expect: converges(false),
  }),
  lite({
    name: "wordpress-like-next-version",
    class: "applications",
    before: `CREATE TABLE wp_posts (ID integer PRIMARY KEY AUTOINCREMENT, post_author integer NOT NULL DEFAULT 0,
        post_title text NOT NULL, post_status varchar(20) NOT NULL DEFAULT 'publish', post_name varchar(190) NOT NULL DEFAULT '');
      CREATE INDEX post_name ON wp_posts (post_name);
      CREATE TABLE wp_postmeta (meta_id integer PRIMARY KEY AUTOINCREMENT, post_id integer NOT NULL DEFAULT 0, meta_key varchar(255), meta_value text);
      CREATE INDEX post_id ON wp_postmeta (post_id);`,
    after: `CREATE TABLE wp_posts (ID integer PRIMARY KEY AUTOINCREMENT, post_author integer NOT NULL DEFAULT 0,
        post_title text NOT NULL, post_status varchar(20) NOT NULL DEFAULT 'publish', post_name varchar(200) NOT NULL DEFAULT '',
        post_type varchar(20) NOT NULL DEFAULT 'post');
      CREATE INDEX post_name ON wp_posts (post_name);
      CREATE INDEX type_status ON wp_posts (post_type, post_status);
      CREATE TABLE wp_postmeta (meta_id integer PRIMARY KEY AUTOINCREMENT, post_id integer NOT NULL DEFAULT 0, meta_key varchar(255), meta_value text);
      CREATE INDEX post_id ON wp_postmeta (post_id);
      CREATE INDEX meta_key ON wp_postmeta (meta_key);`,
    seed: `INSERT INTO wp_posts (post_title, post_name) VALUES ('Hello', 'hello');
      INSERT INTO wp_postmeta (post_id, meta_key, meta_value) VALUES (1, '_edit_lock', '1');`,
    expect: converges(false),
  }),
  lite({
    name: "chinook-next-version",
    class: "applications",
    note: "Chinook (test/fixtures/chinook): rebuilds of referenced tables keep every row",
    before: chinookSqliteScript(),
    after: `${chinookSqliteScript()}
      ALTER TABLE "Artist" ADD COLUMN "Country" NVARCHAR(60);
      CREATE INDEX "IFK_TrackName" ON "Track" ("Name");`,
    expect: converges(false),
  }),
  lite({
    name: "ignored-prefix-table-untouched",
    class: "quoting",
    note: "a table under an ignore_tables prefix is neither imported nor dropped; its rows stay",
    ignoreTables: ["tmp_"],
    before: `${blog()} CREATE TABLE tmp_import (id integer, payload text);`,
    after: blog("subtitle text"),
    seed: `${blogRows} INSERT INTO tmp_import VALUES (1, 'x'), (2, 'y');`,
    expect: converges(false),
  }),
];
