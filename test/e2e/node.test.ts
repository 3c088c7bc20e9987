import { expect, test } from "bun:test";
import { join } from "node:path";
import { ROOT, run, tempDir } from "../lib/cli.ts";

test("on Node.js the SQLite driver runs on better-sqlite3", () => {
  const dir = tempDir("pormg-node-");
  const bundle = join(dir, "node-sqlite.mjs");
  const built = run(
    process.execPath,
    [
      "build",
      join(ROOT, "test/e2e/fixtures/node-sqlite.ts"),
      "--target=node",
      "--packages=external",
      "--outfile",
      bundle,
    ],
    { cwd: ROOT },
  );
  expect(built.code).toBe(0);
  // The bundle imports its packages from the repository's node_modules.
  const copy = join(ROOT, "node_modules", ".pormg-node-test.mjs");
  run("cp", [bundle, copy], { cwd: ROOT });
  const r = run("node", [copy, join(dir, "t.sqlite")], { cwd: ROOT });
  run("rm", ["-f", copy], { cwd: ROOT });
  expect(r.stderr).toBe("");
  const out = JSON.parse(r.stdout);
  expect(out.runtime).toBe("node");
  expect(out.serverVersion).toMatch(/^3\.\d+/);
  expect(out.rows).toEqual([{ id: 1, flag: 1, name: "a" }]);
});
