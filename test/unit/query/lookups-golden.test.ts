import { describe, expect, test } from "bun:test";
import { bindModels } from "../../../src/api/query.ts";
import type { DialectName } from "../../../src/core/dialect-name.ts";
import { inspectQuery } from "../../../src/query/inspect-query.ts";
import type { Filters } from "../../../src/query/query-set.ts";
import { F1 } from "./f1-models.ts";

/** The WHERE clause and parameters of `Model.objects.filter(filters)`. */
function where(dialect: DialectName, model: "Result" | "Driver", filters: Filters): [string, readonly unknown[]] {
  const r = inspectQuery(bindModels(F1, dialect)[model].objects.filter(filters));
  const at = r.sql.indexOf("\nWHERE ");
  return [at < 0 ? "" : r.sql.slice(at + 7), r.parameters];
}

type Case = [
  model: "Result" | "Driver",
  filters: Filters,
  pg: string,
  pgParams: unknown[],
  lite: string,
  liteParams: unknown[],
];
const P = '"Tb"."position"';
const S = '"Tb"."surname"';
const cases: Record<string, Case> = {
  exact: ["Result", { position: 1 }, `${P} = $1`, [1], `${P} = ?`, [1]],
  "exact null": ["Result", { position: null }, `${P} IS NULL`, [], `${P} IS NULL`, []],
  "@exact": ["Result", { "position__@exact": 2 }, `${P} = $1`, [2], `${P} = ?`, [2]],
  "@gt": ["Result", { "position__@gt": 3 }, `${P} > $1`, [3], `${P} > ?`, [3]],
  "@gte": ["Result", { "position__@gte": 3 }, `${P} >= $1`, [3], `${P} >= ?`, [3]],
  "@lt": ["Result", { "position__@lt": 3 }, `${P} < $1`, [3], `${P} < ?`, [3]],
  "@lte": ["Result", { "position__@lte": 3 }, `${P} <= $1`, [3], `${P} <= ?`, [3]],
  "@ne": ["Result", { "position__@ne": 3 }, `${P} <> $1`, [3], `${P} <> ?`, [3]],
  "@ne null": ["Result", { "position__@ne": null }, `${P} IS NOT NULL`, [], `${P} IS NOT NULL`, []],
  "@in": ["Result", { "position__@in": [1, 2, 3] }, `${P} IN ($1, $2, $3)`, [1, 2, 3], `${P} IN (?, ?, ?)`, [1, 2, 3]],
  "@in empty": ["Result", { "position__@in": [] }, "1 = 0", [], "1 = 0", []],
  "@nin": ["Result", { "position__@nin": [1, 2] }, `${P} NOT IN ($1, $2)`, [1, 2], `${P} NOT IN (?, ?)`, [1, 2]],
  "@nin empty": ["Result", { "position__@nin": [] }, "1 = 1", [], "1 = 1", []],
  "@range": [
    "Result",
    { "position__@range": [1, 10] },
    `${P} BETWEEN $1 AND $2`,
    [1, 10],
    `${P} BETWEEN ? AND ?`,
    [1, 10],
  ],
  "@isnull true": ["Result", { "position__@isnull": true }, `${P} IS NULL`, [], `${P} IS NULL`, []],
  "@isnull false": ["Result", { "position__@isnull": false }, `${P} IS NOT NULL`, [], `${P} IS NOT NULL`, []],
  "@contains": [
    "Driver",
    { "surname__@contains": "Ham" },
    `${S} LIKE $1 ESCAPE '\\'`,
    ["%Ham%"],
    `${S} GLOB ?`,
    ["*Ham*"],
  ],
  "@icontains": [
    "Driver",
    { "surname__@icontains": "ham" },
    `${S} ILIKE $1 ESCAPE '\\'`,
    ["%ham%"],
    `lower(${S}) LIKE lower(?) ESCAPE '\\'`,
    ["%ham%"],
  ],
  "@startswith": [
    "Driver",
    { "surname__@startswith": "Ha" },
    `${S} LIKE $1 ESCAPE '\\'`,
    ["Ha%"],
    `${S} GLOB ?`,
    ["Ha*"],
  ],
  "@istartswith": [
    "Driver",
    { "surname__@istartswith": "ha" },
    `${S} ILIKE $1 ESCAPE '\\'`,
    ["ha%"],
    `lower(${S}) LIKE lower(?) ESCAPE '\\'`,
    ["ha%"],
  ],
  "@endswith": [
    "Driver",
    { "surname__@endswith": "ton" },
    `${S} LIKE $1 ESCAPE '\\'`,
    ["%ton"],
    `${S} GLOB ?`,
    ["*ton"],
  ],
  "@iendswith": [
    "Driver",
    { "surname__@iendswith": "TON" },
    `${S} ILIKE $1 ESCAPE '\\'`,
    ["%TON"],
    `lower(${S}) LIKE lower(?) ESCAPE '\\'`,
    ["%TON"],
  ],
  "Django spelling gte": ["Result", { position__gte: 3 }, `${P} >= $1`, [3], `${P} >= ?`, [3]],
  "Django spelling icontains": [
    "Driver",
    { surname__icontains: "ham" },
    `${S} ILIKE $1 ESCAPE '\\'`,
    ["%ham%"],
    `lower(${S}) LIKE lower(?) ESCAPE '\\'`,
    ["%ham%"],
  ],
  "LIKE wildcards escaped": [
    "Driver",
    { "surname__@icontains": "50%_\\" },
    `${S} ILIKE $1 ESCAPE '\\'`,
    ["%50\\%\\_\\\\%"],
    `lower(${S}) LIKE lower(?) ESCAPE '\\'`,
    ["%50\\%\\_\\\\%"],
  ],
  "GLOB wildcards escaped": [
    "Driver",
    { "surname__@contains": "a*?[b%" },
    `${S} LIKE $1 ESCAPE '\\'`,
    ["%a*?[b\\%%"],
    `${S} GLOB ?`,
    ["*a[*][?][[]b%*"],
  ],
  "pattern on a number": [
    "Result",
    { "position__@contains": 1 },
    `CAST(${P} AS text) LIKE $1 ESCAPE '\\'`,
    ["%1%"],
    `${P} GLOB ?`,
    ["*1*"],
  ],
  "booleans and dates": [
    "Driver",
    { active: true, "born__@lt": new Date("2000-01-02T00:00:00Z") },
    '"Tb"."active" = $1\n  AND "Tb"."born" < $2',
    [true, new Date("2000-01-02T00:00:00Z")],
    '"Tb"."active" = ?\n  AND "Tb"."born" < ?',
    [1, "2000-01-02T00:00:00.000Z"],
  ],
  "foreign key column": ["Result", { race: 7 }, '"Tb"."raceId" = $1', [7], '"Tb"."raceId" = ?', [7]],
};

describe("every lookup, golden SQL and parameters", () => {
  for (const [name, [model, filters, pg, pgParams, lite, liteParams]] of Object.entries(cases)) {
    test(name, () => {
      expect(where("postgresql", model, filters)).toEqual([pg, pgParams]);
      expect(where("sqlite", model, filters)).toEqual([lite, liteParams]);
    });
  }
});
