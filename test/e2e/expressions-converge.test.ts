import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

/** Models written the natural way: PostgreSQL stores and prints nearly every expression differently. */
const PROJECT = `
export const Project = Models.Model(
  {
    id: Models.IDField(),
    name: Models.CharField({ maxLength: 40 }),
    status: Models.CharField({ maxLength: 10, default: "new" }),
    budget: Models.DecimalField({ maxDigits: 10, decimalPlaces: 2, default: "20.0" }),
    starts: Models.DateTimeField({ null: true, dbDefault: "'0001-01-01'::timestamp" }),
  },
  {
    constraints: [
      Models.CheckConstraint({ condition: "budget >= 0", name: "budget_ok" }),
      Models.CheckConstraint({ condition: "status IN ('new', 'done')", name: "status_ok" }),
    ],
    indexes: [
      Models.Index({ fields: [{ expression: "lower(name)" }], name: "project_lower_name" }),
      Models.Index({ fields: ["name"], condition: "budget > 0", name: "project_funded" }),
    ],
  },
);
`;

/** The database stays as the models say: check 0, nothing to plan, no drift signal. */
function expectConverged(f: PlannerFolder): void {
  expect(f.json(["check"])).toMatchObject({ drift: false, differences: [] });
  expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do", steps: 0 });
  const status = f.json(["status"]);
  expect((status.driftSignals as string[]).filter((s) => /differ|changed since/.test(s))).toEqual([]);
}

/** Every default of `schema`'s tables as PostgreSQL prints it, by `table.column`. */
async function defaults(f: PlannerFolder): Promise<Record<string, string>> {
  const rows = await f.rows<{ col: string; def: string }>(
    `SELECT c.relname || '.' || a.attname AS col, pg_get_expr(d.adbin, d.adrelid, true) AS def
       FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
      WHERE n.nspname = $1 AND c.relname NOT LIKE 'pormg\\_%' ORDER BY 1`,
    [f.schema],
  );
  return Object.fromEntries(rows.map((r) => [r.col, r.def]));
}

describe("postgresql: expressions converge", () => {
  test("a CHECK on a numeric column, an expression index, a partial index and cast defaults: migrate, then no drift", async () => {
    const f = await plannerFolder("postgresql", PROJECT);
    f.ok(["makemigrations"]);
    // dry-run --verify applies the plan in a rolled-back transaction and compares it with the models.
    expect(f.json(["dry-run", "--verify"])).toMatchObject({ verify: { ok: true, differences: [] } });
    f.ok(["migrate"]);
    // PostgreSQL stores them its own way …
    const [check] = await f.rows<{ def: string }>(
      "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'budget_ok'",
    );
    expect(check?.def).toBe("CHECK ((budget >= (0)::numeric))");
    // … and check, makemigrations and status still agree, run after run.
    expectConverged(f);
    expectConverged(f);
    expect((await defaults(f))["project.budget"]).toBe("20.0");
  }, 60_000);

  test("a generated column written a*2 converges against PostgreSQL's a * 2; timetz and length-less varchar defaults too", async () => {
    const f = await plannerFolder(
      "postgresql",
      `export const Item = Models.Model(
  {
    id: Models.IDField(),
    a: Models.IntegerField(),
    b: Models.IntegerField({ null: true, generated: { expression: "a*2", stored: true } }),
    label: Models.TextField({ null: true, generated: { expression: "'n' || a", stored: true } }),
    status: Models.CharField({ maxLength: null, default: "new" }),
    at: Models.TimeField({ withTimeZone: true, null: true, default: "12:00:00+00" }),
  },
  { constraints: [Models.CheckConstraint({ condition: "status <> ''", name: "status_ok" })] },
);`,
    );
    f.ok(["makemigrations"]);
    expect(f.json(["dry-run", "--verify"])).toMatchObject({ verify: { ok: true, differences: [] } });
    f.ok(["migrate"]);
    const generated = await f.rows<{ col: string; expr: string }>(
      `SELECT a.attname AS col, pg_get_expr(d.adbin, d.adrelid, true) AS expr
         FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
        WHERE d.adrelid = 'item'::regclass AND a.attgenerated = 's' ORDER BY 1`,
    );
    // PostgreSQL prints them its own way; the models' spelling still converges.
    expect(generated).toEqual([
      { col: "b", expr: "a * 2" },
      { col: "label", expr: "'n'::text || a" },
    ]);
    expect((await defaults(f))["item.at"]).toBe("'12:00:00+00'::time with time zone");
    expectConverged(f);
    await f.sql("INSERT INTO item (a) VALUES (3)");
    expect(await f.rows("SELECT b, label, status FROM item")).toEqual([{ b: 6, label: "n3", status: "new" }]);
    // An expression change is still seen, and re-creates the column.
    f.models(
      readFileSync(join(f.dir, "models.ts"), "utf8")
        .replace('import { Models } from "pormg";\n', "")
        .replace('"a*2"', '"a*3"'),
    );
    const changed = f.json(["check"], 2);
    expect(JSON.stringify(changed.differences)).toContain("generated");
    f.ok(["makemigrations"]);
    expect(readFileSync(f.pending, "utf8")).toContain(
      'ALTER TABLE "item" DROP COLUMN "b", ADD COLUMN "b" integer GENERATED ALWAYS AS (a*3) STORED;',
    );
    f.ok(["migrate"]);
    expectConverged(f);
  }, 90_000);

  test("a model change of one expression is one drop and one create, and converges", async () => {
    const f = await plannerFolder("postgresql", PROJECT);
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    f.models(PROJECT.replace("budget >= 0", "budget >= 1"));
    const check = f.json(["check"], 2);
    expect(check.differences).toEqual([
      { table: "project", what: "check (budget >= 1) is missing in the database" },
      { table: "project", what: "check (budget >= 0::numeric) is in the database but not in the models" },
    ]);
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", steps: 2 });
    f.ok(["migrate", "--destructive"]);
    expectConverged(f);
  }, 60_000);

  test("a literal date-time default converges, and again after its column changes time zone", async () => {
    const model = (withTimeZone: boolean) =>
      `export const Event = Models.Model({ id: Models.IDField(), at: Models.DateTimeField({ withTimeZone: ${withTimeZone}, default: "2020-01-01" }), label: Models.TextField({ default: "x" }) });`;
    const f = await plannerFolder("postgresql", model(false));
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    expectConverged(f);
    f.models(model(true).replace("TextField", "CharField").replace('default: "x"', 'maxLength: 5, default: "x"'));
    f.ok(["makemigrations"]);
    expect(readFileSync(f.pending, "utf8")).toContain(`ALTER COLUMN "at" SET DEFAULT '2020-01-01';`);
    f.ok(["migrate", "--destructive"]);
    expectConverged(f);
  }, 60_000);

  test("renaming the table and a column an expression reads plans the renames only", async () => {
    const f = await plannerFolder("postgresql", PROJECT);
    f.ok(["makemigrations"]);
    f.ok(["migrate"]);
    f.models(
      PROJECT.replace("export const Project = Models.Model(", "export const Venture = Models.Model(")
        .replace("budget: Models.DecimalField({", 'funds: Models.DecimalField({ renamedFrom: "budget",')
        .replaceAll("budget >", "funds >")
        .replace("indexes: [", 'renamedFrom: "project",\n    indexes: ['),
    );
    // The renames, and the key's default name following the table (project_pkey → venture_pkey).
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", steps: 3 });
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain('ALTER TABLE "project" RENAME TO "venture";');
    expect(plan).toContain('ALTER TABLE "venture" RENAME COLUMN "budget" TO "funds";');
    expect(plan).toContain('ALTER INDEX "project_pkey" RENAME TO "venture_pkey";');
    // Nothing an expression reads is dropped or re-created.
    expect(plan).not.toMatch(/DROP|CREATE|ADD CONSTRAINT/);
    f.ok(["migrate"]);
    expectConverged(f);
  }, 60_000);
});

/** A schema written by others (Django, Rails, hand-made SQL): every expression form handled. */
const FOREIGN = `
SET TIME ZONE 'UTC';
CREATE TABLE ticket (
  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
  status varchar(10) NOT NULL DEFAULT 'open',
  title varchar(80) NOT NULL,
  price numeric DEFAULT 20.0,
  price2 numeric(10,2) DEFAULT 20.00,
  delta numeric DEFAULT -1.5,
  delta2 numeric DEFAULT -1.5::numeric,
  ratio double precision DEFAULT -0.25,
  count integer DEFAULT 20.0,
  since timestamptz DEFAULT '0001-01-01'::timestamp,
  seen timestamptz DEFAULT '2020-01-01',
  created timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP,
  label text DEFAULT 'x'::character varying,
  CONSTRAINT ticket_status_check CHECK (status IN ('open', 'closed')),
  CONSTRAINT ticket_price_check CHECK (price >= 0 AND price2 >= 0)
);
CREATE INDEX ticket_lower_title ON ticket (lower(title));
CREATE INDEX ticket_open ON ticket (created) WHERE status = 'open';
`;

describe("postgresql: import-models on a schema written by others", () => {
  test("import-models, check exits 0, nothing to plan; migrate the imported models elsewhere: same defaults", async () => {
    const source = await plannerFolder("postgresql", "", FOREIGN);
    source.ok(["import-models", "--force"]);
    expectExit(source.cli(["check"]), 0);
    expectConverged(source);

    const copy = await plannerFolder("postgresql", "");
    writeFileSync(join(copy.dir, "models.ts"), readFileSync(join(source.dir, "models.ts")));
    copy.ok(["makemigrations"]);
    copy.ok(["migrate"]);
    expectConverged(copy);
    // Two forms come back as the same value spelled another way, as they would through pg_dump:
    // PostgreSQL prints the operator `-1.5::numeric` as `- 1.5`, which it parses back as the
    // constant -1.5; and a text column's `'x'::character varying` imports as the text "x" (the IR
    // reads a length-less varchar as text).
    const { "ticket.delta2": delta2, "ticket.label": label, ...same } = await defaults(source);
    expect(delta2).toBe("- 1.5");
    expect(label).toBe("'x'::character varying");
    expect(await defaults(copy)).toEqual({ ...same, "ticket.delta2": "'-1.5'::numeric", "ticket.label": "'x'::text" });
    expect((await defaults(copy))["ticket.price"]).toBe("20.0");
    expect((await defaults(copy))["ticket.since"]).toBe("'0001-01-01 00:00:00'::timestamp without time zone");
  }, 60_000);

  test("a negative numeric default: -1.5 and -1 differ, however the database spells -1.5", async () => {
    const decimal = (options: string) => `Models.DecimalField({ maxDigits: null, decimalPlaces: null${options} })`;
    const f = await plannerFolder(
      "postgresql",
      `export const M = Models.Model({ id: Models.IDField(), delta: ${decimal(", default: -1")}, delta2: ${decimal(", default: -1")}, delta3: ${decimal("")} });`,
      `CREATE TABLE m (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
         delta numeric NOT NULL DEFAULT -1.5, delta2 numeric NOT NULL DEFAULT -1.5::numeric, delta3 numeric NOT NULL DEFAULT -1.5::numeric)`,
    );
    expect(f.json(["check"], 2).differences).toEqual([
      { table: "m", column: "delta", what: "default: models -1, database -1.5" },
      { table: "m", column: "delta2", what: "default: models -1, database - 1.5" },
      { table: "m", column: "delta3", what: "default: models none, database - 1.5" },
    ]);
    // Written as -1.5, each agrees: the operator `- 1.5` is the constant once PostgreSQL parses it.
    f.models(
      `export const M = Models.Model({ id: Models.IDField(), delta: ${decimal(", default: -1.5")}, delta2: ${decimal(", default: -1.5")}, delta3: ${decimal(', dbDefault: "-1.5::numeric"')} });`,
    );
    expect(f.json(["check"])).toMatchObject({ drift: false });
  }, 60_000);

  test("a CURRENT_TIMESTAMP default the models leave out is drift, planned as DROP DEFAULT (a silent change)", async () => {
    const f = await plannerFolder(
      "postgresql",
      "export const E = Models.Model({ id: Models.IDField(), at: Models.DateTimeField() });",
      "CREATE TABLE e (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP)",
    );
    expect(f.json(["check"], 2).differences).toEqual([
      { table: "e", column: "at", what: "default: models none, database CURRENT_TIMESTAMP" },
    ]);
    // The existing lossy classification: new rows no longer get the default, a silent change.
    expect(f.json(["makemigrations"])).toMatchObject({
      outcome: "written",
      steps: 1,
      destructive: true,
      lossy: [{ table: "e", column: "at", kind: "silent", reason: expect.stringContaining("drop_default") }],
    });
    expect(readFileSync(f.pending, "utf8")).toContain('ALTER TABLE "e" ALTER COLUMN "at" DROP DEFAULT;');
    expect(f.cli(["migrate"]).code).toBe(3);
    f.ok(["migrate", "--destructive"]);
    expectConverged(f);
  }, 60_000);
});
