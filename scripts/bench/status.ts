/**
 * The `status` case: `dist/pormg status` on historyProject's one-table projects with 1 / 200 /
 * 1,000 applied plans (`--quick`: 1 / 50 / 200), on SQLite and on PostgreSQL (a scratch database
 * `bench_status_<pid>`, one schema per project), every project interleaved in one run. Each size is
 * compared with the same dialect's 1-plan time; the budget (≤ 1.5×) applies to the largest history.
 * Building the 1,000-plan PostgreSQL project takes ~3 minutes.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { historyProject } from "./history-project.ts";
import { createDatabase, dropAll, tag } from "./pg-databases.ts";
import { binary, type Command, header, quick, type Timing, timeRuns, wallRow } from "./timing.ts";

const BUDGET = 1.5;
const DIALECTS = ["sqlite", "postgresql"] as const;

export async function benchStatus(flags: readonly string[]): Promise<void> {
  const q = quick(flags);
  const sizes = q ? [1, 50, 200] : [1, 200, 1000];
  const base = mkdtempSync(join(tmpdir(), "pormg-bench-status-"));
  process.env.PORMG_BIN ??= binary();
  try {
    const url = createDatabase(tag("status"));
    const projects: { dialect: (typeof DIALECTS)[number]; plans: number; dir: string }[] = [];
    for (const dialect of DIALECTS)
      for (const plans of sizes) {
        const started = performance.now();
        const dir = join(base, `${dialect}_${plans}`);
        await historyProject({ dialect, url, plans, dir });
        console.error(
          `  [status] ${dialect}, ${plans} plans built in ${((performance.now() - started) / 1000).toFixed(1)} s`,
        );
        projects.push({ dialect, plans, dir });
      }
    const commands: Command[] = projects.map((p) => ({
      argv: [binary(), "status", "--db", p.dir, "--non-interactive"],
    }));
    const timings = timeRuns(commands, q ? { runs: 3, warmup: 1 } : { runs: 10, warmup: 3 }) as Timing[];
    header("status: `pormg status` by length of history vs its own 1-plan time (wall medians)");
    for (const dialect of DIALECTS) {
      const at = (plans: number) => timings[projects.findIndex((p) => p.dialect === dialect && p.plans === plans)];
      const one = at(1) as Timing;
      for (const plans of sizes.slice(1)) {
        const budget = plans === sizes[sizes.length - 1] ? BUDGET : undefined;
        wallRow(`status, ${dialect}, ${plans} plans`, at(plans) as Timing, one, "own 1-plan", budget);
      }
    }
  } finally {
    dropAll();
    rmSync(base, { recursive: true, force: true });
  }
}
