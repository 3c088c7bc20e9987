import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { executePlan } from "../../../src/apply/execute-plan.ts";
import type { Driver } from "../../../src/core/driver.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { renderMysqlSchema } from "../../../src/dialect/mysql/mysql-ddl.ts";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { renderPostgresSchema } from "../../../src/dialect/postgres/postgres-ddl.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { renderSqliteSchema } from "../../../src/dialect/sqlite/sqlite-ddl.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { schemaDifferences } from "../../../src/diff/differences.ts";
import type { RenameResolver } from "../../../src/diff/resolve-renames.ts";
import { introspect } from "../../../src/introspect/introspect.ts";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import { planOperations } from "../../../src/plan/plan-operations.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import { renderContext } from "../../../src/plan/render-context.ts";
import type { Schema, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { DIALECTS, dataFor } from "../../lib/dialects.ts";
import { sampleValue, schemaArb } from "../../lib/schema-arbitraries.ts";

const runs = Number(process.env.PORMG_PROPERTY_RUNS ?? 200);
/** Answers every rename question "a new table / a new column" (renames have their own tests). */
const allNew: RenameResolver = { decide: async () => null };
/** Quotes a name the connection's dialect's way. */
const quoter = (db: Driver) => (name: string) => dialectNamed(db.dialect).quoteIdent(name);

/** Inserts one row into every table (references left NULL), so the plan runs over real data. */
async function fill(db: Driver, schema: Schema, placeholder: (n: number) => string): Promise<void> {
  const q = quoter(db);
  for (const t of schema.tables) {
    const columns = t.columns.filter((c) => !c.name.startsWith("ref_") && !c.generated);
    const marks = columns.map((_, i) => placeholder(i + 1));
    const values = columns.map((c, i) => (c.name === "id" ? 1 : sampleValue(c.type, i)));
    await db.query(
      `INSERT INTO ${q(t.name)} (${columns.map((c) => q(c.name)).join(", ")}) VALUES (${marks.join(", ")})`,
      values,
    );
  }
}

async function counts(db: Driver, tables: readonly Table[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const q = quoter(db);
  for (const t of tables)
    out[t.name] = Number((await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${q(t.name)}`))[0]?.n);
  return out;
}

/**
 * Whether the plan's precheck would let it fail on the data: some `rows` finding counts affected
 * rows, or cannot be counted. A plan that passes its precheck must apply.
 */
async function precheckPredictsFailure(db: Driver, ops: readonly Operation[]): Promise<boolean> {
  for (const finding of classifyChanges(ops, dialectNamed(db.dialect))) {
    if (finding.kind !== "rows") continue;
    if (finding.countSql === undefined) return true;
    const [row] = await db.query<{ n: unknown }>(finding.countSql);
    if (Number(row?.n ?? 0) > 0) return true;
  }
  return false;
}

/** Each dialect's DDL for a whole schema, one statement per entry. */
const SCHEMA_DDL = [
  { dialect: postgresDialect, render: renderPostgresSchema },
  { dialect: sqliteDialect, render: renderSqliteSchema },
  { dialect: mysqlDialect, render: renderMysqlSchema },
];

for (const h of DIALECTS) {
  const dialect = h.name;
  const { render } = dataFor(SCHEMA_DDL, h);
  describe(`${dialect}: convergence on a real database (property)`, () => {
    test(`plan a → b, apply with the executor over data: converges, or fails where the precheck said and changes nothing (${runs} cases)`, async () => {
      let applied = 0;
      await fc.assert(
        fc.asyncProperty(schemaArb(dialect), schemaArb(dialect), async (a, b) => {
          const fresh = await h.freshDatabase();
          const db = fresh.driver;
          const schema = fresh.schema ?? "main";
          try {
            for (const statement of render(a)) await db.execute(statement);
            await fill(db, a, h.placeholder);
            const live = await introspect(db, dialectNamed(db.dialect), { schema });
            expect(schemaDifferences(a, live.schema, dialectNamed(live.schema.dialect))).toEqual([]);
            const ops = await planOperations(live.schema, b, dialectNamed(live.schema.dialect), { resolver: allNew });
            const steps = renderOperations(ops, dialectNamed(dialect), renderContext(live));
            const kept = live.schema.tables.filter((t) => b.tables.some((x) => x.name === t.name));
            const before = await counts(db, kept);
            const all = await counts(db, live.schema.tables);
            const mayFail = await precheckPredictsFailure(db, ops);
            try {
              await executePlan(db, dialectNamed(db.dialect), steps, { schema });
            } catch (error) {
              if (!isPormgError(error, "STATEMENT_FAILED")) throw error;
              // Only the data may make a plan fail, and only where a lossy finding said it could.
              if (!mayFail) throw new Error(`a plan whose precheck passes failed: ${(error as Error).message}`);
              if (h.dialect.capabilities.transactionalDdl) {
                // A plan that fails on the data rolls back completely.
                expect((await introspect(db, dialectNamed(db.dialect), { schema })).schema).toEqual(live.schema);
                expect(await counts(db, live.schema.tables)).toEqual(all);
              } else {
                // Without transactional DDL the steps before the failing one stay committed (the error
                // says how many); what they left is a schema pormg reads and plans from again.
                expect((error as Error).message).toContain("ran and committed before this one");
                const now = await introspect(db, dialectNamed(db.dialect), { schema });
                await planOperations(now.schema, b, dialectNamed(now.schema.dialect), { resolver: allNew });
              }
              return;
            }
            applied++;
            const after = await introspect(db, dialectNamed(db.dialect), { schema });
            expect(schemaDifferences(b, after.schema, dialectNamed(after.schema.dialect))).toEqual([]);
            expect(await planOperations(after.schema, b, dialectNamed(after.schema.dialect))).toEqual([]);
            expect(await counts(db, kept)).toEqual(before);
          } finally {
            await fresh.dispose();
          }
        }),
        { numRuns: runs },
      );
      expect(applied).toBeGreaterThan(runs / 4);
    }, 600_000);
  });
}
