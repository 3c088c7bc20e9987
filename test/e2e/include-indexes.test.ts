/**
 * PostgreSQL covering indexes (issue 9): `CREATE INDEX … (a) INCLUDE (b, c)`, unique ones and
 * `UNIQUE (…) INCLUDE (…)` constraints are part of the models (`include`), so import-models writes
 * them, `check` is clean, a database built from the models gets them, and a changed list re-creates
 * the index. Before, they were unmanaged: left out of the imported models, never created elsewhere.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const SQL = `
CREATE TABLE orders (
  id bigint PRIMARY KEY,
  customer_id bigint NOT NULL,
  placed_at timestamptz NOT NULL,
  total numeric(10,2) NOT NULL,
  code text NOT NULL,
  note text,
  CONSTRAINT orders_code_key UNIQUE (code) INCLUDE (note)
);
CREATE INDEX orders_customer_cover ON orders (customer_id) INCLUDE (placed_at, total);
CREATE UNIQUE INDEX orders_placed_cover ON orders (placed_at, id) INCLUDE (total);
CREATE INDEX orders_recent ON orders (placed_at DESC) INCLUDE (customer_id) WHERE total > 0;
INSERT INTO orders VALUES (1, 7, '2024-01-01', 10, 'a', NULL), (2, 7, '2024-01-02', 20, 'b', 'x');`;

/** Every index definition of `orders`, as PostgreSQL prints it. */
const definitions = async (f: Awaited<ReturnType<typeof plannerFolder>>) =>
  (
    await f.rows<{ d: string }>(
      "SELECT pg_get_indexdef(indexrelid) AS d FROM pg_index WHERE indrelid = 'orders'::regclass ORDER BY 1",
    )
  ).map((r) => r.d.replace(/ ON \S+\.orders /, " ON orders "));

describe("postgresql: INCLUDE indexes", () => {
  test("import-models writes include; check is clean; a database built from the models has the same indexes", async () => {
    const source = await plannerFolder("postgresql", "", SQL);
    expect(source.json(["import-models", "--force"])).toMatchObject({ models: 1, rawColumns: 0 });
    const models = readFileSync(join(source.dir, "models.ts"), "utf8");
    expect(models).toContain('include: ["placed_at", "total"]');
    expect(models).toContain('include: ["note"]');
    expect(expectExit(source.cli(["check"]), 0).stdout).toContain("The models and the database agree.");
    expect(source.json(["makemigrations"])).toMatchObject({ outcome: "nothing_to_do" });
    const unmanaged = source.json(["schema", "--from", "db"]).unmanaged as { kind: string }[];
    expect(unmanaged.filter((o) => o.kind === "index" || o.kind === "constraint")).toEqual([]);

    const built = await plannerFolder("postgresql", models.replace(/^import \{ Models \} from "pormg";\n/m, ""));
    built.ok(["makemigrations"]);
    built.ok(["migrate"]);
    expect(await definitions(built)).toEqual(await definitions(source));
    expectExit(built.cli(["check"]), 0);
  }, 90_000);

  test("changing the include list re-creates the index, without --destructive", async () => {
    const f = await plannerFolder("postgresql", "", SQL);
    f.ok(["import-models", "--force"]);
    const models = readFileSync(join(f.dir, "models.ts"), "utf8");
    f.models(
      models
        .replace(/^import \{ Models \} from "pormg";\n/m, "")
        .replace('include: ["placed_at", "total"]', 'include: ["total"]'),
    );
    expect(f.json(["check"], 2).differences).toEqual(
      expect.arrayContaining([expect.objectContaining({ what: expect.stringContaining("include (total)") })]),
    );
    expect(f.json(["makemigrations"])).toMatchObject({ outcome: "written", destructive: false });
    const plan = readFileSync(f.pending, "utf8");
    expect(plan).toContain('DROP INDEX "orders_customer_cover";');
    expect(plan).toContain(
      'CREATE INDEX CONCURRENTLY "orders_customer_cover" ON "orders" ("customer_id") INCLUDE ("total");',
    );
    expect(f.json(["migrate"])).toMatchObject({ outcome: "applied" });
    expectExit(f.cli(["check"]), 0);
    expect(await definitions(f)).toContain(
      "CREATE INDEX orders_customer_cover ON orders USING btree (customer_id) INCLUDE (total)",
    );
  }, 90_000);

  test("include is refused on SQLite and must name fields of the model", async () => {
    const sqlite = await plannerFolder(
      "sqlite",
      `export const T = Models.Model({ id: Models.IDField(), a: Models.IntegerField(), b: Models.IntegerField() }, { indexes: [Models.Index({ fields: ["a"], include: ["b"] })] });\n`,
    );
    expect(expectExit(sqlite.cli(["check"]), 78).stderr).toContain("include exists only on PostgreSQL");
    const pg = await plannerFolder(
      "postgresql",
      `export const T = Models.Model({ id: Models.IDField(), a: Models.IntegerField(), b: Models.IntegerField() }, { indexes: [Models.Index({ fields: ["a"], include: ["bb"] })] });\n`,
    );
    const refused = expectExit(pg.cli(["check"]), 78);
    expect(refused.stderr).toContain('include names unknown field "bb"');
  }, 60_000);
});
