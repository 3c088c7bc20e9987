/**
 * The first benchmark cases: `version` (start-up), `introspect` (500 PostgreSQL tables vs
 * pg_dump) and `history` (the history overhead per applied plan on both dialects).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Driver } from "../../src/core/driver.ts";
import { connect } from "../../src/dialect/connect.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import { type HistoryOverhead, measureHistoryOverhead } from "../../src/history/history-bench.ts";
import { benchDdl, PG_URL, psql } from "./pg-schema.ts";
import { binary, header, ms, must, type Timing, timeRuns, trivialBinary, wallRow } from "./timing.ts";

export function benchVersion(): void {
  const [ours, reference] = timeRuns([[binary(), "--version"], [trivialBinary()]], { runs: 50 }) as [Timing, Timing];
  header("version: `pormg --version` vs a trivial compiled Bun program (wall medians)");
  wallRow("--version (binary)", ours, reference, "trivial bun binary", {
    text: "≤ 25 ms",
    pass: ours.median <= 25,
  });
}

const BENCH_SCHEMA = "pormg_bench_500";

export function benchIntrospect(): void {
  const pormg = binary();
  psql(benchDdl(BENCH_SCHEMA, 500, 16));
  try {
    const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
    mkdirSync(join(dir, "db"));
    writeFileSync(
      join(dir, "db", "connection.yml"),
      `dev:\n  adapter: PostgreSQL\n  url: ${PG_URL}\n  schema: ${BENCH_SCHEMA}\n`,
    );
    must([pormg, "import-models", "--db", join(dir, "db")]);
    const pgDump = ["pg_dump", "--schema-only", "-n", BENCH_SCHEMA, PG_URL];
    const [check, schema, dump] = timeRuns(
      [[pormg, "check", "--db", join(dir, "db")], [pormg, "schema", "--from", "db", "--db", join(dir, "db")], pgDump],
      { runs: 10 },
    ) as [Timing, Timing, Timing];
    header("introspect: `pormg check` and `schema --from db` vs `pg_dump --schema-only`, 500 tables (wall medians)");
    wallRow("check (500 tables)", check, dump, "pg_dump --schema-only", 1);
    wallRow("schema --from db (500 tables)", schema, dump, "pg_dump --schema-only", 1);
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
export async function benchHistory(): Promise<void> {
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
