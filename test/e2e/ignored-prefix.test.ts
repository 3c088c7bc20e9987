import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DIALECTS } from "../lib/dialects.ts";
import { dropPlannerFolders, expectExit, plannerFolder } from "../lib/planner-folder.ts";

afterAll(dropPlannerFolders);

const models = (options: string) => `
export const Author = Models.Model({ id: Models.IDField(), name: Models.TextField() });
export const Orders = Models.Model({ id: Models.IDField(), total: Models.IntegerField() }, { dbTable: "legacy_orders"${options} });
`;

for (const { name: dialect, dialect: d } of DIALECTS) {
  const q = d.quoteIdent;
  describe(`${dialect}: a model whose table an ignore prefix covers`, () => {
    test("is refused at load with the model, the table and the prefix; managed: false is fine", async () => {
      const f = await plannerFolder(
        dialect,
        models(""),
        `CREATE TABLE ${q("legacy_orders")} (${q("id")} integer PRIMARY KEY, ${q("total")} integer NOT NULL);`,
      );
      const yml = join(f.dir, "connection.yml");
      writeFileSync(yml, readFileSync(yml, "utf8").replace("  config:\n", "  ignore_tables: [legacy_]\n  config:\n"));
      for (const command of [["check"], ["makemigrations"], ["makemigrations", "--check"]]) {
        // On the code as it landed, makemigrations planned CREATE TABLE "legacy_orders" (which exists).
        const run = f.json(command, 78);
        expect((run.error as { code: string }).code).toBe("MODEL_INVALID");
        const message = (run.error as { message: string }).message;
        expect(message).toContain('Model "Orders": table "legacy_orders" starts with the ignored prefix "legacy_"');
        expect(message).toContain("ignore_tables in connection.yml");
      }
      f.models(models(", managed: false"));
      f.ok(["makemigrations"]);
      expect(readFileSync(f.pending, "utf8")).not.toContain("legacy_orders");
      f.ok(["migrate"]);
      expectExit(f.cli(["check"]), 0);
    }, 60_000);
  });
}
