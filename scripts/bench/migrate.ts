/**
 * The `migrate` case: a one-statement plan (`ALTER TABLE … ADD COLUMN`) applied by `dist/pormg
 * migrate`, every timed run on a fresh copy of a template database (`CREATE DATABASE … TEMPLATE`,
 * untimed, dropped after). One interleaved run of seven commands; rows:
 *   - pormg on a 10-table schema vs `dbmate up` (same SQL, `--no-dump-schema`; budget ≤ 1.5×) and
 *     vs `psql -1 -f` (no budget);
 *   - the floor (`migrate-floor.ts`: a compiled Bun program doing dbmate's work with pormg's
 *     PostgreSQL client) vs `dbmate up` (no budget: what the runtime and the client alone cost);
 *   - pormg with 1,000 plans of history vs its own 1-plan time (budget ≤ 1.1×);
 *   - pormg on a 500-table schema vs its own 10-table time (budget ≤ 1.2×).
 * `--quick`: 50 plans, 100 tables, 3 runs. The 1,000-plan template takes minutes to build.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dbmateBinary, dbmateUrl } from "./dbmate.ts";
import { historyTemplate, plainRun, plainTemplate, pormgRun, tablesTemplate } from "./migrate-fixtures.ts";
import { floorBinary } from "./migrate-floor.ts";
import { dropAll } from "./pg-databases.ts";
import { header, quick, type Timing, timeRuns, wallRow } from "./timing.ts";

export async function benchMigrate(flags: readonly string[]): Promise<void> {
  const q = quick(flags);
  const plans = q ? 50 : 1000;
  const tables = q ? 100 : 500;
  const base = mkdtempSync(join(tmpdir(), "pormg-bench-migrate-"));
  try {
    const step = (what: string, started: number) =>
      console.error(`  [migrate] ${what} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    let started = performance.now();
    const small = tablesTemplate(base, 10);
    const large = tablesTemplate(base, tables);
    step(`templates of 10 and ${tables} tables`, started);
    started = performance.now();
    const one = await historyTemplate(base, 1);
    const many = await historyTemplate(base, plans);
    step(`templates with 1 and ${plans} plans of history`, started);
    const plain = plainTemplate(base, small);
    const dbmate = dbmateBinary();
    const floor = floorBinary();
    const [ours, dbm, psqlRun, floorRun, ours500, hist1, histN] = timeRuns(
      [
        pormgRun(base, small),
        plainRun(plain, (url) => [
          dbmate,
          "--url",
          dbmateUrl(url),
          "--migrations-dir",
          plain.migrations,
          "--no-dump-schema",
          "up",
        ]),
        plainRun(plain, (url) => ["psql", url, "-qX1", "-v", "ON_ERROR_STOP=1", "-f", plain.sqlFile]),
        plainRun(plain, (url) => [floor, url, plain.sqlFile]),
        pormgRun(base, large),
        pormgRun(base, one),
        pormgRun(base, many),
      ],
      q ? { runs: 3, warmup: 1 } : { runs: 10, warmup: 3 },
    ) as Timing[];
    header(`migrate: one ADD COLUMN plan, a fresh database per run (wall medians): ${small.sql}`);
    wallRow("migrate, 10 tables", ours as Timing, dbm as Timing, "dbmate up", 1.5);
    wallRow("migrate, 10 tables", ours as Timing, psqlRun as Timing, "psql -1 -f");
    wallRow("floor: Bun + postgres.js doing dbmate's work", floorRun as Timing, dbm as Timing, "dbmate up");
    wallRow(`migrate, ${plans} plans of history`, histN as Timing, hist1 as Timing, "own 1-plan", 1.1);
    wallRow(`migrate, ${tables}-table schema`, ours500 as Timing, ours as Timing, "own 10-table", 1.2);
  } finally {
    dropAll();
    rmSync(base, { recursive: true, force: true });
  }
}
