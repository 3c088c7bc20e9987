/**
 * `npm run lint`'s Biome check passes with the example and scratch database folders a developer makes at the
 * top of a checkout (the README's quick start, `scripts/example.sh`): Biome skips what git
 * ignores (biome.json `vcs.useIgnoreFile`), and .gitignore lists those folders. Run on a copy of
 * the repository with real `pormg setup` folders in it, plus one badly formatted file in each.
 */
import { describe, expect, test } from "bun:test";
import { cpSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { pormg, ROOT, run, tempDir } from "../lib/cli.ts";

/** Folders .gitignore names as scratch: the quick start's, scripts/example.sh's default and common ones. */
const SCRATCH = ["example-db", "example-db-2", "db", "db_2", "pgdb", "scratch", "tmp"];
const UNFORMATTED = "export   const  x = {a:1,\n b:2}\n";

function copyOfRepository(): string {
  const copy = join(tempDir("pormg-lint-"), "pormg");
  const skipped = new Set(["node_modules", ".git", "dist", ...SCRATCH]);
  cpSync(ROOT, copy, {
    recursive: true,
    filter: (source) => !skipped.has(relative(ROOT, source).split("/")[0] ?? ""),
  });
  symlinkSync(realpathSync(join(ROOT, "node_modules")), join(copy, "node_modules"));
  return copy;
}

describe("lint with scratch folders", () => {
  test("biome check passes beside pormg setup's folders; the same file outside them fails it", () => {
    const copy = copyOfRepository();
    for (const name of SCRATCH) {
      const r = pormg(["setup", "--db", name], { cwd: copy });
      expect(r.code).toBe(0);
      writeFileSync(join(copy, name, "scratch.ts"), UNFORMATTED);
    }
    // Biome is the part of `npm run lint` that reads these folders (the rest checks imports and docs).
    const lint = run(join(copy, "node_modules", ".bin", "biome"), ["check", "."], { cwd: copy });
    expect(lint.stderr + lint.stdout).not.toContain("example-db");
    expect(lint.code).toBe(0);

    // The control: a folder .gitignore does not name is linted, so the check above can fail.
    mkdirSync(join(copy, "mine"));
    writeFileSync(join(copy, "mine", "scratch.ts"), UNFORMATTED);
    const failing = run(join(copy, "node_modules", ".bin", "biome"), ["check", "."], { cwd: copy });
    expect(failing.code).not.toBe(0);
    expect(failing.stderr + failing.stdout).toContain("mine/scratch.ts");
  }, 120_000);
});
