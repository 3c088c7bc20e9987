/**
 * The CHECK texts the models produce must equal what PostgreSQL gives back (pg_get_constraintdef,
 * then canonicalExpression), so models and introspected databases compare equal.
 */
import { expect, test } from "bun:test";
import { connect } from "../../../src/dialect/connect.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { Models } from "../../../src/model/models.ts";
import { modelsToSchema } from "../../../src/model/to-schema.ts";
import { canonicalExpression } from "../../../src/schema/expression.ts";

const url = process.env.PORMG_TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/test";

test("postgresql: non-negative and byte-length CHECKs match pg_get_constraintdef", async () => {
  const model = Models.Model({
    laps: Models.PositiveIntegerField(),
    Order: Models.PositiveSmallIntegerField(),
    order: Models.PositiveIntegerField(),
    value: Models.PositiveIntegerField(),
    blob: Models.BinaryField({ maxLength: 64 }),
  });
  const declared = modelsToSchema({ Checked: model }, dialectNamed("postgresql")).schema.tables[0]?.checks;
  const schema = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 12)}`;
  const db = await connect({ dialect: "postgresql", url });
  try {
    await db.execute(`CREATE SCHEMA "${schema}"`);
    await db.execute(
      `CREATE TABLE "${schema}"."checked" ("laps" integer NOT NULL CHECK ("laps" >= 0), "Order" smallint NOT NULL CHECK ("Order" >= 0), ` +
        `"order" integer NOT NULL CHECK ("order" >= 0), "value" integer NOT NULL CHECK ("value" >= 0), ` +
        `"blob" bytea NOT NULL CHECK (octet_length("blob") <= 64))`,
    );
    const rows = await db.query<{ name: string; def: string }>(
      "SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS def FROM pg_constraint c " +
        "JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = $1 AND c.contype = 'c' ORDER BY 1",
      [schema],
    );
    const live: { name?: string; expression: string }[] = rows
      .map((r) => ({ name: r.name, expression: canonicalExpression(r.def.replace(/^CHECK /, "")) }))
      .sort((a, b) => (a.expression < b.expression ? -1 : 1));
    expect(live).toEqual([...(declared ?? [])]);
  } finally {
    await db.execute(`DROP SCHEMA "${schema}" CASCADE`);
    await db.close();
  }
});
