import { type StatusEntry, status } from "../../src/use-cases/status.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg status`: applied, failed, superseded and interrupted migrations, the pending plan, drift signals, the lock. */
export const statusCommand: CommandSpec = {
  name: "status",
  summary: "show applied, failed, interrupted and pending migrations, drift signals and the lock holder",
  run: async (ctx: Context): Promise<CommandResult> => {
    const s = await status(ctx.config());
    const list = (entries: readonly StatusEntry[], what: (e: StatusEntry) => string) =>
      entries.map((e) => `    [${e.version}] ${e.name} ${what(e)}`);
    const lines = [
      "Migration status:",
      `  History table: ${s.historyTable ? "✓ exists" : "✗ not initialized (run pormg init)"}`,
      `  Applied: ${s.applied.length} migration(s)`,
      ...list(s.applied, (e) => `(${e.isDestructive ? "destructive" : "safe"}, ${e.appliedAt ?? "?"})`),
      `  Failed: ${s.failed.length} migration(s)`,
      ...list(s.failed, (e) => `— ${e.error ?? ""}`),
      `  Superseded failures: ${s.superseded.length}`,
      ...list(s.superseded, (e) => `(resolved by ${e.supersededBy})`),
      `  Interrupted: ${s.interrupted.length}`,
      ...list(s.interrupted, () => "(planned, no outcome)"),
      `  Pending from the archive: ${s.pendingArchived.length} plan(s)${s.pendingArchived.length ? " (pormg migrate applies them first)" : ""}`,
      ...s.pendingArchived.map((a) => `    [${a.version}] ${a.name}`),
      `  Pending plan: ${s.pendingPlan ? `${s.pendingPlan.version} "${s.pendingPlan.name}", ${s.pendingPlan.steps} step(s) (review, then pormg migrate)` : s.pending ? "yes (unreadable)" : "none"}`,
      `  Lock: ${s.lock ? (s.lock.pid ? `held by pid ${s.lock.pid} (${s.lock.applicationName ?? "?"}) since ${s.lock.since ?? "?"}` : "held by another process") : "free"}`,
      ...(s.driftSignals.length
        ? ["  Drift signals:", ...s.driftSignals.map((d) => `    ⚠ ${d}`)]
        : ["  Drift signals: none"]),
    ];
    return { schema: "pormg.status/1", data: { ...s }, human: lines.join("\n") };
  },
};
