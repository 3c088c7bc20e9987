/**
 * Performance benchmarks against reference runs on the same machine, printed side by side with
 * their ratio and the budget from docs/design.md §9. Numbers vary by machine, so tests never assert
 * them (test/e2e/bench-online.test.ts smoke-runs `online --quick` and checks only its verdicts).
 *
 * Usage: bun scripts/bench.ts [case …] [--quick]   (default: every case but online)
 * Cases:
 *   version     `dist/pormg --version` vs a trivial program built with `bun build --compile`
 *               (budget ≤ 25 ms)
 *   introspect  `dist/pormg check` and `dist/pormg schema --from db` on a 500-table, 8,000-column
 *               PostgreSQL schema vs `pg_dump --schema-only` of the same schema (budget ≤ 1.0×)
 *   history     the history overhead per applied plan (the `planned` event's transaction plus the
 *               `applied` append inside the plan's transaction) on PostgreSQL and SQLite, measured
 *               with measureHistoryOverhead on a scratch schema / file (budget ≤ 5 ms)
 *   fleet       one three-plan release onto 50 fresh PostgreSQL databases with `migrate --targets`
 *               at --parallel 1, 4 and 8: wall time next to the sum of 50 single `migrate --url`
 *               runs (scripts/bench-fleet.ts; uses dist/pormg when built)
 *   online      8 writer connections on a 1M-row table while `migrate` adds an index, a foreign key,
 *               SET NOT NULL and a CHECK: writer latency with online variants vs --no-online, and a
 *               session holding ACCESS SHARE for 20 s (scripts/bench/online.ts; not in the default
 *               set; `--quick`: 100k rows, 5 s blocker)
 * PostgreSQL comes from PORMG_TEST_PG_URL (default postgres://root@127.0.0.1:5432/test).
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Driver } from "../src/core/driver.ts";
import { connect } from "../src/dialect/connect.ts";
import { dialectNamed } from "../src/dialect/dialect.ts";
import { type HistoryOverhead, measureHistoryOverhead } from "../src/history/history-bench.ts";
import { benchOnline } from "./bench/online.ts";
import { benchFleet } from "./bench-fleet.ts";

const root = resolve(import.meta.dir, "..");

/** Median and 90th percentile of `runs` timed runs of a command, in milliseconds. */
interface Timing {
  readonly median: number;
  readonly p90: number;
}

function timeRuns(commands: readonly (readonly string[])[], runs: number): Timing[] {
  const samples: number[][] = commands.map(() => []);
  for (let i = 0; i < runs + 3; i++) {
    // Interleave the commands so machine noise hits them alike; the first 3 rounds warm caches.
    commands.forEach((command, index) => {
      const start = performance.now();
      const result = spawnSync(command[0] as string, command.slice(1), { stdio: "ignore" });
      const elapsed = performance.now() - start;
      if (result.status !== 0) throw new Error(`${command.join(" ")} exited ${result.status}`);
      if (i >= 3) samples[index]?.push(elapsed);
    });
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { median: at(0.5), p90: at(0.9) };
  });
}

function build(entry: string, outfile: string): void {
  const result = spawnSync(process.execPath, ["build", "--compile", entry, "--outfile", outfile], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`bun build --compile ${entry} failed`);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

function row(name: string, ours: Timing, reference: Timing, referenceName: string, budget: string): void {
  console.log(
    `${name.padEnd(22)} pormg ${ms(ours.median).padStart(9)} (p90 ${ms(ours.p90)})   ` +
      `${referenceName} ${ms(reference.median).padStart(9)} (p90 ${ms(reference.p90)})   ` +
      `ratio ${(ours.median / reference.median).toFixed(2)}×   budget ${budget}`,
  );
}

function benchVersion(): void {
  const binary = join(root, "dist", "pormg");
  if (!existsSync(binary)) throw new Error("dist/pormg is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
  writeFileSync(join(dir, "trivial.ts"), 'console.log("0.0.0");\n');
  build(join(dir, "trivial.ts"), join(dir, "trivial"));
  const [ours, reference] = timeRuns([[binary, "--version"], [join(dir, "trivial")]], 50) as [Timing, Timing];
  row(
    "--version (binary)",
    ours,
    reference,
    "trivial bun binary",
    `≤ 25 ms (now ${ours.median <= 25 ? "met" : "MISSED"})`,
  );
}

const PG_URL = process.env.PORMG_TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/test";
const BENCH_SCHEMA = "pormg_bench_500";

/** DDL for 500 tables with 16 columns each (mixed types), a foreign key and an index per table. */
function benchDdl(tables: number, columnsPerTable: number): string {
  const types = [
    "integer",
    "bigint",
    "varchar(80)",
    "text",
    "boolean",
    "numeric(12,2)",
    "timestamptz",
    "date",
    "uuid",
    "jsonb",
  ];
  const out = [
    `DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE;`,
    `CREATE SCHEMA ${BENCH_SCHEMA};`,
    `SET search_path TO ${BENCH_SCHEMA};`,
  ];
  for (let t = 0; t < tables; t++) {
    const columns = ["id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"];
    if (t > 0) columns.push(`parent_id bigint REFERENCES t${t - 1} (id) ON DELETE CASCADE`);
    for (let c = columns.length; c < columnsPerTable; c++) {
      const type = types[(t + c) % types.length];
      columns.push(
        `c${c} ${type}${c % 3 === 0 ? " NOT NULL" : ""}${c % 5 === 0 && type === "integer" ? " DEFAULT 0" : ""}`,
      );
    }
    out.push(`CREATE TABLE t${t} (\n  ${columns.join(",\n  ")}\n);`, `CREATE INDEX t${t}_c2_idx ON t${t} (c2);`);
  }
  return out.join("\n");
}

function psql(sql: string): void {
  const result = spawnSync("psql", [PG_URL, "-q", "-v", "ON_ERROR_STOP=1"], {
    input: `SET client_min_messages = warning;\n${sql}`,
    stdio: ["pipe", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error("psql failed");
}

function benchIntrospect(): void {
  const binary = join(root, "dist", "pormg");
  if (!existsSync(binary)) throw new Error("dist/pormg is missing: run `npm run build` first");
  psql(benchDdl(500, 16));
  try {
    const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
    mkdirSync(join(dir, "db"));
    writeFileSync(
      join(dir, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${BENCH_SCHEMA}\n`,
    );
    const imported = spawnSync(binary, ["import-models", "--db", join(dir, "db")], { encoding: "utf8" });
    if (imported.status !== 0) throw new Error(`import-models failed: ${imported.stderr}`);
    const pgDump = ["pg_dump", "--schema-only", "-n", BENCH_SCHEMA, PG_URL];
    const [check, schema, dump] = timeRuns(
      [[binary, "check", "--db", join(dir, "db")], [binary, "schema", "--from", "db", "--db", join(dir, "db")], pgDump],
      10,
    ) as [Timing, Timing, Timing];
    row(
      "check (500 tables)",
      check,
      dump,
      "pg_dump --schema-only",
      `≤ 1.0× (now ${check.median <= dump.median ? "met" : "MISSED"})`,
    );
    row(
      "schema --from db",
      schema,
      dump,
      "pg_dump --schema-only",
      `≤ 1.0× (now ${schema.median <= dump.median ? "met" : "MISSED"})`,
    );
  } finally {
    psql(`DROP SCHEMA IF EXISTS ${BENCH_SCHEMA} CASCADE;`);
  }
}

function historyRow(name: string, h: HistoryOverhead): void {
  const t = h.overhead;
  console.log(
    `${name.padEnd(22)} pormg ${ms(t.medianMs).padStart(9)} (p95 ${ms(t.p95Ms)})   ` +
      `planned ${ms(h.planned.medianMs)} + applied ${ms(h.applied.medianMs)}, ` +
      `with the plan's COMMIT ${ms(h.withPlanCommit.medianMs)}   ${h.iterations} plans   ` +
      `budget ≤ 5 ms (now ${t.medianMs <= 5 ? "met" : "MISSED"})`,
  );
}

/** The history overhead per applied plan on both dialects, on a scratch schema and a scratch file. */
async function benchHistory(): Promise<void> {
  const schema = `pormg_bench_history_${process.pid}`;
  const admin = await connect({ dialect: "postgresql", url: PG_URL });
  await admin.execute(`CREATE SCHEMA "${schema}"`);
  let pg: Driver | undefined;
  try {
    pg = await connect({ dialect: "postgresql", url: PG_URL });
    await pg.execute(`SET search_path TO "${schema}"`);
    historyRow("history (postgresql)", await measureHistoryOverhead(pg, dialectNamed(pg.dialect), 200));
  } finally {
    await pg?.close();
    await admin.execute(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.close();
  }
  const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
  const sqlite = await connect({ dialect: "sqlite", path: join(dir, "history.sqlite") });
  try {
    historyRow("history (sqlite)", await measureHistoryOverhead(sqlite, dialectNamed(sqlite.dialect), 200));
  } finally {
    await sqlite.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const cases: Record<string, () => void | Promise<void>> = {
  version: benchVersion,
  introspect: benchIntrospect,
  history: benchHistory,
  fleet: () => benchFleet(PG_URL),
  online: () => benchOnline(PG_URL, flags),
};
/** Cases that run only when named (minutes long, or not a ratio against a reference). */
const onlyWhenNamed = new Set(["online"]);
const flags = process.argv.slice(2).filter((a) => a.startsWith("--"));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith("--"));
for (const name of wanted.length > 0 ? wanted : Object.keys(cases).filter((c) => !onlyWhenNamed.has(c))) {
  const run = cases[name];
  if (!run) {
    console.error(`unknown case "${name}"; cases: ${Object.keys(cases).join(", ")}`);
    process.exit(64);
  }
  await run();
}
