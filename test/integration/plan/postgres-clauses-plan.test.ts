import { afterEach, describe, expect, test } from "bun:test";
import { executePlan } from "../../../src/apply/execute-plan.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { schemaDifferences } from "../../../src/diff/differences.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { Column, ForeignKey, Schema, Table } from "../../../src/schema/ir.ts";
import { normalizeSchema } from "../../../src/schema/normalize.ts";
import { createTestSchema, type TestSchema } from "../introspect/postgres-helpers.ts";
import { count } from "./apply.ts";

/**
 * A change in any PostgreSQL clause the IR carries is seen by `check` (naming the clause) and
 * planned; the plan runs on the real server and the database then agrees with the target.
 */

const open: TestSchema[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((t) => t.dispose()));
});

async function fresh(setup: string): Promise<TestSchema> {
  const t = await createTestSchema();
  open.push(t);
  await t.run(setup);
  return t;
}

/** The live schema with one table changed by `edit`, normalized: the models' side of a case. */
function edited(live: Schema, name: string, edit: (t: Table) => Table): Schema {
  return normalizeSchema(
    { ...live, tables: live.tables.map((t) => (t.name === name ? edit(t) : t)) },
    dialectNamed(live.dialect),
  );
}

const column = (t: Table, name: string, edit: (c: Column) => Column): Table => ({
  ...t,
  columns: t.columns.map((c) => (c.name === name ? edit(c) : c)),
});
const foreignKey = (t: Table, edit: (f: ForeignKey) => ForeignKey): Table => ({
  ...t,
  foreignKeys: t.foreignKeys.map(edit),
});
const without = <T extends object, K extends keyof T>(item: T, key: K): Omit<T, K> => {
  const { [key]: _, ...rest } = item;
  return rest;
};

/**
 * Checks that `check` reports `differences` between the target and the live database, plans,
 * applies with the executor, and converges. Returns the plan's step SQL and whether any step was
 * destructive.
 */
async function converge(
  t: TestSchema,
  target: Schema,
  differences: readonly string[],
): Promise<{ sql: string; destructive: boolean }> {
  const live = await t.introspect();
  expect(
    schemaDifferences(target, live.schema, dialectNamed(live.schema.dialect)).map(
      (d) => `${d.table}${d.column ? `.${d.column}` : ""}: ${d.what}`,
    ),
  ).toEqual([...differences]);
  const ops = await planOperations(live.schema, target, dialectNamed(live.schema.dialect));
  const steps = renderOperations(ops, postgresDialect, renderContext(live));
  await executePlan(t.driver, postgresDialect, steps, { schema: t.name });
  const after = await t.introspect();
  expect(schemaDifferences(target, after.schema, dialectNamed(after.schema.dialect))).toEqual([]);
  expect(await planOperations(after.schema, target, dialectNamed(after.schema.dialect))).toEqual([]);
  return { sql: steps.map((s) => s.sql).join("\n"), destructive: steps.some((s) => s.destructive) };
}

describe("postgres: storage parameters are planned in place", () => {
  test("table and TOAST parameters: set, change and reset", async () => {
    const t = await fresh("CREATE TABLE doc (id int, body text) WITH (fillfactor = 80, autovacuum_enabled = off)");
    const live = (await t.introspect()).schema;
    const target = edited(live, "doc", (x) => ({
      ...x,
      storage: { fillfactor: "70", "toast.autovacuum_enabled": "off" },
    }));
    const plan = await converge(t, target, [
      "doc: storage parameters: models fillfactor=70, toast.autovacuum_enabled=off, database autovacuum_enabled=off, fillfactor=80",
    ]);
    expect(plan.sql).toBe(
      'ALTER TABLE "doc" SET (fillfactor = 70, toast.autovacuum_enabled = \'off\');\nALTER TABLE "doc" RESET (autovacuum_enabled);',
    );
    expect(plan.destructive).toBe(false);
  });

  test("an index's, a unique's and a primary key's parameters, ALTER INDEX under the live name", async () => {
    const t = await fresh(`
      CREATE TABLE item (id int PRIMARY KEY, code text, name text,
        CONSTRAINT item_code_key UNIQUE (code) WITH (fillfactor = 60));
      CREATE INDEX item_name_idx ON item (name) WITH (deduplicate_items = off);
    `);
    const live = (await t.introspect()).schema;
    const target = edited(live, "item", (x) => ({
      ...x,
      primaryKey: { columns: ["id"], storage: { fillfactor: "90" } },
      uniques: x.uniques.map((u) => without(u, "storage")),
      indexes: x.indexes.map((i) => ({ ...i, storage: { fillfactor: "75" } })),
    }));
    const plan = await converge(t, target, [
      "item: primary key (id): storage parameters: models fillfactor=90, database none",
      "item: unique constraint (code): storage parameters: models none, database fillfactor=60",
      "item: index (name): storage parameters: models fillfactor=75, database deduplicate_items=off",
    ]);
    expect(plan.sql).toContain('ALTER INDEX "item_pkey" SET (fillfactor = 90);');
    expect(plan.sql).toContain('ALTER INDEX "item_code_key" RESET (fillfactor);');
    expect(plan.sql).toContain('ALTER INDEX "item_name_idx" SET (fillfactor = 75);');
    expect(plan.destructive).toBe(false);
  });
});

describe("postgres: constraint timing", () => {
  const setup = `
    CREATE TABLE parent (id int PRIMARY KEY);
    CREATE TABLE child (id int NOT NULL, parent_id int, code int, CONSTRAINT child_code_key UNIQUE (code));
    ALTER TABLE child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id);
  `;

  test("a foreign key goes NOT DEFERRABLE → INITIALLY IMMEDIATE → INITIALLY DEFERRED → NOT DEFERRABLE in place", async () => {
    const t = await fresh(setup);
    const steps: [Partial<ForeignKey>, string, string][] = [
      [{ deferred: false, deferrable: true }, "deferrable initially immediate", "not deferrable"],
      [{ deferred: true }, "deferrable initially deferred", "deferrable initially immediate"],
      [{ deferred: false }, "not deferrable", "deferrable initially deferred"],
    ];
    for (const [timing, models, database] of steps) {
      const live = (await t.introspect()).schema;
      const target = edited(live, "child", (x) => foreignKey(x, (f) => ({ ...without(f, "deferrable"), ...timing })));
      const plan = await converge(t, target, [
        `child: foreign key (parent_id) → parent(id) on delete no action on update no action: models ${models}, database ${database}`,
      ]);
      expect(plan.sql).toMatch(/^ALTER TABLE "child" ALTER CONSTRAINT "child_parent_id_fkey" (NOT )?DEFERRABLE/);
      expect(plan.destructive).toBe(false);
    }
  });

  test("a unique and a primary key become deferrable (re-created: PostgreSQL alters only foreign keys)", async () => {
    const t = await fresh(setup);
    const live = (await t.introspect()).schema;
    const target = edited(live, "child", (x) => ({
      ...x,
      primaryKey: { columns: ["id"], deferrable: "immediate" },
      uniques: x.uniques.map((u) => ({ ...u, deferrable: "deferred" as const })),
    }));
    const plan = await converge(t, target, [
      "child: primary key: models (id) deferrable initially immediate, database none",
      "child: unique constraint (code) deferrable initially deferred is missing in the database",
      "child: unique constraint (code) is in the database but not in the models",
    ]);
    expect(plan.sql).toContain('ADD CONSTRAINT "child_pkey" PRIMARY KEY ("id") DEFERRABLE INITIALLY IMMEDIATE;');
    expect(plan.sql).toContain('ADD CONSTRAINT "child_code_key" UNIQUE ("code") DEFERRABLE INITIALLY DEFERRED;');
  });
});

describe("postgres: foreign-key and check clauses", () => {
  test("MATCH FULL and ON DELETE SET NULL (cols) are re-created with the key", async () => {
    const t = await fresh(`
      CREATE TABLE parent (x int, y int, PRIMARY KEY (x, y));
      CREATE TABLE child (a int, b int);
      ALTER TABLE child ADD CONSTRAINT child_a_b_fkey FOREIGN KEY (a, b) REFERENCES parent (x, y);
    `);
    const live = (await t.introspect()).schema;
    const target = edited(live, "child", (x) =>
      foreignKey(x, (f) => ({ ...f, match: "full", onDelete: "SET NULL", onDeleteColumns: ["b"] })),
    );
    const plan = await converge(t, target, [
      "child: foreign key (a, b) → parent(x, y) match full on delete set null (b) on update no action is missing in the database",
      "child: foreign key (a, b) → parent(x, y) on delete no action on update no action is in the database but not in the models",
    ]);
    expect(plan.sql).toContain(
      'REFERENCES "parent" ("x", "y") MATCH FULL ON DELETE SET NULL ("b") ON UPDATE NO ACTION;',
    );
  });

  test("a NOT VALID key and check are validated, counting the rows that would fail first", async () => {
    const t = await fresh(`
      CREATE TABLE parent (id int PRIMARY KEY);
      CREATE TABLE child (id int, parent_id int, qty int);
      INSERT INTO child VALUES (1, 7, -1);
      ALTER TABLE child ADD CONSTRAINT child_parent_id_fkey FOREIGN KEY (parent_id) REFERENCES parent (id) NOT VALID;
      ALTER TABLE child ADD CONSTRAINT child_qty_check CHECK (qty >= 0) NOT VALID;
    `);
    const live = (await t.introspect()).schema;
    const target = edited(live, "child", (x) => ({
      ...foreignKey(x, (f) => without(f, "notValid")),
      checks: x.checks.map((k) => without(k, "notValid")),
    }));
    expect(schemaDifferences(target, live, dialectNamed(live.dialect))).toEqual([
      {
        table: "child",
        what: "foreign key (parent_id) → parent(id) on delete no action on update no action: not validated in the database (NOT VALID)",
      },
      { table: "child", what: "check (qty >= 0): not validated in the database (NOT VALID)" },
    ]);
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    const findings = classifyChanges(ops, postgresDialect);
    expect(findings.map((f) => f.reason)).toEqual([
      'validate_foreign_key (parent_id → parent): rows without a matching "parent" row fail',
      "validate_check (qty >= 0): rows where the condition is false fail",
    ]);
    for (const f of findings) expect(await count(t.driver, f.countSql as string)).toBe(1);
    await t.run("DELETE FROM child");
    const plan = await converge(t, target, [
      "child: foreign key (parent_id) → parent(id) on delete no action on update no action: not validated in the database (NOT VALID)",
      "child: check (qty >= 0): not validated in the database (NOT VALID)",
    ]);
    expect(plan.sql).toBe(
      'ALTER TABLE "child" VALIDATE CONSTRAINT "child_parent_id_fkey";\nALTER TABLE "child" VALIDATE CONSTRAINT "child_qty_check";',
    );
    // A target that is NOT VALID itself accepts the validated constraint.
    const lenient = (await t.introspect()).schema;
    const notValid = edited(lenient, "child", (x) => ({
      ...foreignKey(x, (f) => ({ ...f, notValid: true })),
      checks: x.checks.map((k) => ({ ...k, notValid: true as const })),
    }));
    expect(schemaDifferences(notValid, lenient, dialectNamed(lenient.dialect))).toEqual([]);
    expect(await planOperations(lenient, notValid, dialectNamed(lenient.dialect))).toEqual([]);
  });

  test("CHECK … NO INHERIT is re-created with the check", async () => {
    const t = await fresh("CREATE TABLE account (balance int, CONSTRAINT account_balance_check CHECK (balance >= 0))");
    const live = (await t.introspect()).schema;
    const target = edited(live, "account", (x) => ({
      ...x,
      checks: x.checks.map((k) => ({ ...k, noInherit: true as const })),
    }));
    const plan = await converge(t, target, [
      "account: check (balance >= 0) no inherit is missing in the database",
      "account: check (balance >= 0) is in the database but not in the models",
    ]);
    expect(plan.sql).toContain('ADD CONSTRAINT "account_balance_check" CHECK (balance >= 0) NO INHERIT;');
  });
});

describe("postgres: NULLS NOT DISTINCT", () => {
  test("a unique constraint and a unique index gain NULLS NOT DISTINCT; duplicate NULLs are counted first", async () => {
    const t = await fresh(`
      CREATE TABLE tag (a int, b int, name text, CONSTRAINT tag_a_b_key UNIQUE (a, b));
      CREATE UNIQUE INDEX tag_lower ON tag (lower(name));
      INSERT INTO tag VALUES (1, NULL, NULL), (1, NULL, NULL);
    `);
    const live = (await t.introspect()).schema;
    const target = edited(live, "tag", (x) => ({
      ...x,
      uniques: x.uniques.map((u) => ({ ...u, nullsNotDistinct: true as const })),
      indexes: x.indexes.map((i) => ({ ...i, nullsNotDistinct: true as const })),
    }));
    const ops = await planOperations(live, target, dialectNamed(live.dialect));
    const findings = classifyChanges(ops, postgresDialect);
    expect(findings.map((f) => f.reason)).toEqual([
      "add_unique nulls not distinct (a, b): rows sharing the same values fail",
      "add_unique nulls not distinct (index tag_lower): rows sharing the same key fail",
    ]);
    for (const f of findings) expect(await count(t.driver, f.countSql as string)).toBe(2);
    await t.run("DELETE FROM tag");
    const plan = await converge(t, target, [
      "tag: unique constraint (a, b) nulls not distinct is missing in the database",
      "tag: unique constraint (a, b) is in the database but not in the models",
      "tag: index unique ((lower(name))) nulls not distinct is missing in the database",
      "tag: index unique ((lower(name))) is in the database but not in the models",
    ]);
    expect(plan.sql).toContain('ADD CONSTRAINT "tag_a_b_key" UNIQUE NULLS NOT DISTINCT ("a", "b");');
    expect(plan.sql).toContain('CREATE UNIQUE INDEX "tag_lower" ON "tag" ((lower(name))) NULLS NOT DISTINCT;');
  });
});

describe("postgres: column collation", () => {
  test("set, keep through a type change, and back to the default", async () => {
    const t = await fresh('CREATE TABLE person (name varchar(10), nick text COLLATE "C")');
    const live = (await t.introspect()).schema;
    const first = edited(live, "person", (x) => column(x, "name", (c) => ({ ...c, collation: "C" })));
    const plan = await converge(t, first, ['person.name: collation: models "C", database default']);
    expect(plan.sql).toBe('ALTER TABLE "person" ALTER COLUMN "name" TYPE varchar(10) COLLATE "C";');
    // A type change alone keeps the collation (ALTER … TYPE would reset it without COLLATE).
    const second = edited((await t.introspect()).schema, "person", (x) =>
      column(x, "name", (c) => ({ ...c, type: { kind: "varchar", length: 20 } })),
    );
    const widened = await converge(t, second, ["person.name: type: models varchar(20), database varchar(10)"]);
    expect(widened.sql).toBe('ALTER TABLE "person" ALTER COLUMN "name" TYPE varchar(20) COLLATE "C";');
    const third = edited((await t.introspect()).schema, "person", (x) =>
      column(x, "nick", (c) => without(c, "collation")),
    );
    const reset = await converge(t, third, ['person.nick: collation: models default, database "C"']);
    expect(reset.sql).toBe('ALTER TABLE "person" ALTER COLUMN "nick" TYPE text COLLATE "default";');
  });

  test("to a nondeterministic collation: rows that become equal under a unique key are counted and fail", async () => {
    const t = await fresh(`
      CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE login (email text, CONSTRAINT login_email_key UNIQUE (email));
      INSERT INTO login VALUES ('a@x.org'), ('A@x.org'), ('b@x.org');
    `);
    const live = await t.introspect();
    const target = edited(live.schema, "login", (x) => column(x, "email", (c) => ({ ...c, collation: "ci" })));
    const ops = await planOperations(live.schema, target, dialectNamed(live.schema.dialect));
    const [finding, ...rest] = classifyChanges(ops, postgresDialect);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({
      table: "login",
      column: "email",
      kind: "rows",
      reason: "collation (ci) under unique (email): rows equal under the new collation fail",
    });
    expect(await count(t.driver, finding?.countSql as string)).toBe(2);
    const steps = renderOperations(ops, postgresDialect, renderContext(live));
    const failed = await executePlan(t.driver, postgresDialect, steps, { schema: t.name }).catch((e: unknown) => e);
    expect(isPormgError(failed, "STATEMENT_FAILED")).toBe(true);
    await t.run("DELETE FROM login WHERE email = 'A@x.org'");
    expect(await count(t.driver, finding?.countSql as string)).toBe(0);
    await converge(t, target, ['login.email: collation: models "ci", database default']);
  });

  test("a retype to a collated text type under a unique key counts the rows in the new type (an integer has no collation)", async () => {
    const t = await fresh(`
      CREATE COLLATION ci (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
      CREATE TABLE code (n integer, CONSTRAINT code_n_key UNIQUE (n));
      INSERT INTO code VALUES (1), (2);
    `);
    const live = await t.introspect();
    const target = edited(live.schema, "code", (x) =>
      column(x, "n", (c) => ({ ...c, type: { kind: "varchar", length: 20 }, collation: "ci" })),
    );
    const ops = await planOperations(live.schema, target, dialectNamed(live.schema.dialect));
    const findings = classifyChanges(ops, postgresDialect).filter((f) => f.reason.startsWith("collation"));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.countSql).toContain('CAST("n" AS varchar(20)) COLLATE "ci"');
    expect(await count(t.driver, findings[0]?.countSql as string)).toBe(0);
    await converge(t, target, [
      "code.n: type: models varchar(20), database integer",
      'code.n: collation: models "ci", database default',
    ]);
    // Back to an integer: no collation to count under, so no collation finding.
    const back = await planOperations((await t.introspect()).schema, live.schema, dialectNamed(live.schema.dialect));
    expect(classifyChanges(back, postgresDialect).filter((f) => f.reason.startsWith("collation"))).toEqual([]);
  });
});
