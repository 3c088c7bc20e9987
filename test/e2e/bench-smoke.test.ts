/**
 * A smoke run of `scripts/bench.ts sqlite-schema --quick` (50 and 200 SQLite tables) through the
 * compiled binary: it exits 0 and prints a ratio row per size with a verdict. The times, ratios and
 * verdicts themselves are never asserted (they vary by machine and load).
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { compiledBinary, ROOT, run } from "../lib/cli.ts";

test("bench sqlite-schema --quick: prints a ratio row per size", () => {
  const r = run(process.execPath, [join(ROOT, "scripts", "bench.ts"), "sqlite-schema", "--quick"], {
    cwd: ROOT,
    env: { PORMG_BINARY: compiledBinary() },
  });
  if (r.code !== 0) console.error(r.stdout, r.stderr);
  expect(r.code).toBe(0);
  const rows = r.stdout.split("\n").filter((l) => /^schema --from db, \d+ tables .* ratio +\d+\.\d+× +budget /.test(l));
  expect(rows.map((l) => l.match(/, (\d+) tables/)?.[1])).toEqual(["50", "200"]);
  for (const row of rows) expect(row).toMatch(/ (pass|FAIL)$/);
}, 120_000);
