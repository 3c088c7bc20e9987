/**
 * The pure choice of PostgreSQL's online variants (docs/online.md): given which live tables held
 * rows (`RenderContext.online`), each blocking step on such a table becomes its online variant; a
 * table the plan creates, an empty one, or no facts at all keep the blocking form.
 */
import { describe, expect, test } from "bun:test";
import { concurrentIndexName } from "../../../src/dialect/postgres/postgres-concurrent-index.ts";
import { postgresDialect } from "../../../src/dialect/postgres/postgres-dialect.ts";
import { postgresSql } from "../../../src/dialect/postgres/postgres-sql.ts";
import { renderOperations } from "../../../src/plan/render.ts";
import type { RenderContext } from "../../../src/plan/render-context.ts";
import type { ForeignKey } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { col, noContext, table } from "./fixtures.ts";

const populated = (...tables: string[]): RenderContext => ({ ...noContext, online: { populated: new Set(tables) } });
const render = (context: RenderContext, ...ops: Operation[]) =>
  renderOperations(ops, postgresDialect, context).map((s) => ({ label: s.label, sql: s.sql, tx: s.transactional }));

const fk: ForeignKey = {
  columns: ["artist_id"],
  references: { table: "artist", columns: ["id"] },
  onDelete: "CASCADE",
  onUpdate: "NO ACTION",
  deferred: false,
};
const index: Operation = { kind: "createIndex", table: "album", index: { keys: [{ column: "title" }], unique: false } };
const check: Operation = { kind: "addCheck", table: "album", check: { name: "len_ok", expression: "len > 0" } };
const unique: Operation = { kind: "addUnique", table: "album", unique: { columns: ["code"] } };
const notNull: Operation = {
  kind: "alterColumn",
  table: "album",
  from: col("title"),
  to: col("title", { kind: "text" }, { nullable: false }),
  changes: ["nullable"],
};

describe("online variants: chosen from the tables that held rows", () => {
  test("a new index on a populated table is built concurrently, after the transaction", () => {
    expect(render(populated("album"), index)).toEqual([
      {
        label: "album | Create index concurrently: album_title_idx (online: album held rows)",
        sql: 'CREATE INDEX CONCURRENTLY "album_title_idx" ON "album" ("title");',
        tx: false,
      },
    ]);
  });

  test("a foreign key and a check: NOT VALID in the transaction, VALIDATE after it; transactional steps come first", () => {
    const steps = render(populated("album"), { kind: "addForeignKey", table: "album", foreignKey: fk }, check);
    expect(steps.map((s) => [s.tx, s.sql])).toEqual([
      [
        true,
        'ALTER TABLE "album" ADD CONSTRAINT "album_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artist" ("id") ON DELETE CASCADE ON UPDATE NO ACTION NOT VALID;',
      ],
      [true, 'ALTER TABLE "album" ADD CONSTRAINT "len_ok" CHECK (len > 0) NOT VALID;'],
      [false, 'ALTER TABLE "album" VALIDATE CONSTRAINT "album_artist_id_fkey";'],
      [false, 'ALTER TABLE "album" VALIDATE CONSTRAINT "len_ok";'],
    ]);
  });

  test("SET NOT NULL: a NOT VALID check, VALIDATE, SET NOT NULL, the check dropped", () => {
    expect(render(populated("album"), notNull)).toEqual([
      {
        label: "album | Add not-null check not valid: title (online: album held rows)",
        sql: 'ALTER TABLE "album" ADD CONSTRAINT "album_title_is_not_null" CHECK ("title" IS NOT NULL) NOT VALID;',
        tx: true,
      },
      {
        label: "album | Validate constraint online: album_title_is_not_null (online: album held rows)",
        sql: 'ALTER TABLE "album" VALIDATE CONSTRAINT "album_title_is_not_null";',
        tx: false,
      },
      {
        label: "album | Set not null using validated check: title (online: album held rows)",
        sql: 'ALTER TABLE "album" ALTER COLUMN "title" SET NOT NULL;',
        tx: false,
      },
      {
        label: "album | Drop not-null check: title (online: album held rows)",
        sql: 'ALTER TABLE "album" DROP CONSTRAINT "album_title_is_not_null";',
        tx: false,
      },
    ]);
  });

  test("a new default with SET NOT NULL stays in the transaction; a type change keeps the blocking form", () => {
    const withDefault: Operation = {
      ...notNull,
      to: col("title", { kind: "text" }, { nullable: false, default: { kind: "literal", value: "x" } }),
      changes: ["nullable", "default"],
    } as Operation;
    const steps = render(populated("album"), withDefault);
    expect(steps[0]).toEqual({
      label: "album | Alter field: title",
      sql: `ALTER TABLE "album" ALTER COLUMN "title" SET DEFAULT 'x';`,
      tx: true,
    });
    expect(steps).toHaveLength(5);
    const retype: Operation = {
      ...notNull,
      to: col("title", { kind: "varchar", length: 9 }, { nullable: false }),
      changes: ["type", "nullable"],
    } as Operation;
    expect(render(populated("album"), retype).every((s) => s.tx && !/NOT VALID/.test(s.sql))).toBe(true);
  });

  test("a new unique: its index built concurrently, then UNIQUE USING INDEX; blocking when a new foreign key may reference it", () => {
    expect(render(populated("album"), unique).map((s) => [s.tx, s.sql])).toEqual([
      [false, 'CREATE UNIQUE INDEX CONCURRENTLY "album_code_key" ON "album" ("code");'],
      [false, 'ALTER TABLE "album" ADD CONSTRAINT "album_code_key" UNIQUE USING INDEX "album_code_key";'],
    ]);
    const referencing: Operation = {
      kind: "addForeignKey",
      table: "track",
      foreignKey: { ...fk, columns: ["album_code"], references: { table: "album", columns: ["code"] } },
    };
    expect(render(populated("album"), unique, referencing)[0]).toEqual({
      label: "album | Create unique constraint: album_code_key",
      sql: 'ALTER TABLE "album" ADD CONSTRAINT "album_code_key" UNIQUE ("code");',
      tx: true,
    });
  });

  test("an empty table, a table the plan creates, no facts, an unnamed or NOT VALID check: the blocking form", () => {
    for (const op of [index, check, unique, notNull]) {
      expect(render(populated("other"), op).every((s) => s.tx)).toBe(true);
      expect(render(noContext, op).every((s) => s.tx)).toBe(true);
    }
    const created: Operation = { kind: "createTable", table: table("album", [col("title")]) };
    expect(render(populated("album"), created, index).every((s) => s.tx)).toBe(true);
    const unnamed: Operation = { kind: "addCheck", table: "album", check: { expression: "len > 0" } };
    const notValid: Operation = {
      kind: "addCheck",
      table: "album",
      check: { name: "c", expression: "len > 0", notValid: true },
    };
    for (const op of [unnamed, notValid]) expect(render(populated("album"), op).every((s) => s.tx)).toBe(true);
  });
});

describe("the index a concurrent build makes, read from its statement", () => {
  const name = (sql: string) => concurrentIndexName(splitStatements(sql, postgresSql)[0] as never);
  test("names as written; other statements none", () => {
    expect(name('CREATE UNIQUE INDEX CONCURRENTLY "a_b" ON "a" ("b");')).toBe('"a_b"');
    expect(name("create index concurrently if not exists ab on a (b);")).toBe("ab");
    expect(name('CREATE INDEX CONCURRENTLY "s"."ab" ON a (b);')).toBe('"s"."ab"');
    expect(name("CREATE INDEX CONCURRENTLY ON a (b);")).toBeUndefined();
    expect(name("CREATE INDEX ab ON a (b);")).toBeUndefined();
    expect(name('ALTER TABLE "a" VALIDATE CONSTRAINT "c";')).toBeUndefined();
  });
});
