import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

/**
 * Issue 9.1.13 through the real CLI on PostgreSQL: a clause the models and the database disagree
 * on is never a silent "agree"; every clause imports into models that round-trip, renders from the
 * DSL into the database, and a change in any of them is planned and converges.
 */

afterAll(dropPlannerFolders);

interface CheckJson {
  readonly drift: boolean;
  readonly differences: readonly { table: string; column?: string; what: string }[];
}

function check(folder: PlannerFolder, code: number): CheckJson {
  return folder.json(["check"], code) as unknown as CheckJson;
}

const whats = (result: CheckJson) =>
  result.differences.map((d) => `${d.table}${d.column ? `.${d.column}` : ""}: ${d.what}`);

/** Each case: the database as someone else wrote it, and models that leave the clause out. */
const silentBefore: readonly { clause: string; sql: string; models: string; difference: string }[] = [
  {
    clause: "UNIQUE NULLS NOT DISTINCT constraint",
    sql: "CREATE TABLE tag (name text, CONSTRAINT tag_name_key UNIQUE NULLS NOT DISTINCT (name));",
    models: `export const Tag = Models.Model(
      { name: Models.TextField({ null: true }) },
      { constraints: [Models.UniqueConstraint({ fields: ["name"] })] },
    );`,
    difference: "tag: unique constraint (name) is missing in the database",
  },
  {
    clause: "DEFERRABLE INITIALLY IMMEDIATE foreign key vs NOT DEFERRABLE",
    sql: `CREATE TABLE team (id int PRIMARY KEY);
      CREATE TABLE player (id int PRIMARY KEY, team int REFERENCES team (id) DEFERRABLE INITIALLY IMMEDIATE);`,
    models: `export const Team = Models.Model({ id: Models.IntegerField({ primaryKey: true }) });
      export const Player = Models.Model({
        id: Models.IntegerField({ primaryKey: true }),
        team: Models.ForeignKey(Team, { null: true, deferred: false, dbIndex: false }),
      });`,
    difference:
      "player: foreign key (team) → team(id) on delete no action on update no action: models not deferrable, database deferrable initially immediate",
  },
  {
    clause: "DEFERRABLE unique constraint",
    sql: "CREATE TABLE slot (pos int, CONSTRAINT slot_pos_key UNIQUE (pos) DEFERRABLE INITIALLY DEFERRED);",
    models: "export const Slot = Models.Model({ pos: Models.IntegerField({ null: true, unique: true }) });",
    difference: "slot: unique constraint (pos) is missing in the database",
  },
  {
    clause: "MATCH FULL foreign key",
    sql: `CREATE TABLE p (a int, b int, PRIMARY KEY (a, b));
      CREATE TABLE c (a int, b int, CONSTRAINT c_a_b_fkey FOREIGN KEY (a, b) REFERENCES p (a, b) MATCH FULL);`,
    models: `export const P = Models.Model({ a: Models.IntegerField(), b: Models.IntegerField() }, { primaryKey: ["a", "b"] });
      export const C = Models.Model(
        { a: Models.IntegerField({ null: true }), b: Models.IntegerField({ null: true }) },
        { constraints: [Models.ForeignKeyConstraint({ fields: ["a", "b"], references: P, deferred: false })] },
      );`,
    difference: "c: foreign key (a, b) → p(a, b) on delete no action on update no action is missing in the database",
  },
  {
    clause: "index storage parameters",
    sql: "CREATE TABLE log (at int); CREATE INDEX log_at_idx ON log (at) WITH (fillfactor = 70);",
    models: "export const Log = Models.Model({ at: Models.IntegerField({ null: true, dbIndex: true }) });",
    difference: "log: index (at): storage parameters: models none, database fillfactor=70",
  },
  {
    clause: "CHECK … NO INHERIT",
    sql: "CREATE TABLE acct (bal int, CONSTRAINT acct_bal_check CHECK (bal >= 0) NO INHERIT);",
    models: `export const Acct = Models.Model(
      { bal: Models.IntegerField({ null: true }) },
      { constraints: [Models.CheckConstraint({ condition: "bal >= 0", name: "acct_bal_check" })] },
    );`,
    difference: "acct: check (bal >= 0) is missing in the database",
  },
  {
    clause: "column COLLATE",
    sql: 'CREATE TABLE word (w text COLLATE "C");',
    models: "export const Word = Models.Model({ w: Models.TextField({ null: true }) });",
    difference: 'word.w: collation: models default, database "C"',
  },
  {
    clause: "table storage parameters",
    sql: "CREATE TABLE hot (n int) WITH (fillfactor = 50);",
    models: "export const Hot = Models.Model({ n: Models.IntegerField({ null: true }) });",
    difference: "hot: storage parameters: models none, database fillfactor=50",
  },
];

describe("postgresql: a clause the models leave out is a difference, never a silent agree", () => {
  for (const c of silentBefore) {
    test(c.clause, async () => {
      const folder = await plannerFolder("postgresql", c.models, c.sql);
      const result = check(folder, 2);
      expect(whats(result)).toContain(c.difference);
      expectExit(folder.cli(["makemigrations", "--check"]), 2);
      folder.ok(["makemigrations"]);
      expectExit(folder.cli(["migrate", "--destructive"]), 0);
      expect(check(folder, 0).differences).toEqual([]);
      expectExit(folder.cli(["makemigrations", "--check"]), 0);
    }, 60_000);
  }
});

const everyClause = `
  CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
  CREATE TABLE parent (x int, y int, note text,
    CONSTRAINT parent_pkey PRIMARY KEY (x, y) WITH (fillfactor = 70)
  ) WITH (fillfactor = 80, toast.autovacuum_enabled = false);
  CREATE TABLE child (
    id int, a int, b int, code text COLLATE "C", email text COLLATE ci, tag varchar(20),
    CONSTRAINT child_pkey PRIMARY KEY (id) DEFERRABLE INITIALLY IMMEDIATE,
    CONSTRAINT child_code_key UNIQUE NULLS NOT DISTINCT (code) WITH (deduplicate_items = off),
    CONSTRAINT child_a_key UNIQUE (a) DEFERRABLE INITIALLY DEFERRED,
    CONSTRAINT child_a_check CHECK (a > 0) NO INHERIT
  );
  ALTER TABLE child ADD CONSTRAINT child_full FOREIGN KEY (a, b) REFERENCES parent (x, y)
    MATCH FULL ON DELETE SET NULL (b) DEFERRABLE;
  ALTER TABLE child ADD CONSTRAINT child_loose FOREIGN KEY (b, a) REFERENCES parent (x, y) NOT VALID;
  ALTER TABLE child ADD CONSTRAINT child_b_check CHECK (b > 0) NOT VALID;
  CREATE INDEX child_tag_idx ON child (tag) WITH (fillfactor = 60, deduplicate_items = off);
  CREATE UNIQUE INDEX child_lower_tag ON child (lower(code)) NULLS NOT DISTINCT;
`;

describe("postgresql: import-models carries every clause", () => {
  test("import → check clean → makemigrations plans nothing → schema from models equals schema from db", async () => {
    const folder = await plannerFolder("postgresql", "", everyClause);
    folder.ok(["import-models", "--force"]);
    const source = readFileSync(join(folder.dir, "models.ts"), "utf8");
    for (const option of [
      'deferrable: "immediate"',
      'deferrable: "deferred"',
      "nullsNotDistinct: true",
      "noInherit: true",
      "notValid: true",
      'match: "full"',
      'onDeleteFields: ["b"]',
      'collation: "C"',
      'collation: "ci"',
      'storage: { fillfactor: 80, "toast.autovacuum_enabled": false }',
      "storage: { deduplicate_items: false, fillfactor: 60 }",
    ])
      expect(source).toContain(option);
    expect(check(folder, 0).differences).toEqual([]);
    expect(folder.ok(["makemigrations", "--check"]).stdout).toContain("No changes");
    expect(folder.ok(["schema", "--from", "models"]).stdout).toBe(folder.ok(["schema", "--from", "db"]).stdout);
  }, 60_000);
});

const declared = (v: {
  pk: string;
  code: string;
  tag: string;
  timing: string;
  nulls: string;
  inherit: string;
  table: string;
}) => `
export const Parent = Models.Model(
  { x: Models.IntegerField(), y: Models.IntegerField(), note: Models.TextField({ null: true }) },
  { primaryKey: { fields: ["x", "y"], storage: { fillfactor: 70 } }, storage: ${v.table} },
);
export const Child = Models.Model(
  {
    id: Models.IntegerField(),
    a: Models.IntegerField({ null: true }),
    b: Models.IntegerField({ null: true }),
    code: Models.TextField({ null: true${v.code} }),
    tag: Models.CharField({ maxLength: 20, null: true }),
  },
  {
    primaryKey: { fields: ["id"]${v.pk} },
    indexes: [
      Models.Index({ fields: ["tag"], storage: ${v.tag} }),
      Models.Index({ fields: [{ expression: "lower(code)" }], name: "child_lower_code", unique: true${v.nulls} }),
    ],
    constraints: [
      Models.UniqueConstraint({ fields: ["a"], deferrable: "deferred" }),
      Models.UniqueConstraint({ fields: ["code"]${v.nulls} }),
      Models.CheckConstraint({ condition: "a > 0", name: "child_a_check"${v.inherit} }),
      Models.CheckConstraint({ condition: "b > 0", name: "child_b_check", notValid: true }),
      Models.ForeignKeyConstraint({
        fields: ["a", "b"], references: Parent, match: "full", onDelete: "SET_NULL", onDeleteFields: ["b"], ${v.timing}
      }),
    ],
  },
);
`;

describe("postgresql: models that declare every clause", () => {
  test("create, read back from the catalog, change each clause, converge", async () => {
    const first = {
      pk: ', deferrable: "immediate"',
      code: ', collation: "C"',
      tag: "{ fillfactor: 60 }",
      timing: 'deferrable: "immediate"',
      nulls: ", nullsNotDistinct: true",
      inherit: ", noInherit: true",
      table: "{ fillfactor: 80 }",
    };
    const folder = await plannerFolder("postgresql", declared(first));
    folder.ok(["makemigrations"]);
    expectExit(folder.cli(["migrate"]), 0);
    expect(check(folder, 0).differences).toEqual([]);
    // contype 'n': PostgreSQL 18 lists every NOT NULL as a constraint too; this test is about the others.
    const defs = await folder.rows<{ name: string; def: string }>(
      `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
        WHERE connamespace = $1::regnamespace AND conname NOT LIKE 'pormg%' AND contype <> 'n' ORDER BY 1`,
      [folder.schema],
    );
    expect(Object.fromEntries(defs.map((d) => [d.name, d.def]))).toEqual({
      child_a_b_fkey: "FOREIGN KEY (a, b) REFERENCES parent(x, y) MATCH FULL ON DELETE SET NULL (b) DEFERRABLE",
      child_a_check: "CHECK ((a > 0)) NO INHERIT",
      child_a_key: "UNIQUE (a) DEFERRABLE INITIALLY DEFERRED",
      child_b_check: "CHECK ((b > 0))",
      child_code_key: "UNIQUE NULLS NOT DISTINCT (code)",
      child_pkey: "PRIMARY KEY (id) DEFERRABLE",
      parent_pkey: "PRIMARY KEY (x, y)",
    });
    const options = await folder.rows<{ name: string; options: string[] | null }>(
      `SELECT relname AS name, reloptions AS options FROM pg_class
        WHERE relnamespace = $1::regnamespace AND reloptions IS NOT NULL ORDER BY 1`,
      [folder.schema],
    );
    expect(options.map((o) => `${o.name} ${o.options?.join(",")}`)).toEqual([
      "child_tag_idx fillfactor=60",
      "parent fillfactor=80",
      "parent_pkey fillfactor=70",
    ]);
    const [collation] = await folder.rows<{ c: string }>(
      `SELECT collname AS c FROM pg_attribute a JOIN pg_collation k ON k.oid = a.attcollation
        WHERE attrelid = (SELECT oid FROM pg_class WHERE relname = 'child' AND relnamespace = $1::regnamespace)
          AND attname = 'code'`,
      [folder.schema],
    );
    expect(collation?.c).toBe("C");

    folder.models(
      declared({
        pk: "",
        code: "",
        tag: "{ fillfactor: 90, deduplicate_items: false }",
        timing: "deferred: false",
        nulls: "",
        inherit: "",
        table: "{ fillfactor: 80, autovacuum_enabled: false }",
      }),
    );
    expect(whats(check(folder, 2)).sort()).toEqual(
      [
        'child.code: collation: models default, database "C"',
        "child: primary key: models (id), database (id) deferrable initially immediate",
        "child: foreign key (a, b) → parent(x, y) match full on delete set null (b) on update no action: models not deferrable, database deferrable initially immediate",
        "child: unique constraint (code) is missing in the database",
        "child: unique constraint (code) nulls not distinct is in the database but not in the models",
        "child: index (tag): storage parameters: models deduplicate_items=off, fillfactor=90, database fillfactor=60",
        "child: index unique ((lower(code))) is missing in the database",
        "child: index unique ((lower(code))) nulls not distinct is in the database but not in the models",
        "child: check (a > 0) is missing in the database",
        "child: check (a > 0) no inherit is in the database but not in the models",
        "parent: storage parameters: models autovacuum_enabled=off, fillfactor=80, database fillfactor=80",
      ].sort(),
    );
    folder.ok(["makemigrations"]);
    const plan = readFileSync(folder.pending, "utf8");
    expect(plan).toContain("ALTER TABLE \"parent\" SET (autovacuum_enabled = 'off');");
    expect(plan).toContain("ALTER INDEX \"child_tag_idx\" SET (deduplicate_items = 'off', fillfactor = 90);");
    expect(plan).toContain('ALTER TABLE "child" ALTER CONSTRAINT "child_a_b_fkey" NOT DEFERRABLE;');
    expect(plan).toContain('ALTER TABLE "child" ALTER COLUMN "code" TYPE text COLLATE "default";');
    expectExit(folder.cli(["migrate", "--destructive"]), 0);
    expect(check(folder, 0).differences).toEqual([]);
    expectExit(folder.cli(["makemigrations", "--check"]), 0);
  }, 60_000);

  test("PostgreSQL-only clauses are refused on SQLite, and CHECK constraints cannot be deferrable", async () => {
    const sqlite = await plannerFolder(
      "sqlite",
      `export const T = Models.Model(
        { a: Models.IntegerField({ null: true }), s: Models.TextField({ collation: "NOCASE" }) },
        {
          storage: { fillfactor: 70 },
          constraints: [Models.UniqueConstraint({ fields: ["a"], deferrable: "deferred", nullsNotDistinct: true })],
        },
      );`,
    );
    const refused = expectExit(sqlite.cli(["check"]), 78);
    for (const line of [
      'Model "T": storage exists only on PostgreSQL; remove it on SQLite',
      'Model "T": constraint 1 deferrable exists only on PostgreSQL; remove it on SQLite',
      'Model "T": constraint 1 nullsNotDistinct exists only on PostgreSQL; remove it on SQLite',
    ])
      expect(refused.stderr).toContain(line);
    // collation exists on both dialects: the SQLite one is not refused.
    expect(refused.stderr).not.toContain('field "s"');
    const pg = await plannerFolder(
      "postgresql",
      `export const T = Models.Model(
        { a: Models.IntegerField({ null: true, collation: "C" }) },
        { constraints: [Models.CheckConstraint({ condition: "a > 0", deferrable: "deferred" })] },
      );`,
    );
    const bad = expectExit(pg.cli(["check"]), 78);
    expect(bad.stderr).toContain(
      'Model "T": constraint 1 PostgreSQL cannot defer a CHECK constraint; remove deferrable',
    );
    expect(bad.stderr).toContain('Model "T" field "a": IntegerField is not a text column, so it takes no collation');
  }, 60_000);
});
