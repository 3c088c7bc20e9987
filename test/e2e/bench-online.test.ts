/**
 * A smoke run of `scripts/bench.ts online --quick` (100k rows, 8 writers, a 5 s ACCESS SHARE
 * blocker) through the real CLI: every run ends with `pormg check` clean, and behind the blocker
 * a 3 s lock timeout keeps every writer's wait within it — with the default of `--lock-retries`
 * once the CLI has it, else with `--lock-timeout 3`, which fails naming the blocker.
 * The latency figures themselves are not asserted (they vary by machine).
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import { postgresDialect } from "../../src/dialect/postgres/postgres-dialect.ts";
import { PG_URL, ROOT, run } from "../lib/cli.ts";
import { dialectSelected } from "../lib/dialects.ts";

test.skipIf(!dialectSelected(postgresDialect.name))(
  "bench online --quick: runs every mode it can, check clean, writers bounded by the lock timeout",
  () => {
    const r = run(process.execPath, [join(ROOT, "scripts", "bench.ts"), "online", "--quick"], {
      cwd: ROOT,
      env: { PORMG_TEST_PG_URL: PG_URL },
    });
    if (r.code !== 0) console.error(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toStartWith("online: 100000 rows, 8 writers, blocker 5 s;");
    const rows = lines.filter((l) => /^(traffic|blocker), /.test(l) && / exit \d+ /.test(l));
    expect(rows.map((l) => l.split(/\s{2,}/)[0])).toContain("traffic, blocking");
    for (const row of rows) expect(row).toEndWith("clean");
    const retries = !lines[0]?.includes("no --lock-retries");
    const verdict = lines.find((l) => l.startsWith(retries ? "blocker, defaults:" : "blocker, --lock-timeout 3:"));
    expect(verdict).toContain("writers never waited more than the 3 s lock timeout");
    if (!retries) expect(verdict).toMatch(/failed: LOCK_TIMEOUT, names the blocker \(pid \d+\)/);
  },
  120_000,
);
