import { afterAll, describe, expect, test } from "bun:test";
import { executePlan } from "../../../src/apply/execute-plan.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { schemaDifferences } from "../../../src/diff/differences.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { DIALECTS, type TestDatabase } from "../../lib/dialects.ts";

/**
 * Plans whose order a constraint would block (issue 9 §1.2): each case is a `before` schema with
 * rows, an `after` schema, both as SQL; the plan from one to the other must run with the real
 * executor, reach `after`, keep every row, and leave nothing to plan.
 */
interface Case {
  readonly name: string;
  readonly before: string;
  readonly seed: string;
  readonly after: string;
  /**
   * Only where column changes are ALTERs (capability `columnChange: "alter"`, PostgreSQL): the
   * rebuild that spells the same change elsewhere (SQLite) needs no special order.
   */
  readonly alterOnly?: boolean;
  /** MySQL's spelling of `after`, where it differs (a key over text needs a length: varchar). */
  readonly mysqlAfter?: string;
}

const cases: Case[] = [
  {
    name: "a column leaves a composite primary key and becomes nullable",
    before: "CREATE TABLE pair (a integer NOT NULL, b integer NOT NULL, PRIMARY KEY (a, b));",
    seed: "INSERT INTO pair VALUES (1, 1), (2, 2);",
    after: "CREATE TABLE pair (a integer, b integer NOT NULL PRIMARY KEY);",
  },
  {
    name: "a primary key that a foreign key uses becomes composite (the foreign key moves to a unique)",
    before:
      "CREATE TABLE parent (id integer PRIMARY KEY, code integer NOT NULL);" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
    seed: "INSERT INTO parent VALUES (1, 10); INSERT INTO child VALUES (1, 1);",
    after:
      "CREATE TABLE parent (id integer NOT NULL UNIQUE, code integer NOT NULL, PRIMARY KEY (id, code));" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
  },
  {
    name: "the unique a foreign key uses is dropped while the primary key takes its place",
    before:
      "CREATE TABLE parent (id integer NOT NULL UNIQUE, code integer NOT NULL, PRIMARY KEY (id, code));" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
    seed: "INSERT INTO parent VALUES (1, 10); INSERT INTO child VALUES (1, 1);",
    after:
      "CREATE TABLE parent (id integer PRIMARY KEY, code integer NOT NULL);" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
  },
  {
    name: "both sides of a foreign key change to an incompatible type",
    before:
      "CREATE TABLE parent (id integer PRIMARY KEY);" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
    seed: "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);",
    after:
      "CREATE TABLE parent (id text PRIMARY KEY);" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid text REFERENCES parent (id));",
    mysqlAfter:
      "CREATE TABLE parent (id varchar(20) PRIMARY KEY);" +
      "CREATE TABLE child (id integer PRIMARY KEY, pid varchar(20) REFERENCES parent (id));",
  },
  {
    name: "a unique column a foreign key references changes type with the referencing column",
    before:
      "CREATE TABLE parent (id integer PRIMARY KEY, code integer UNIQUE);" +
      "CREATE TABLE child (id integer PRIMARY KEY, code integer REFERENCES parent (code));",
    seed: "INSERT INTO parent VALUES (1, 7); INSERT INTO child VALUES (1, 7);",
    after:
      "CREATE TABLE parent (id integer PRIMARY KEY, code varchar(10) UNIQUE);" +
      "CREATE TABLE child (id integer PRIMARY KEY, code varchar(10) REFERENCES parent (code));",
  },
  {
    name: "a check reading two retyped columns",
    before: "CREATE TABLE r (id integer PRIMARY KEY, lo integer, hi integer, CHECK (lo < hi));",
    seed: "INSERT INTO r VALUES (1, 1, 2);",
    after: "CREATE TABLE r (id integer PRIMARY KEY, lo text, hi text, CHECK (lo < hi));",
    alterOnly: true,
  },
  {
    name: "a table the plan drops holds a foreign key to a primary key the plan replaces",
    before:
      "CREATE TABLE parent (id integer PRIMARY KEY, code integer NOT NULL);" +
      "CREATE TABLE gone (id integer PRIMARY KEY, pid integer REFERENCES parent (id));",
    seed: "INSERT INTO parent VALUES (1, 10); INSERT INTO gone VALUES (1, 1);",
    after: "CREATE TABLE parent (id integer NOT NULL, code integer NOT NULL, PRIMARY KEY (code));",
  },
];

async function rowCounts(db: Driver, live: LiveSchema): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const q = dialectNamed(db.dialect).quoteIdent;
  for (const t of live.schema.tables) {
    const [row] = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${q(t.name)}`);
    out[t.name] = Number(row?.n);
  }
  return out;
}

/** Plans live → target, runs it with the executor, and checks the result. */
async function planAndRun(db: Driver, live: () => Promise<LiveSchema>, target: LiveSchema, schema?: string) {
  const before = await live();
  const counts = await rowCounts(db, before);
  const ops = await planOperations(before.schema, target.schema, dialectNamed(before.schema.dialect), { hints: [] });
  const steps = renderOperations(ops, dialectNamed(db.dialect), renderContext(before));
  await executePlan(db, dialectNamed(db.dialect), steps, schema ? { schema } : {});
  const after = await live();
  expect(schemaDifferences(target.schema, after.schema, dialectNamed(after.schema.dialect))).toEqual([]);
  expect(await planOperations(after.schema, target.schema, dialectNamed(after.schema.dialect))).toEqual([]);
  const kept = Object.fromEntries(
    Object.entries(counts).filter(([t]) => target.schema.tables.some((x) => x.name === t)),
  );
  const now = await rowCounts(db, after);
  for (const [t, n] of Object.entries(kept)) expect(now[t]).toBe(n);
}

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const db of opened.splice(0)) await db.dispose();
});

for (const h of DIALECTS) {
  describe(`${h.name}: constraints never block the plan's order`, () => {
    for (const c of cases.filter((x) => !x.alterOnly || h.dialect.capabilities.columnChange === "alter")) {
      test(c.name, async () => {
        const target = await h.freshDatabase();
        const live = await h.freshDatabase();
        opened.push(target, live);
        await target.run((h.name === "mysql" ? c.mysqlAfter : undefined) ?? c.after);
        await live.run(`${c.before}${c.seed}`);
        await planAndRun(live.driver, () => live.introspect(), await target.introspect(), live.schema);
      });
    }
  });
}
