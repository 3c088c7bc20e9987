/**
 * The SQLite introspection cases, at 50 / 500 / 2,000 tables of `sqliteBenchDdl` (`--quick`: 50 /
 * 200), every size interleaved in one run:
 *   sqlite-schema  `dist/pormg schema --from db` vs `sqlite3 app.sqlite .schema` (budget ≤ 5×)
 *   sqlite-check   `dist/pormg check` (after `import-models`, so the models match) vs `.schema`
 *                  (budget ≤ 10×), and whether its CPU grows linearly: CPU at the largest size over
 *                  CPU at the size 4× smaller (linear: ≤ 4.5× for 4× the tables).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sqliteBenchDdl } from "./sqlite-schema.ts";
import { binary, type Command, header, ms, must, quick, ratioRow, type Timing, timeRuns, wallRow } from "./timing.ts";

/** CPU growth from 4× fewer tables to 4× more that still counts as linear. */
const LINEAR = 4.5;

interface Fixture {
  readonly tables: number;
  readonly db: string;
  readonly file: string;
}

/** A pormg folder on a fresh `tables`-table SQLite file; `models` also imports its models. */
function fixture(base: string, tables: number, models: boolean): Fixture {
  const db = join(base, `sqlite-${tables}`);
  mkdirSync(db, { recursive: true });
  const file = join(db, "app.sqlite");
  must(["sqlite3", file], { input: sqliteBenchDdl(tables) });
  writeFileSync(join(db, "connection.yml"), `default_env: dev\ndev:\n  adapter: SQLite\n  database: ${file}\n`);
  if (models) must([binary(), "import-models", "--db", db, "--non-interactive"]);
  return { tables, db, file };
}

function sizes(flags: readonly string[]): number[] {
  return quick(flags) ? [50, 200] : [50, 500, 2000];
}

function runOptions(flags: readonly string[]) {
  return quick(flags) ? { runs: 3, warmup: 1 } : { runs: 10, warmup: 3 };
}

/** Times `pormg args` against `sqlite3 .schema` at every size, interleaved. */
function measure(flags: readonly string[], args: readonly string[], models: boolean, ok?: readonly number[]) {
  const base = mkdtempSync(join(tmpdir(), "pormg-bench-sqlite-"));
  try {
    const fixtures = sizes(flags).map((n) => fixture(base, n, models));
    const commands: Command[] = fixtures.flatMap((f) => [
      { argv: [binary(), ...args, "--db", f.db, "--non-interactive"], ...(ok ? { ok } : {}) },
      { argv: ["sqlite3", f.file, ".schema"] },
    ]);
    const timings = timeRuns(commands, runOptions(flags));
    return fixtures.map((f, i) => ({
      fixture: f,
      ours: timings[2 * i] as Timing,
      reference: timings[2 * i + 1] as Timing,
    }));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}

export function benchSqliteSchema(flags: readonly string[]): void {
  header("sqlite-schema: `pormg schema --from db` vs `sqlite3 .schema` (wall medians)");
  for (const r of measure(flags, ["schema", "--from", "db"], false))
    wallRow(`schema --from db, ${r.fixture.tables} tables`, r.ours, r.reference, "sqlite3 .schema", 5);
}

export function benchSqliteCheck(flags: readonly string[]): void {
  header("sqlite-check: `pormg check` (models imported) vs `sqlite3 .schema` (wall medians)");
  const results = measure(flags, ["check"], true);
  for (const r of results) wallRow(`check, ${r.fixture.tables} tables`, r.ours, r.reference, "sqlite3 .schema", 10);
  const large = results[results.length - 1];
  const small = results.find((r) => large && r.fixture.tables * 4 === large.fixture.tables);
  if (large && small) {
    ratioRow(
      `check CPU, ${large.fixture.tables} vs ${small.fixture.tables} tables`,
      `${ms(large.ours.cpu)} CPU`,
      `own ${small.fixture.tables}: ${ms(small.ours.cpu)} CPU`,
      large.ours.cpu / small.ours.cpu,
      { text: `≤ ${LINEAR}× (linear)`, pass: large.ours.cpu / small.ours.cpu <= LINEAR },
    );
    console.log(
      `  CPU grows ${(large.ours.cpu / small.ours.cpu).toFixed(2)}× for 4× the tables: ` +
        `${large.ours.cpu / small.ours.cpu <= LINEAR ? "linear" : "superlinear"} ` +
        `(sqlite3 .schema: ${(large.reference.cpu / small.reference.cpu).toFixed(2)}×)`,
    );
  }
}
