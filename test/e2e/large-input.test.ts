/**
 * Large inputs stay linear: a plan with a 10 MB string literal goes through `dry-run`, and a 2 MB
 * `connection.yml` (tens of thousands of keys) loads, each well within the test's time limit
 * (they took minutes when a step was quadratic). Real CLI processes.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pormg, tempDir } from "../lib/cli.ts";

describe("large inputs", () => {
  test("dry-run of a plan holding a 10 MB string literal", () => {
    const cwd = tempDir("pormg-large-");
    mkdirSync(join(cwd, "db"));
    writeFileSync(
      join(cwd, "db", "connection.yml"),
      "dev:\n  adapter: SQLite\n  database: app.sqlite\n  config:\n    change_db: true\n",
    );
    writeFileSync(
      join(cwd, "db", "models.ts"),
      'import { Models } from "pormg";\nexport const Note = Models.Model({ id: Models.IDField(), body: Models.TextField() });\n',
    );
    expect(pormg(["makemigrations"], { cwd }).code).toBe(0);
    const pending = join(cwd, "db", "migrations", "pending_migrations.sql");
    const literal = "x".repeat(10 * 1024 * 1024);
    writeFileSync(
      pending,
      `${readFileSync(pending, "utf8")}-- step: Data (post): big\nINSERT INTO "note" ("body") VALUES ('${literal}');\n`,
    );
    const r = pormg(["dry-run", "--json"], { cwd });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const big = (doc.statements as { label: string; sql: string }[]).find((s) => s.label === "Data (post): big");
    expect(big?.sql).toBe(`INSERT INTO "note" ("body") VALUES ('${literal}');`);
  }, 60_000);

  test("a 2 MB connection.yml with 100,000 keys loads, and a duplicate among them is found", () => {
    const cwd = tempDir("pormg-large-");
    mkdirSync(join(cwd, "db"));
    const keys = Array.from({ length: 100_000 }, (_, i) => `  extra_${i}: value\n`).join("");
    const text = `dev:\n  adapter: SQLite\n  database: app.sqlite\n${keys}`;
    expect(text.length).toBeGreaterThan(2_000_000);
    writeFileSync(join(cwd, "db", "connection.yml"), text);
    const r = pormg(["info", "--json"], { cwd });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).warnings.length).toBe(100_000);
    writeFileSync(join(cwd, "db", "connection.yml"), `${text}  extra_5: again\n`);
    const dup = pormg(["info"], { cwd });
    expect(dup.code).toBe(78);
    expect(dup.stderr).toContain(`db/connection.yml:${100_004}:3: malformed YAML: the key "extra_5" appears twice`);
  }, 60_000);
});
