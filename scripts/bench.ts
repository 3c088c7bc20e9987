/**
 * Performance benchmarks against reference runs on the same machine, printed side by side with
 * their ratio, the budget (docs/design.md §9, issue 15) and a pass/FAIL verdict. Each comparison is
 * one interleaved run: the commands alternate in-process, warm-up rounds first, medians kept
 * (scripts/bench/timing.ts). Numbers vary by machine, so tests never assert them
 * (test/e2e/bench-online.test.ts and bench-smoke.test.ts check only that the cases run).
 *
 * Usage: bun scripts/bench.ts [case …] [--quick]   (default: every case but online; `--quick`:
 *        smaller sizes and fewer runs, a smoke run). Time dist/pormg: `npm run build` first.
 * Cases:
 *   version        `dist/pormg --version` vs a trivial program built with `bun build --compile`
 *                  (budget ≤ 25 ms)
 *   introspect     `dist/pormg check` and `dist/pormg schema --from db` on a 500-table, 8,000-column
 *                  PostgreSQL schema vs `pg_dump --schema-only` of the same schema (budget ≤ 1.0×)
 *   history        the history overhead per applied plan (the `planned` event's transaction plus the
 *                  `applied` append inside the plan's transaction) on PostgreSQL and SQLite, measured
 *                  with measureHistoryOverhead on a scratch schema / file (budget ≤ 5 ms)
 *   fleet          one three-plan release onto 50 fresh PostgreSQL databases with `migrate --targets`
 *                  at --parallel 1, 4 and 8: wall time next to the sum of 50 single `migrate --url`
 *                  runs (scripts/bench-fleet.ts; uses dist/pormg when built)
 *   online         8 writer connections on a 1M-row table while `migrate` adds an index, a foreign key,
 *                  SET NOT NULL and a CHECK: writer latency with online variants vs --no-online, and a
 *                  session holding ACCESS SHARE for 20 s (scripts/bench/online.ts; not in the default
 *                  set; `--quick`: 100k rows, 5 s blocker)
 *   sqlite-schema  SQLite `schema --from db` vs `sqlite3 app.sqlite .schema` at 50 / 500 / 2,000
 *                  tables (budget ≤ 5×; scripts/bench/sqlite-cases.ts)
 *   sqlite-check   SQLite `check` (models imported) vs `.schema` at 50 / 500 / 2,000 tables (budget
 *                  ≤ 10×) and its CPU growth from 500 to 2,000 tables (linear: ≤ 4.5×)
 *   pg-check       PostgreSQL `check` (models imported) vs `pg_dump --schema-only` at 50 / 500 / 2,000
 *                  tables of 16 columns: wall (budget ≤ 1.0×), CPU (user + sys of the child) and max
 *                  RSS (budget ≤ 80 MB), beside a trivial compiled Bun program's RSS (the floor)
 *   migrate        a one-statement migrate (ADD COLUMN), each run on a fresh copy of a template
 *                  database: on 10 tables vs `dbmate up` (budget ≤ 1.5×) and `psql -1 -f`; with 1,000
 *                  plans of history vs 1 (≤ 1.1×); on 500 tables vs 10 (≤ 1.2×) (scripts/bench/migrate.ts;
 *                  dbmate is installed on first use into <tmpdir>/pormg-bench-dbmate)
 *   status         `status` with 1 / 200 / 1,000 applied plans vs its own 1-plan time, on SQLite and
 *                  PostgreSQL (budget ≤ 1.5× at 1,000; building the 1,000-plan PostgreSQL project
 *                  takes ~3 min; `--quick`: 1 / 50 / 200) (scripts/bench/status.ts)
 *   mysql-introspect  MariaDB/MySQL `schema --from db` and `check` (models imported) vs `mysqldump
 *                  --no-data` at 50 / 500 tables (no budget: the ratio is reported; issue 16)
 *                  (scripts/bench/mysql-introspect.ts)
 * PostgreSQL comes from PORMG_TEST_PG_URL (default postgres://root@127.0.0.1:5432/test).
 */

import { benchHistory, benchIntrospect, benchVersion } from "./bench/classic.ts";
import { benchMigrate } from "./bench/migrate.ts";
import { benchMysqlIntrospect } from "./bench/mysql-introspect.ts";
import { benchOnline } from "./bench/online.ts";
import { benchPgCheck } from "./bench/pg-check.ts";
import { PG_URL } from "./bench/pg-schema.ts";
import { benchSqliteCheck, benchSqliteSchema } from "./bench/sqlite-cases.ts";
import { benchStatus } from "./bench/status.ts";
import { benchFleet } from "./bench-fleet.ts";

const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("--"));

const cases: Record<string, () => void | Promise<void>> = {
  version: benchVersion,
  introspect: benchIntrospect,
  history: benchHistory,
  fleet: () => benchFleet(PG_URL),
  online: () => benchOnline(PG_URL, flags),
  "sqlite-schema": () => benchSqliteSchema(flags),
  "sqlite-check": () => benchSqliteCheck(flags),
  "pg-check": () => benchPgCheck(flags),
  migrate: () => benchMigrate(flags),
  status: () => benchStatus(flags),
  "mysql-introspect": () => benchMysqlIntrospect(flags),
};
/** Cases that run only when named (minutes long, or not a ratio against a reference). */
const onlyWhenNamed = new Set(["online"]);
for (const name of wanted.length > 0 ? wanted : Object.keys(cases).filter((c) => !onlyWhenNamed.has(c))) {
  const run = cases[name];
  if (!run) {
    console.error(`unknown case "${name}"; cases: ${Object.keys(cases).join(", ")}`);
    process.exit(64);
  }
  await run();
}
