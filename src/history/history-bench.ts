import type { Driver } from "../core/driver.ts";
import { sha256Hex } from "../core/hash.ts";
import { appendEvent, recordEvent } from "./event-store.ts";
import type { HistoryDialect } from "./history-sql.ts";
import { initHistory } from "./init-history.ts";

/** A HistoryOverhead is what recording one applied plan costs, in milliseconds (median, p95, mean of the iterations). */
export interface HistoryOverhead {
  readonly iterations: number;
  /** The overhead per applied plan: the `planned` transaction plus the `applied` append inside the plan's transaction. */
  readonly overhead: Timing;
  /** The `planned` event in its own transaction (its COMMIT makes the run visible before the plan runs). */
  readonly planned: Timing;
  /** The `applied` append's statements inside the plan's transaction (the plan's own COMMIT excluded). */
  readonly applied: Timing;
  /** The same as `overhead` plus the COMMIT of the transaction standing for the plan's (an upper bound). */
  readonly withPlanCommit: Timing;
}

/** A Timing summarizes measurements in milliseconds. */
export interface Timing {
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly meanMs: number;
}

/**
 * Measures the history overhead per applied plan (docs/design.md §9: ≤ 5 ms beyond the plan's own SQL):
 * for each iteration a fresh version gets a `planned` event in its own transaction, then an
 * `applied` event inside a transaction standing for the plan's. Writes real events: run it on a
 * scratch database only.
 */
export async function measureHistoryOverhead(
  driver: Driver,
  dialect: HistoryDialect,
  iterations = 200,
): Promise<HistoryOverhead> {
  await initHistory(driver, dialect, { actor: "bench" });
  const sqlContent = "CREATE TABLE bench (id integer);";
  const checksum = sha256Hex(sqlContent);
  const planned: number[] = [];
  const applied: number[] = [];
  const total: number[] = [];
  const base = BigInt(Date.now()) * 1000n;
  for (let i = 0; i < iterations; i++) {
    const version = `9${String(base + BigInt(i)).padStart(16, "0")}`;
    const started = performance.now();
    const event = await recordEvent(driver, dialect, {
      version,
      actor: "bench",
      type: "planned",
      payload: { name: "bench", checksum, sqlContent, isDestructive: false, statements: 1 },
    });
    planned.push(performance.now() - started);
    await driver.transaction(async (tx) => {
      const appendStarted = performance.now();
      await appendEvent(
        tx,
        dialect,
        { version, actor: "bench", type: "applied", payload: { durationMs: 0, statements: 1 } },
        { expectedSeq: event.seq },
      );
      applied.push(performance.now() - appendStarted);
    });
    total.push(performance.now() - started);
  }
  return {
    iterations,
    overhead: timing(planned.map((p, i) => p + (applied[i] ?? 0))),
    planned: timing(planned),
    applied: timing(applied),
    withPlanCommit: timing(total),
  };
}

function timing(values: readonly number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    meanMs: round(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
  };
}
