import { describe, expect, test } from "bun:test";
import { isPormgError } from "../../../../src/core/errors.ts";
import {
  MYSQL_TABLE_OPTIONS,
  renderColumnDefinition,
  renderCreateIndex,
  renderCreateTable,
  renderMysqlSchema,
} from "../../../../src/dialect/mysql/mysql-ddl.ts";
import { quoteLiteral } from "../../../../src/dialect/mysql/mysql-quote.ts";
import type { Column, Table } from "../../../../src/schema/ir.ts";

const col = (name: string, type: Column["type"], extra: Partial<Column> = {}): Column => ({
  name,
  type,
  nullable: true,
  ...extra,
});

describe("MySQL DDL rendering", () => {
  test("column definitions: AUTO_INCREMENT, NULL written out, defaults, collation, generated", () => {
    expect(
      renderColumnDefinition(col("id", { kind: "bigint" }, { nullable: false, identity: { always: false } })),
    ).toBe("`id` bigint NOT NULL AUTO_INCREMENT");
    expect(renderColumnDefinition(col("n", { kind: "integer" }))).toBe("`n` int NULL");
    expect(
      renderColumnDefinition(
        col("s", { kind: "varchar", length: 40 }, { default: { kind: "literal", value: "it's \\" } }),
      ),
    ).toBe("`s` varchar(40) NULL DEFAULT 'it''s \\\\'");
    // BLOB/TEXT/JSON literals are expressions (MySQL 8 takes no plain literal there).
    expect(renderColumnDefinition(col("t", { kind: "text" }, { default: { kind: "literal", value: "x" } }))).toBe(
      "`t` longtext NULL DEFAULT ('x')",
    );
    expect(
      renderColumnDefinition(
        col("b", { kind: "boolean" }, { nullable: false, default: { kind: "literal", value: true } }),
      ),
    ).toBe("`b` tinyint(1) NOT NULL DEFAULT 1");
    expect(
      renderColumnDefinition(
        col("p", { kind: "decimal", precision: 10, scale: 2 }, { default: { kind: "literal", value: "20.0" } }),
      ),
    ).toBe("`p` decimal(10,2) NULL DEFAULT 20.0");
    expect(
      renderColumnDefinition(
        col(
          "at",
          { kind: "timestamp", withTimeZone: false, precision: 3 },
          { default: { kind: "expression", sql: "CURRENT_TIMESTAMP(3)" } },
        ),
      ),
    ).toBe("`at` datetime(3) NULL DEFAULT CURRENT_TIMESTAMP(3)");
    expect(
      renderColumnDefinition(col("d", { kind: "date" }, { default: { kind: "expression", sql: "CURRENT_DATE" } })),
    ).toBe("`d` date NULL DEFAULT (CURRENT_DATE)");
    expect(
      renderColumnDefinition(col("c", { kind: "varchar", length: 9 }, { nullable: false, collation: "utf8mb4_bin" })),
    ).toBe("`c` varchar(9) COLLATE utf8mb4_bin NOT NULL");
    // A collation on a type that has none is not written (a retype to a number keeps no COLLATE).
    expect(renderColumnDefinition(col("i", { kind: "integer" }, { collation: "utf8mb4_bin" }))).toBe("`i` int NULL");
    // Generated: no NULL / NOT NULL (MariaDB takes none), no default.
    expect(
      renderColumnDefinition(
        col("g", { kind: "integer" }, { nullable: false, generated: { expression: "`n` + 1", stored: true } }),
      ),
    ).toBe("`g` int GENERATED ALWAYS AS (`n` + 1) STORED");
    expect(
      renderColumnDefinition(col("v", { kind: "integer" }, { generated: { expression: "`n` * 2", stored: false } })),
    ).toBe("`v` int GENERATED ALWAYS AS (`n` * 2) VIRTUAL");
    expect(renderColumnDefinition(col("we`ird", { kind: "uuid" }))).toBe("`we``ird` char(36) NULL");
    expect(quoteLiteral("a'b\\c")).toBe("'a''b\\\\c'");
  });

  const table: Table = {
    name: "post",
    columns: [
      col("id", { kind: "integer" }, { nullable: false, identity: { always: false } }),
      col("title", { kind: "text" }, { nullable: false }),
      col("slug", { kind: "varchar", length: 80 }, { nullable: false }),
      col("author_id", { kind: "integer" }),
    ],
    primaryKey: { columns: ["id"] },
    foreignKeys: [
      {
        columns: ["author_id"],
        references: { table: "author", columns: ["id"] },
        onDelete: "CASCADE",
        onUpdate: "NO ACTION",
        deferred: false,
      },
    ],
    uniques: [{ columns: ["slug"] }],
    indexes: [
      {
        keys: [
          { column: "title", prefixLength: 20 },
          { column: "id", descending: true },
        ],
        unique: false,
      },
      { name: "post_title_ft", keys: [{ column: "title" }], unique: false, method: "fulltext" },
    ],
    checks: [{ name: "post_id_check", expression: "`id` > 0" }],
  };

  test("CREATE TABLE holds the keys, indexes and checks, and the fixed table options", () => {
    expect(renderCreateTable(table)).toBe(
      [
        "CREATE TABLE `post` (",
        "  `id` int NOT NULL AUTO_INCREMENT,",
        "  `title` longtext NOT NULL,",
        "  `slug` varchar(80) NOT NULL,",
        "  `author_id` int NULL,",
        "  PRIMARY KEY (`id`),",
        "  CONSTRAINT `post_slug_key` UNIQUE (`slug`),",
        "  KEY `post_title_id_idx` (`title`(20), `id` DESC),",
        "  FULLTEXT KEY `post_title_ft` (`title`),",
        "  CONSTRAINT `post_id_check` CHECK (`id` > 0)",
        `) ${MYSQL_TABLE_OPTIONS};`,
      ].join("\n"),
    );
    expect(MYSQL_TABLE_OPTIONS).toBe("ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci");
  });

  test("CREATE INDEX: unique, fulltext, prefix, expression", () => {
    expect(renderCreateIndex("t", { keys: [{ column: "a" }, { column: "b", prefixLength: 5 }], unique: true })).toBe(
      "CREATE UNIQUE INDEX `t_a_b_idx` ON `t` (`a`, `b`(5));",
    );
    expect(renderCreateIndex("t", { name: "ft", keys: [{ column: "a" }], unique: false, method: "fulltext" })).toBe(
      "CREATE FULLTEXT INDEX `ft` ON `t` (`a`);",
    );
    expect(renderCreateIndex("t", { name: "e", keys: [{ expression: "lower(`a`)" }], unique: false })).toBe(
      "CREATE INDEX `e` ON `t` ((lower(`a`)));",
    );
  });

  test("what MySQL cannot say is refused, not dropped silently", () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return isPormgError(e, "PLAN_REFUSED");
      }
      return false;
    };
    expect(refused(() => renderCreateIndex("t", { keys: [{ column: "a" }], unique: false, where: "a > 0" }))).toBe(
      true,
    );
    expect(refused(() => renderCreateIndex("t", { keys: [{ column: "a" }], unique: false, method: "gin" }))).toBe(true);
    // InnoDB builds a BTREE for USING HASH: it would never read back as asked.
    expect(refused(() => renderCreateIndex("t", { keys: [{ column: "a" }], unique: false, method: "hash" }))).toBe(
      true,
    );
    expect(
      refused(() =>
        renderMysqlSchema({
          dialect: "mysql",
          tables: [
            { ...table, foreignKeys: [{ ...(table.foreignKeys[0] as Table["foreignKeys"][number]), deferred: true }] },
          ],
        }),
      ),
    ).toBe(true);
  });

  test("renderSchema: every CREATE TABLE, then every foreign key", () => {
    const author: Table = { ...table, name: "author", foreignKeys: [], uniques: [], indexes: [], checks: [] };
    const statements = renderMysqlSchema({ dialect: "mysql", tables: [author, table] });
    expect(statements.map((s) => s.split(" (")[0])).toEqual([
      "CREATE TABLE `author`",
      "CREATE TABLE `post`",
      "ALTER TABLE `post` ADD CONSTRAINT `post_author_id_fkey` FOREIGN KEY",
    ]);
    expect(statements[2]).toBe(
      "ALTER TABLE `post` ADD CONSTRAINT `post_author_id_fkey` FOREIGN KEY (`author_id`) REFERENCES `author` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION;",
    );
  });
});
