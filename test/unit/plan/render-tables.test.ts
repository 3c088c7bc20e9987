import { describe, expect, test } from "bun:test";
import { mysqlDialect } from "../../../src/dialect/mysql/mysql-dialect.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { sqliteDialect } from "../../../src/dialect/sqlite/sqlite-dialect.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { Operation, PlanStep } from "../../../src/schema/operation.ts";
import { DIALECTS, dataFor } from "../../lib/dialects.ts";
import { col, noContext, table } from "./fixtures.ts";

/** A rendering case: its title, one operation and (part of) the one step it must render to. */
type Case = readonly [title: string, op: Operation, step: Partial<PlanStep>];

/** Dropping, renaming and adding tables and columns: what every dialect renders in place, as SQL text. */
const CASES: readonly { readonly dialect: { readonly name: string }; readonly cases: readonly Case[] }[] = [
  {
    dialect: postgresDialect,
    cases: [
      [
        "dropTable has no CASCADE and is destructive",
        { kind: "dropTable", table: table("old", []) },
        { label: "old | Drop table", sql: 'DROP TABLE "old";', destructive: true },
      ],
      [
        "renameTable is labelled with the new name and is not destructive",
        { kind: "renameTable", from: "artists", to: "artist" },
        { label: "artist | Rename table", sql: 'ALTER TABLE "artists" RENAME TO "artist";', destructive: false },
      ],
      [
        "addColumn",
        {
          kind: "addColumn",
          table: "drivers",
          column: col(
            "code",
            { kind: "varchar", length: 3 },
            { nullable: false, default: { kind: "literal", value: "x" } },
          ),
        },
        {
          label: "drivers | Add field: code",
          sql: `ALTER TABLE "drivers" ADD COLUMN "code" varchar(3) NOT NULL DEFAULT 'x';`,
          destructive: false,
        },
      ],
      [
        "dropColumn is destructive",
        { kind: "dropColumn", table: "drivers", column: col("age") },
        { label: "drivers | Remove field: age", sql: 'ALTER TABLE "drivers" DROP COLUMN "age";', destructive: true },
      ],
      [
        "renameColumn",
        { kind: "renameColumn", table: "drivers", from: "nm", to: "name" },
        {
          label: "drivers | Rename field: name",
          sql: 'ALTER TABLE "drivers" RENAME COLUMN "nm" TO "name";',
          destructive: false,
        },
      ],
      [
        "identifiers are always quoted, embedded quotes doubled",
        { kind: "renameTable", from: 'we"ird', to: "Mixed Case" },
        { sql: 'ALTER TABLE "we""ird" RENAME TO "Mixed Case";' },
      ],
    ],
  },
  {
    dialect: sqliteDialect,
    cases: [
      [
        "dropTable is destructive",
        { kind: "dropTable", table: table("t", []) },
        { sql: 'DROP TABLE "t";', destructive: true },
      ],
      [
        "renameTable is labelled with the new name",
        { kind: "renameTable", from: "a", to: "b" },
        { label: "b | Rename table", sql: 'ALTER TABLE "a" RENAME TO "b";' },
      ],
      [
        "addColumn",
        {
          kind: "addColumn",
          table: "t",
          column: col("n", { kind: "integer" }, { nullable: false, default: { kind: "literal", value: 0 } }),
        },
        { label: "t | Add field: n", sql: 'ALTER TABLE "t" ADD COLUMN "n" INTEGER UNSIGNED NOT NULL DEFAULT 0;' },
      ],
      [
        "dropColumn is destructive",
        { kind: "dropColumn", table: "t", column: col("n") },
        { sql: 'ALTER TABLE "t" DROP COLUMN "n";', destructive: true },
      ],
      [
        "renameColumn",
        { kind: "renameColumn", table: "t", from: "a", to: "b" },
        { sql: 'ALTER TABLE "t" RENAME COLUMN "a" TO "b";' },
      ],
    ],
  },
  {
    // MySQL commits every DDL statement by itself: no step is transactional.
    dialect: mysqlDialect,
    cases: [
      [
        "dropTable has no CASCADE and is destructive",
        { kind: "dropTable", table: table("old", []) },
        { label: "old | Drop table", sql: "DROP TABLE `old`;", destructive: true, transactional: false },
      ],
      [
        "renameTable is RENAME TABLE, labelled with the new name",
        { kind: "renameTable", from: "artists", to: "artist" },
        { label: "artist | Rename table", sql: "RENAME TABLE `artists` TO `artist`;", destructive: false },
      ],
      [
        "addColumn",
        {
          kind: "addColumn",
          table: "drivers",
          column: col(
            "code",
            { kind: "varchar", length: 3 },
            { nullable: false, default: { kind: "literal", value: "x" } },
          ),
        },
        {
          label: "drivers | Add field: code",
          sql: "ALTER TABLE `drivers` ADD COLUMN `code` varchar(3) NOT NULL DEFAULT 'x';",
          destructive: false,
          transactional: false,
        },
      ],
      [
        "a string default doubles its quotes and its backslashes (backslash escapes are on)",
        {
          kind: "addColumn",
          table: "t",
          column: col("p", { kind: "varchar", length: 20 }, { default: { kind: "literal", value: "C:\\it's" } }),
        },
        { sql: "ALTER TABLE `t` ADD COLUMN `p` varchar(20) NULL DEFAULT 'C:\\\\it''s';" },
      ],
      [
        "dropColumn is destructive",
        { kind: "dropColumn", table: "drivers", column: col("age") },
        { label: "drivers | Remove field: age", sql: "ALTER TABLE `drivers` DROP COLUMN `age`;", destructive: true },
      ],
      [
        "renameColumn",
        { kind: "renameColumn", table: "drivers", from: "nm", to: "name" },
        { label: "drivers | Rename field: name", sql: "ALTER TABLE `drivers` RENAME COLUMN `nm` TO `name`;" },
      ],
      [
        "identifiers are always backquoted, embedded backquotes doubled",
        { kind: "renameTable", from: "we`ird", to: "Mixed Case" },
        { sql: "RENAME TABLE `we``ird` TO `Mixed Case`;" },
      ],
    ],
  },
];

for (const h of DIALECTS) {
  describe(`${h.name} rendering: drop and rename tables; add, drop and rename columns`, () => {
    for (const [title, op, expected] of dataFor(CASES, h).cases) {
      test(title, () => {
        const steps = renderOperations([op], h.dialect, noContext);
        expect(steps).toHaveLength(1);
        expect(steps[0]).toMatchObject(expected);
      });
    }
  });
}
