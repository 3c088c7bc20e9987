import { describe, expect, test } from "bun:test";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { findRenameCandidates } from "../../../src/diff/rename-candidates.ts";
import {
  askingResolver,
  columnRenameQuestion,
  parseRenameAnswer,
  tableRenameFollowUp,
  tableRenameQuestion,
} from "../../../src/diff/rename-questions.ts";
import { applyRenames, NO_RENAMES } from "../../../src/diff/renames.ts";
import { type RenameResolver, resolveRenames } from "../../../src/diff/resolve-renames.ts";
import { renameInExpression } from "../../../src/schema/expression-names.ts";
import type { Column } from "../../../src/schema/ir.ts";
import { col, schema, table } from "../plan/simulate.ts";

const id = col("id", "bigint", { nullable: false });
const pk = { primaryKey: { columns: ["id"] } };
const name50 = col("name", { kind: "varchar", length: 50 });
const driver = (name = "driver", columns: Column[] = [name50, col("born", "date")]) =>
  table(name, [id, ...columns], pk);

const live = schema("postgresql", [driver(), table("team", [id, col("title", "text")], pk)]);
const renamedTable = schema("postgresql", [driver("racer"), table("team", [id, col("title", "text")], pk)]);
const renamedColumn = schema("postgresql", [driver(), table("team", [id, col("label", "text")], pk)]);

async function failure(p: Promise<unknown>): Promise<PormgError> {
  try {
    await p;
  } catch (e) {
    if (isPormgError(e)) return e;
    throw e;
  }
  throw new Error("expected a PormgError");
}

/** A resolver that answers from a list and records the questions. */
function scripted(answers: (string | undefined)[]): RenameResolver & { questions: string[] } {
  const questions: string[] = [];
  return {
    questions,
    ...askingResolver(async (q) => {
      questions.push(q);
      return answers.shift();
    }),
  };
}

describe("findRenameCandidates", () => {
  test("tables: identical definitions and the match count", () => {
    const target = schema("postgresql", [
      driver("racer"),
      driver("pilot", [name50]),
      table("team", [id, col("title", "text")], pk),
    ]);
    const found = findRenameCandidates(live, target, NO_RENAMES, dialectNamed(live.dialect));
    expect(found.map((c) => [c.from, c.to, c.identical, c.description])).toEqual([
      ["driver", "pilot", false, "2 of 2 columns match"],
      ["driver", "racer", true, "3 of 3 columns match"],
    ]);
  });

  test("columns: description with foreign key and what renaming also changes", () => {
    const target = schema("postgresql", [
      driver(),
      table("team", [id, col("label", "integer", { nullable: false })], pk),
    ]);
    const found = findRenameCandidates(live, target, NO_RENAMES, dialectNamed(live.dialect));
    expect(found).toEqual([
      {
        kind: "column",
        table: "team",
        from: "title",
        to: "label",
        identical: false,
        score: 0,
        description: "text; renaming also changes: type, nullable",
      },
    ]);
  });

  test("a key-only table is never an identical candidate", () => {
    const a = schema("postgresql", [table("a", [id], pk)]);
    const b = schema("postgresql", [table("b", [id], pk)]);
    expect(findRenameCandidates(a, b, NO_RENAMES, dialectNamed(a.dialect)).map((c) => c.identical)).toEqual([false]);
  });
});

describe("resolveRenames: hints", () => {
  test("a table hint decides a rename", async () => {
    expect(await resolveRenames(live, renamedTable, dialectNamed(live.dialect), { hints: ["driver=racer"] })).toEqual({
      tables: [{ from: "driver", to: "racer" }],
      columns: [],
      warnings: [],
    });
  });

  test("a column hint decides a rename", async () => {
    const r = await resolveRenames(live, renamedColumn, dialectNamed(live.dialect), {
      hints: ["team.title=team.label"],
    });
    expect(r.columns).toEqual([{ table: "team", from: "title", to: "label" }]);
  });

  test("a column hint on a renamed table uses the new table name", async () => {
    const target = schema("postgresql", [
      driver("racer", [col("full_name", { kind: "varchar", length: 50 }), col("born", "date")]),
      table("team", [id, col("title", "text")], pk),
    ]);
    const r = await resolveRenames(live, target, dialectNamed(live.dialect), {
      hints: ["driver=racer", "racer.name=racer.full_name"],
    });
    expect(r).toEqual({
      tables: [{ from: "driver", to: "racer" }],
      columns: [{ table: "racer", from: "name", to: "full_name" }],
      warnings: [],
    });
  });

  test("old= says not a rename: the identical pair no longer fails", async () => {
    expect(await resolveRenames(live, renamedTable, dialectNamed(live.dialect), { hints: ["driver="] })).toEqual({
      tables: [],
      columns: [],
      warnings: [],
    });
    expect(
      (await resolveRenames(live, renamedColumn, dialectNamed(live.dialect), { hints: ["team.title="] })).columns,
    ).toEqual([]);
  });

  test("a stale hint (old gone, new present) does nothing", async () => {
    const done = schema("postgresql", [driver("racer"), table("team", [id, col("label", "text")], pk)]);
    expect(
      await resolveRenames(done, done, dialectNamed(done.dialect), {
        hints: ["driver=racer", "team.title=team.label"],
      }),
    ).toEqual({
      tables: [],
      columns: [],
      warnings: [],
    });
  });

  test("a hint naming nothing warns", async () => {
    const r = await resolveRenames(live, live, dialectNamed(live.dialect), { hints: ["nothing=nowhere"] });
    expect(r.warnings).toEqual([
      'The rename hint "nothing=nowhere" names no table in the database or the models; ignored.',
    ]);
  });

  const contradictions: [string, string, typeof live][] = [
    ["driver=team", 'table "team" already exists in the database', renamedTable],
    ["team=racer", 'table "team" is still declared in the models', renamedTable],
    ["driver=nobody", 'the models declare no table "nobody"', renamedTable],
    [
      "nobody.a=nobody.b",
      'the models declare no table "nobody" (a column hint names the table\'s new name)',
      renamedTable,
    ],
    ["team.title=team.id", 'column "team.id" already exists in the database', renamedColumn],
    ["team.id=team.label", 'column "team.id" is still declared in the models', renamedColumn],
    ["team.title=team.nothing", 'the models declare no column "team.nothing"', renamedColumn],
  ];
  for (const [hint, why, target] of contradictions)
    test(`contradiction: ${hint}`, async () => {
      const e = await failure(resolveRenames(live, target, dialectNamed(live.dialect), { hints: [hint] }));
      expect(e.code).toBe("USAGE");
      expect(e.message).toBe(`The rename hint "${hint}" contradicts the schemas: ${why}. Fix or remove the hint.`);
    });
});

describe("resolveRenames: non-interactive fails closed", () => {
  test("an identical table pair with no hint", async () => {
    const e = await failure(resolveRenames(live, renamedTable, dialectNamed(live.dialect)));
    expect(e.code).toBe("RENAME_AMBIGUOUS");
    expect(e.exitCode).toBe(3);
    expect(e.message).toBe(
      "makemigrations will not guess a rename. These look like one — the same definition under a new name:\n" +
        '  - table "driver" → "racer": pass --rename driver=racer to rename, or --rename driver= to drop it\n' +
        "Add the hints (--rename, or renamedFrom in the models) and run it again.",
    );
    expect(e.details.candidates).toEqual([
      { kind: "table", from: "driver", to: "racer", rename: "driver=racer", drop: "driver=" },
    ]);
  });

  test("an identical column pair with no hint", async () => {
    const e = await failure(resolveRenames(live, renamedColumn, dialectNamed(live.dialect)));
    expect(e.message).toContain(
      '  - column "team.title" → "team.label": pass --rename team.title=team.label to rename, or --rename team.title= to drop it\n',
    );
    expect(e.details.candidates).toEqual([
      {
        kind: "column",
        table: "team",
        from: "title",
        to: "label",
        rename: "team.title=team.label",
        drop: "team.title=",
      },
    ]);
  });

  test("pairs that differ are dropped and created without asking", async () => {
    const target = schema("postgresql", [driver(), table("team", [id, col("label", "integer")], pk)]);
    expect(await resolveRenames(live, target, dialectNamed(live.dialect))).toEqual({
      tables: [],
      columns: [],
      warnings: [],
    });
  });
});

describe("resolveRenames: asking", () => {
  test("the table questions, verbatim, and a numbered answer", async () => {
    const target = schema("postgresql", [driver("racer"), table("team", [id, col("title", "text")], pk)]);
    const r = scripted(["1"]);
    expect((await resolveRenames(live, target, dialectNamed(live.dialect), { resolver: r })).tables).toEqual([
      { from: "driver", to: "racer" },
    ]);
    expect(r.questions).toEqual([
      "The table racer has no match in the database. Is it a new table? Answer yes, or no / the number of the table it was renamed from: 1 - driver (3 of 3 columns match): ",
    ]);
  });

  test("'no' leads to the follow-up; 'no' there means a new table", async () => {
    const r = scripted(["no", "no"]);
    expect(await resolveRenames(live, renamedTable, dialectNamed(live.dialect), { resolver: r })).toEqual({
      tables: [],
      columns: [],
      warnings: [],
    });
    expect(r.questions[1]).toBe(
      "Which table was racer renamed from? 1 - driver (3 of 3 columns match) — enter its number, or 'no' for a new table: ",
    );
  });

  test("the column question lists identical candidates first", async () => {
    const before = schema("postgresql", [table("t", [id, col("a", "integer"), col("b", "text")], pk)]);
    const after = schema("postgresql", [table("t", [id, col("c", "text")], pk)]);
    const r = scripted(["1"]);
    expect((await resolveRenames(before, after, dialectNamed(before.dialect), { resolver: r })).columns).toEqual([
      { table: "t", from: "b", to: "c" },
    ]);
    expect(r.questions).toEqual([
      'Is the field "c" from table "t" the same as one of the following fields: 1 - b (text), 2 - a (integer; renaming also changes: type)? If yes, please enter the corresponding number; otherwise, type \'no\':',
    ]);
  });

  test("table questions come before column questions", async () => {
    const target = schema("postgresql", [driver("racer"), table("team", [id, col("label", "text")], pk)]);
    const r = scripted(["yes", "no"]);
    await resolveRenames(live, target, dialectNamed(live.dialect), { resolver: r });
    expect(r.questions.map((q) => q.slice(0, 12))).toEqual(["The table ra", "Is the field"]);
  });

  test("an invalid answer", async () => {
    const e = await failure(
      resolveRenames(live, renamedTable, dialectNamed(live.dialect), { resolver: scripted(["maybe"]) }),
    );
    expect(e.code).toBe("USAGE");
    expect(e.message).toBe(
      'Invalid choice "maybe" — answer yes, no, or one of the listed numbers; please try makemigrations again',
    );
  });

  test("a number out of range is invalid", () => {
    expect(() => parseRenameAnswer("column", "3", [])).toThrow('Invalid choice "3"');
  });

  test("end of input", async () => {
    const e = await failure(resolveRenames(live, renamedTable, dialectNamed(live.dialect), { resolver: scripted([]) }));
    expect(e.code).toBe("RENAME_AMBIGUOUS");
    expect(e.message).toStartWith("makemigrations reached the end of input at a rename question");
  });

  test("question texts", () => {
    const c = [
      {
        kind: "table" as const,
        from: "old_a",
        to: "n",
        identical: false,
        score: 3,
        description: "3 of 4 columns match",
      },
    ];
    expect(tableRenameQuestion("n", c)).toBe(
      "The table n has no match in the database. Is it a new table? Answer yes, or no / the number of the table it was renamed from: 1 - old_a (3 of 4 columns match): ",
    );
    expect(tableRenameFollowUp("n", c)).toContain("Which table was n renamed from? 1 - old_a");
    expect(columnRenameQuestion("t", "x", [{ ...c[0], kind: "column", description: "varchar(50)" } as never])).toBe(
      'Is the field "x" from table "t" the same as one of the following fields: 1 - old_a (varchar(50))? If yes, please enter the corresponding number; otherwise, type \'no\':',
    );
  });
});

describe("applyRenames", () => {
  test("renames tables and columns, retargets foreign keys, keeps physical names", () => {
    const before = schema("postgresql", [
      table("author", [id, col("nm", "text")], {
        ...pk,
        indexes: [{ keys: [{ expression: "lower(nm)" }], unique: false }],
        checks: [{ expression: "nm <> ''" }],
      }),
      table("book", [id, col("a", "bigint")], {
        ...pk,
        foreignKeys: [
          {
            columns: ["a"],
            references: { table: "author", columns: ["id"] },
            onDelete: "NO ACTION",
            onUpdate: "NO ACTION",
            deferred: false,
          },
        ],
      }),
    ]);
    const after = applyRenames(
      before,
      {
        tables: [{ from: "author", to: "writer" }],
        columns: [{ table: "writer", from: "nm", to: "name" }],
      },
      dialectNamed(before.dialect),
    );
    const writer = after.tables.find((t) => t.name === "writer");
    expect(writer?.columns.map((c) => c.name)).toEqual(["id", "name"]);
    expect(writer?.primaryKey).toEqual({ name: "author_pkey", columns: ["id"] });
    expect(writer?.indexes).toEqual([
      { name: "author_expr_idx", keys: [{ expression: "lower(name)" }], unique: false },
    ]);
    expect(writer?.checks).toEqual([{ expression: "name <> ''" }]);
    expect(after.tables.find((t) => t.name === "book")?.foreignKeys[0]?.references).toEqual({
      table: "writer",
      columns: ["id"],
    });
  });

  test("renameInExpression leaves strings, functions and qualified names alone", () => {
    expect(renameInExpression(`a > 0 AND "a" <> 'a' AND a(1) AND t.a = 1`, "a", "b", dialectNamed("postgresql"))).toBe(
      `b > 0 AND "b" <> 'a' AND a(1) AND t.a = 1`,
    );
    expect(renameInExpression("A > 0", "a", "Big", dialectNamed("sqlite"))).toBe('"Big" > 0');
  });
});
