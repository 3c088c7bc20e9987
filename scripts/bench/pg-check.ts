/**
 * The `pg-check` case: `dist/pormg check` (after `import-models`, so the models match) on
 * PostgreSQL schemas of 50 / 500 / 2,000 tables of 16 columns (`benchDdl`, the `introspect` case's
 * generator; `--quick`: 50 / 200) vs `pg_dump --schema-only` of the same schema, every size
 * interleaved in one run (each size in a scratch database `bench_pgcheck_<n>_<pid>`) with a trivial compiled Bun program (the floor of a Bun binary's RSS).
 * Rows per size: wall (budget ≤ 1.0×), CPU (user + system of the child from Bun.spawnSync's
 * resourceUsage, i.e. wait4's rusage; no budget of its own) and max RSS over the runs, from GNU
 * time's %M (Bun's own maxRSS includes Bun's; see timing.ts) (budget ≤ 80 MB).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDatabase, dropAll, tag } from "./pg-databases.ts";
import { benchDdl, psql } from "./pg-schema.ts";
import {
  binary,
  type Command,
  header,
  mb,
  ms,
  must,
  quick,
  ratioRow,
  type Timing,
  timeRuns,
  trivialBinary,
  wallRow,
} from "./timing.ts";

const RSS_BUDGET_MB = 80;

/** Each size lives in a database of its own (`bench_pgcheck_<n>_<pid>`): dropping the database is
 * cheap, where one DROP SCHEMA … CASCADE of 2,000 tables runs out of max_locks_per_transaction. */
const SCHEMA = "pormg_bench_pgcheck";

export function benchPgCheck(flags: readonly string[]): void {
  const sizes = quick(flags) ? [50, 200] : [50, 500, 2000];
  const base = mkdtempSync(join(tmpdir(), "pormg-bench-pgcheck-"));
  try {
    const urls = sizes.map((tables) => createDatabase(tag(`pgcheck_${tables}`)));
    const folders = sizes.map((tables, i) => {
      const started = performance.now();
      psql(benchDdl(SCHEMA, tables, 16), urls[i]);
      const db = join(base, `pg-${tables}`);
      mkdirSync(db);
      writeFileSync(
        join(db, "connection.yml"),
        `dev:\n  adapter: PostgreSQL\n  url: ${urls[i]}\n  schema: ${SCHEMA}\n`,
      );
      must([binary(), "import-models", "--db", db, "--non-interactive"]);
      console.error(`  [pg-check] ${tables} tables ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return db;
    });
    const commands: Command[] = [
      { argv: [trivialBinary()] },
      ...folders.flatMap((folder, i) => [
        { argv: [binary(), "check", "--db", folder, "--non-interactive"] },
        { argv: ["pg_dump", "--schema-only", "-n", SCHEMA, urls[i] as string] },
      ]),
    ];
    const [floor, ...timings] = timeRuns(
      commands,
      quick(flags) ? { runs: 3, warmup: 1, rss: true } : { runs: 10, rss: true },
    ) as Timing[];
    header("pg-check: PostgreSQL `pormg check` (models imported) vs `pg_dump --schema-only` (medians)");
    sizes.forEach((tables, i) => {
      const ours = timings[2 * i] as Timing;
      const dump = timings[2 * i + 1] as Timing;
      wallRow(`check wall, ${tables} tables`, ours, dump, "pg_dump", 1.0);
      ratioRow(
        `check CPU, ${tables} tables`,
        `${ms(ours.cpu)} CPU`,
        `pg_dump ${ms(dump.cpu)} CPU`,
        ours.cpu / dump.cpu,
        undefined,
      );
      ratioRow(
        `check max RSS, ${tables} tables`,
        mb(ours.maxRss),
        `pg_dump ${mb(dump.maxRss)}`,
        ours.maxRss / dump.maxRss,
        { text: `≤ ${RSS_BUDGET_MB} MB`, pass: ours.maxRss <= RSS_BUDGET_MB * 1024 * 1024 },
      );
    });
    console.log(
      `  floor: a trivial \`bun build --compile\` program: max RSS ${mb(floor?.maxRss ?? 0)}, ` +
        `${ms(floor?.median ?? 0)} wall, ${ms(floor?.cpu ?? 0)} CPU`,
    );
  } finally {
    dropAll();
    rmSync(base, { recursive: true, force: true });
  }
}
