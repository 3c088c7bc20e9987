/**
 * A rename leaves the database as if the table had been created under its new name (issue 9): the
 * default-named key, uniques, foreign keys, checks, indexes and (PostgreSQL) the serial sequence
 * follow a table or column rename, `check` is clean after it, and nothing is left to plan.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import type { DialectName } from "../../src/core/dialect-name.ts";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { DIALECTS, dialectSelected } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, type PlannerFolder, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const models = (dialect: DialectName, model: string, code: string, options = "") => `
export const ${model} = Models.Model({
  id: Models.IDField(${dialect === "postgresql" ? "{ serial: true }" : ""}),
  ${code}: Models.CharField({ maxLength: 10, unique: true${options.includes("column") ? `, renamedFrom: "code"` : ""} }),
  qty: Models.PositiveIntegerField(),
  parent: Models.ForeignKey("self", { null: true, onDelete: "CASCADE" }),
  note: ${dialect === "mysql" ? "Models.CharField({ maxLength: 100, dbIndex: true })" : "Models.TextField({ dbIndex: true })"},
}${options.includes("table") ? `, { renamedFrom: "customer" }` : ""});
`;

/** The names of the table's constraints, indexes and owned sequences, sorted. */
async function objectNames(f: PlannerFolder, table: string): Promise<string[]> {
  if (f.dialect === "sqlite") {
    const rows = await f.rows<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
      [table],
    );
    return rows.map((r) => r.name);
  }
  if (f.dialect === "mysql") {
    // MySQL's primary key is always PRIMARY; a unique is an index and a constraint of the same name.
    const rows = await f.rows<{ name: string }>(
      `SELECT constraint_name AS name FROM information_schema.table_constraints
        WHERE table_schema = DATABASE() AND table_name = ? AND constraint_type <> 'PRIMARY KEY'
       UNION SELECT index_name FROM information_schema.statistics
        WHERE table_schema = DATABASE() AND table_name = ? AND index_name <> 'PRIMARY'
       ORDER BY 1`,
      [table, table],
    );
    return rows.map((r) => r.name);
  }
  const rows = await f.rows<{ name: string }>(
    `SELECT conname AS name FROM pg_constraint WHERE conrelid = $1::regclass
     UNION SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = $1::regclass
     UNION SELECT s.relname FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
            WHERE d.refobjid = $1::regclass AND d.deptype = 'a'
     ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.name);
}

for (const { name: dialect } of DIALECTS) {
  describe(`${dialect}: default names follow renames`, () => {
    test("a table and a column renamed at once: every default name is the fresh table's, check is clean", async () => {
      const fresh = await plannerFolder(dialect, models(dialect, "Client", "sku"));
      fresh.ok(["makemigrations"]);
      fresh.ok(["migrate"]);
      const expected = await objectNames(fresh, "client");

      const f = await plannerFolder(dialect, models(dialect, "Customer", "code"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql(
        "INSERT INTO customer (code, qty, note) VALUES ('a', 1, 'x'); INSERT INTO customer (code, qty, parent, note) VALUES ('b', 2, 1, 'y');",
      );
      expect(await objectNames(f, "customer")).toEqual(
        expected.map((n) => n.replace(/^client/, "customer").replace("sku", "code")).sort(),
      );
      f.models(models(dialect, "Client", "sku", "table column"));
      expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
      const plan = readFileSync(f.pending, "utf8");
      if (dialect === "postgresql") {
        expect(plan).toContain('ALTER SEQUENCE customer_id_seq RENAME TO "client_id_seq";');
        expect(plan).toContain(
          'ALTER TABLE "client" RENAME CONSTRAINT "customer_parent_fkey" TO "client_parent_fkey";',
        );
        expect(plan).toContain('ALTER INDEX "customer_code_key" RENAME TO "client_sku_key";');
      }
      // MySQL renames indexes (a unique's too) but cannot rename a foreign key or a check: those keep
      // their live names, which compare by shape, so check is still clean (mysql-render.ts).
      const kept = (names: string[]) =>
        dialect === "mysql"
          ? names.map((n) => (/_(fkey|check)$/.test(n) ? n.replace(/^client/, "customer") : n)).sort()
          : names;
      if (dialect === "mysql") {
        expect(plan).toContain("ALTER TABLE `client` RENAME INDEX `customer_code_key` TO `client_sku_key`;");
        expect(plan).not.toContain("RENAME CONSTRAINT");
      }
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied" });
      expect(await objectNames(f, "client")).toEqual(kept(expected));
      expect(expectExit(f.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
      expect(f.json(["makemigrations", "--check"])).toMatchObject({ outcome: "nothing_to_do" });
      // The serial column still fills itself from its (renamed) sequence, after the existing rows.
      await f.sql("INSERT INTO client (sku, qty, note) VALUES ('c', 3, 'z');");
      expect((await f.rows("SELECT id FROM client WHERE sku = 'c'")).map((r) => Number(r.id))).toEqual([3]);
    }, 90_000);
  });
}

describe.skipIf(!dialectSelected(postgresDialect.name))(
  "postgresql: a renamed serial column that stops being serial in the same plan",
  () => {
    test("the sequence is named as the rename left it", async () => {
      const m = (model: string, id: string, from = "") =>
        `export const ${model} = Models.Model({ id: Models.IntegerField({ primaryKey: true, ${id} }), v: Models.TextField({ null: true }) }${from ? `, { renamedFrom: "${from}" }` : ""});`;
      const f = await plannerFolder("postgresql", m("T", "identity: { serial: true }"));
      f.ok(["makemigrations"]);
      f.ok(["migrate"]);
      await f.sql("INSERT INTO t (v) VALUES ('a'), ('b');");
      f.models(m("U", "identity: true", "t"));
      f.ok(["makemigrations"]);
      const plan = readFileSync(f.pending, "utf8");
      expect(plan).toContain('ALTER SEQUENCE t_id_seq RENAME TO "u_id_seq";');
      expect(plan).toContain("DROP SEQUENCE u_id_seq;");
      expect(f.json(["migrate"])).toMatchObject({ outcome: "applied", destructive: false });
      expectExit(f.cli(["check"]), 0);
      const [row] = await f.rows<{ id: number }>("INSERT INTO u (v) VALUES ('c') RETURNING id");
      expect(Number(row?.id)).toBe(3);
    }, 90_000);
  },
);
