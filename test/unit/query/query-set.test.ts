import { describe, expect, test } from "bun:test";
import { bindModels, query } from "../../../src/api/query.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { inspectQuery } from "../../../src/query/inspect-query.ts";
import { F1, Result } from "./f1-models.ts";

const pg = bindModels(F1, "postgresql");
const lite = bindModels(F1, "sqlite");

/** The PormgError `fn` throws (fails the test when it throws nothing or something else). */
function error(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (isPormgError(e)) return e;
    throw e;
  }
  throw new Error("expected a PormgError");
}

describe("query shape", () => {
  const q = (m: typeof pg) =>
    m.Result.objects
      .filter({ race__circuit__country: "Italy", "driver__surname__@icontains": "ham" })
      .exclude({ team__name: "Ferrari" })
      .orderBy("-race__year", "position")
      .limit(10)
      .offset(20);

  test("joins through two foreign keys, exclude, ordering, limit and offset: PostgreSQL", () => {
    const r = inspectQuery(q(pg));
    expect(r.sql).toBe(`SELECT
  "Tb"."resultId",
  "Tb"."raceId" AS "race",
  "Tb"."driverId" AS "driver",
  "Tb"."constructorId" AS "team",
  "Tb"."position",
  "Tb"."points"
FROM "result" AS "Tb"
INNER JOIN "race" AS "T1" ON "T1"."raceId" = "Tb"."raceId"
INNER JOIN "circuit" AS "T2" ON "T2"."circuitId" = "T1"."circuitId"
INNER JOIN "driver" AS "T3" ON "T3"."driverId" = "Tb"."driverId"
LEFT JOIN "teams" AS "T4" ON "T4"."constructorId" = "Tb"."constructorId"
WHERE "T2"."country" = $1
  AND "T3"."surname" ILIKE $2 ESCAPE '\\'
  AND NOT (("T4"."name" = $3 AND "T4"."name" IS NOT NULL))
ORDER BY "T1"."year" DESC, "Tb"."position" ASC
LIMIT 10
OFFSET 20`);
    expect(r).toMatchObject({
      parameters: ["Italy", "%ham%", "Ferrari"],
      dialect: "postgresql",
      model: "Result",
      table: "result",
      operation: "select",
      bucketing: "numbered",
      parameterCount: 3,
    });
    expect(r.buckets).toBeUndefined();
  });

  test("the same query on SQLite: positional parameters and their buckets", () => {
    const r = inspectQuery(q(lite));
    expect(r.sql).toContain(`WHERE "T2"."country" = ?
  AND lower("T3"."surname") LIKE lower(?) ESCAPE '\\'
  AND NOT (("T4"."name" = ? AND "T4"."name" IS NOT NULL))
ORDER BY "T1"."year" DESC, "Tb"."position" ASC
LIMIT 10
OFFSET 20`);
    expect(r).toMatchObject({ bucketing: "positional", parameterCount: 3 });
    expect(r.buckets).toEqual([{ clause: "where", parameters: ["Italy", "%ham%", "Ferrari"] }]);
  });

  test("values through foreign keys; aliases follow first use", () => {
    const r = inspectQuery(
      pg.Result.objects.values("driver__surname", "race__circuit__name", "points").filter({ race__year: 2024 }),
    );
    expect(r.sql).toBe(`SELECT
  "T1"."surname" AS "driver__surname",
  "T3"."name" AS "race__circuit__name",
  "Tb"."points"
FROM "result" AS "Tb"
INNER JOIN "driver" AS "T1" ON "T1"."driverId" = "Tb"."driverId"
INNER JOIN "race" AS "T2" ON "T2"."raceId" = "Tb"."raceId"
INNER JOIN "circuit" AS "T3" ON "T3"."circuitId" = "T2"."circuitId"
WHERE "T2"."year" = $1`);
  });

  test("a foreign key reached through a nullable one is a LEFT JOIN; several filter calls add up", () => {
    const r = inspectQuery(lite.Result.objects.filter({ team__name: "McLaren" }).filter({ position: 1 }));
    expect(r.sql).toContain('LEFT JOIN "teams" AS "T1" ON "T1"."constructorId" = "Tb"."constructorId"');
    expect(r.sql).toContain('WHERE "T1"."name" = ?\n  AND "Tb"."position" = ?');
  });

  test("exclude of several keys is NOT of all of them; NULL-safe only where a value can be NULL", () => {
    const r = inspectQuery(
      pg.Result.objects.exclude({ race__year: 2020, "position__@isnull": true, "position__@lt": 4 }),
    );
    expect(r.sql).toContain(
      'WHERE NOT ("T1"."year" = $1 AND "Tb"."position" IS NULL AND ("Tb"."position" < $2 AND "Tb"."position" IS NOT NULL))',
    );
  });

  test("count and exists", () => {
    const base = pg.Result.objects.filter({ race__year: 2024 }).orderBy("points");
    expect(inspectQuery(base, { operation: "count" }).sql).toBe(`SELECT COUNT(*) AS "count"
FROM "result" AS "Tb"
INNER JOIN "race" AS "T1" ON "T1"."raceId" = "Tb"."raceId"
WHERE "T1"."year" = $1`);
    expect(inspectQuery(base.limit(5).offset(2), { operation: "count" }).sql).toBe(`SELECT COUNT(*) AS "count" FROM (
  SELECT 1
  FROM "result" AS "Tb"
  INNER JOIN "race" AS "T1" ON "T1"."raceId" = "Tb"."raceId"
  WHERE "T1"."year" = $1
  LIMIT 5
  OFFSET 2
) AS "Tc"`);
    const exists = inspectQuery(base, { operation: "exists" });
    expect(exists.sql).toBe(`SELECT 1 AS "exists"
FROM "result" AS "Tb"
INNER JOIN "race" AS "T1" ON "T1"."raceId" = "Tb"."raceId"
WHERE "T1"."year" = $1
LIMIT 1`);
    expect(exists.operation).toBe("exists");
    expect(error(() => inspectQuery(base, { operation: "delete" as never })).message).toContain(
      "Valid operations: select, count, exists",
    );
  });

  test("SQLite writes OFFSET without a limit as LIMIT -1", () => {
    expect(inspectQuery(lite.Circuit.objects.offset(5)).sql).toEndWith('FROM "circuit" AS "Tb"\nLIMIT -1\nOFFSET 5');
    expect(inspectQuery(pg.Circuit.objects.offset(5)).sql).toEndWith('FROM "circuit" AS "Tb"\nOFFSET 5');
  });

  test("a QuerySet is immutable", () => {
    const all = pg.Race.objects;
    const some = all.filter({ year: 2024 });
    expect(inspectQuery(all).parameterCount).toBe(0);
    expect(inspectQuery(some).parameterCount).toBe(1);
    expect(inspectQuery(some.limit(1)).sql).toEndWith("LIMIT 1");
    expect(inspectQuery(some).sql).not.toContain("LIMIT");
  });

  test("query() starts from a model value or an export name", () => {
    expect(inspectQuery(query(Result, F1, "sqlite")).sql).toBe(inspectQuery(lite.Result.objects).sql);
    expect(inspectQuery(query("Result", { models: F1, schema: {} as never, unmanaged: [] }, "sqlite")).model).toBe(
      "Result",
    );
  });
});

describe("injection and mistakes", () => {
  test("values are bound, never spliced", () => {
    const evil = `x'); DROP TABLE "result"; --`;
    const r = inspectQuery(lite.Driver.objects.filter({ surname: evil, "code__@in": [evil, "1 OR 1=1"] }));
    expect(r.sql).not.toContain("DROP");
    expect(r.sql).not.toContain("OR 1=1");
    expect(r.parameters).toEqual([evil, evil, "1 OR 1=1"]);
  });

  test("field names that are not fields are refused, listing the valid ones", () => {
    for (const key of ['surname" = 1; DROP TABLE "driver"; --', "surname) OR (1=1", "1=1 --"]) {
      const e = error(() => pg.Driver.objects.filter({ [key]: 1 }));
      expect(e.code).toBe("USAGE");
      expect(e.message).toContain("Valid fields: driverId, code, surname, born, active");
    }
    expect(error(() => pg.Driver.objects.values('surname" FROM x --')).code).toBe("USAGE");
    expect(error(() => pg.Driver.objects.orderBy("-surname; DROP")).code).toBe("USAGE");
  });

  test("unknown fields, lookups and models list the choices", () => {
    expect(error(() => pg.Result.objects.filter({ race__circut__name: "x" })).message).toBe(
      'Unknown field "circut" in "race__circut__name": model "Race" (table "race") has no such field (did you mean "circuit"?). Valid fields: raceId, circuit (→ Circuit), year. A key may end with a lookup: @exact, @gt, @gte, @lt, @lte, @ne, @in, @nin, @range, @isnull, @contains, @icontains, @startswith, @istartswith, @endswith, @iendswith.',
    );
    expect(error(() => pg.Result.objects.filter({ "position__@gtt": 1 })).message).toStartWith(
      'Unknown lookup "@gtt" in "position__@gtt" (did you mean "gt"?). Valid lookups: @exact, @gt,',
    );
    expect(error(() => pg.Result.objects.filter({ position__like: 1 })).message).toContain(
      '"position" is not a foreign key, so only a lookup may follow it',
    );
    expect(error(() => pg.Result.objects.filter({ "position__@gt__x": 1 })).message).toContain("must be the last part");
    expect(error(() => pg.Result.objects.orderBy("position__@gt")).message).toContain(
      "no lookups in values or ordering",
    );
    expect(error(() => query("Nope", F1, "sqlite")).message).toBe(
      'Model "Nope" not found. Available: Circuit, Constructor, Driver, Race, Result. Use a model\'s export name from the models file.',
    );
    expect(error(() => pg.Result.objects.filter({ "": 1 })).message).toContain('joined by "__"');
  });

  test("values that do not fit the lookup are refused", () => {
    expect(error(() => pg.Result.objects.filter({ "position__@in": 3 })).message).toContain("needs a list");
    expect(error(() => pg.Result.objects.filter({ "position__@range": [1] })).message).toContain("two values");
    expect(error(() => pg.Result.objects.filter({ "position__@isnull": "yes" })).message).toContain("true or false");
    expect(error(() => pg.Result.objects.filter({ "position__@gt": null })).message).toContain("@isnull");
    expect(error(() => pg.Result.objects.filter({ position: { $gt: 1 } })).message).toContain("not a comparable value");
    expect(error(() => pg.Result.objects.filter({ position: Number.NaN })).message).toContain("not a finite number");
    expect(error(() => pg.Result.objects.limit(-1)).message).toContain("whole number");
    expect(error(() => pg.Result.objects.offset(1.5)).message).toContain("whole number");
  });
});
