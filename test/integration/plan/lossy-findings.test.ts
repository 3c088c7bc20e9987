import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { classifyChanges } from "../../../src/plan/lossy.ts";
import type { LiveSchema } from "../../../src/schema/ir.ts";
import { DIALECTS, dataFor, type TestDatabase } from "../../lib/dialects.ts";
import { count } from "./apply.ts";
import { mysqlLossy } from "./lossy-mysql-data.ts";
import { postgresLossy } from "./lossy-postgres-data.ts";
import { sqliteLossy } from "./lossy-sqlite-data.ts";

for (const h of DIALECTS) {
  const data = dataFor([postgresLossy, sqliteLossy, mysqlLossy], h);

  describe(`${h.name} lossy findings: counts match the rows, and rows findings match failures`, () => {
    let db: TestDatabase;
    let live: LiveSchema;
    beforeAll(async () => {
      db = await h.freshDatabase();
      await db.run(data.setup);
      live = await db.introspect();
    });
    afterAll(async () => {
      await db?.dispose();
    });

    for (const [name, make, expected] of data.cases) {
      test(name, async () => {
        const op = make(live);
        const findings = classifyChanges([op], h.dialect);
        const counted: Record<string, number> = {};
        for (const f of findings) {
          expect(f.countSql).toBeDefined();
          counted[f.reason.split(/[ :]/)[0] as string] = await count(db.driver, f.countSql as string);
        }
        expect(counted).toEqual(expected);
        const failing = findings.some((f) => {
          const code = f.reason.split(/[ :]/)[0] as string;
          return f.kind === "rows" && counted[code] !== 0 && !data.fills?.includes(code);
        });
        expect(await data.runs(db.driver, live, op)).toBe(!failing);
      });
    }
  });
}
