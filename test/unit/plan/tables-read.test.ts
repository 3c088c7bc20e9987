import { describe, expect, test } from "bun:test";
import { tablesRead } from "../../../src/plan/tables-read.ts";
import type { ForeignKey } from "../../../src/schema/ir.ts";
import { col, table } from "./fixtures.ts";

const fk = (to: string): ForeignKey => ({
  columns: ["ref_id"],
  references: { table: to, columns: ["id"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: false,
});
const sorted = (s: ReadonlySet<string>) => [...s].sort();

describe("tablesRead", () => {
  test("an operation reads its table; a new foreign key also the table it references", () => {
    expect(sorted(tablesRead([{ kind: "addColumn", table: "book", column: col("note") }]))).toEqual(["book"]);
    expect(sorted(tablesRead([{ kind: "addForeignKey", table: "book", foreignKey: fk("author") }]))).toEqual([
      "author",
      "book",
    ]);
    expect(
      sorted(tablesRead([{ kind: "createTable", table: table("review", [col("id")], { foreignKeys: [fk("book")] }) }])),
    ).toEqual(["book", "review"]);
    expect(sorted(tablesRead([{ kind: "dropTable", table: table("old", [col("id")]) }]))).toEqual(["old"]);
    expect(sorted(tablesRead([]))).toEqual([]);
  });

  test("a rename reads both names, and operations on the new name bring in the live table", () => {
    const read = tablesRead([
      { kind: "renameTable", from: "writer", to: "author" },
      { kind: "addColumn", table: "author", column: col("born") },
      { kind: "addForeignKey", table: "book", foreignKey: fk("author") },
    ]);
    expect(sorted(read)).toEqual(["author", "book", "writer"]);
  });

  test("a SQLite rebuild reads the table it copies from, the one it makes and what its keys reference", () => {
    const from = table("post", [col("id")]);
    const to = table("post", [col("id"), col("ref_id")], { foreignKeys: [fk("user")] });
    expect(sorted(tablesRead([{ kind: "rebuildTable", from, to, columns: [{ to: "id", from: "id" }] }]))).toEqual([
      "post",
      "user",
    ]);
  });
});
