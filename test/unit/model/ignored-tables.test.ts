import { describe, expect, test } from "bun:test";
import { dialectNamed } from "../../../src/dialect/dialect.ts";
import { ignoredTableProblems } from "../../../src/model/ignored-tables.ts";
import { Models } from "../../../src/model/models.ts";

const Author = Models.Model({ id: Models.IDField(), name: Models.TextField() });

describe("models whose table an ignore prefix covers", () => {
  test("built-in prefixes and ignore_tables are named with the model, the table and the fix", () => {
    // The default table of AuthUser is "authuser": no prefix matches.
    const AuthUser = Models.Model({ id: Models.IDField() });
    const Orders = Models.Model({ id: Models.IDField() }, { dbTable: "legacy_orders" });
    expect(ignoredTableProblems({ Author, AuthUser, Orders }, dialectNamed("postgresql"), [])).toEqual([]);
    const Auth = Models.Model({ id: Models.IDField() }, { dbTable: "auth_user" });
    const found = ignoredTableProblems({ Author, Auth, Orders }, dialectNamed("postgresql"), ["legacy_"]);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('Model "Auth": table "auth_user" starts with the ignored prefix "auth_"');
    expect(found[0]).toContain("built-in ignore list for PostgreSQL");
    expect(found[0]).toContain("managed: false");
    expect(found[1]).toContain('Model "Orders": table "legacy_orders" starts with the ignored prefix "legacy_"');
    expect(found[1]).toContain('remove "legacy_" from ignore_tables');
  });

  test("pormg's own history prefix is refused on both dialects; SQLite has no auth_ prefix", () => {
    const Archive = Models.Model({ id: Models.IDField() }, { dbTable: "pormg_migrations_archive" });
    const Auth = Models.Model({ id: Models.IDField() }, { dbTable: "auth_user" });
    expect(ignoredTableProblems({ Archive, Auth }, dialectNamed("sqlite"), [])).toEqual([
      expect.stringContaining(
        'Model "Archive": table "pormg_migrations_archive" starts with the ignored prefix "pormg_migration"',
      ),
    ]);
    expect(ignoredTableProblems({ Archive }, dialectNamed("postgresql"), [])).toHaveLength(1);
  });

  test("managed: false models are fine; a join table is named by its field", () => {
    const Group = Models.Model({ id: Models.IDField() }, { dbTable: "auth_group", managed: false });
    const Person = Models.Model(
      { id: Models.IDField(), groups: Models.ManyToManyField("Group") },
      { dbTable: "legacy_person" },
    );
    const problems = ignoredTableProblems({ Group, Person }, dialectNamed("postgresql"), ["legacy_"]);
    expect(problems.map((p) => p.split(":")[0])).toEqual([
      'Model "Person"',
      'Model "Person" field "groups" join table',
    ]);
  });
});
