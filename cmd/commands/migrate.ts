import { relative } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { isPormgError } from "../../src/errors.ts";
import { type MigrateResult, migrate } from "../../src/operations/migrate.ts";
import type { Context } from "../context.ts";
import { seconds } from "../flags.ts";
import { confirmDestructive } from "../prompt.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg migrate`: applies the pending plan under the migration lock, recording events. */
export const migrateCommand: CommandSpec = {
  name: "migrate",
  summary: "apply the pending plan in one transaction under the migration lock, and record it in the history",
  options: () => [
    new Option("--destructive", "confirm destructive statements (DROP TABLE/COLUMN …)"),
    new Option("--lock-wait <seconds>", "how long to wait for the migration lock")
      .argParser(seconds({ zero: true }))
      .default(30),
    new Option("--no-backup", "SQLite: skip the VACUUM INTO backup before table rebuilds and destructive steps"),
    new Option("--expect-head <hash>", "refuse unless the event log leads to this head hash (from `history head`)"),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const o = ctx.options;
    try {
      const result = await migrate(ctx.config(), {
        destructive: o.destructive === true,
        lockWaitSeconds: o.lockWait as number,
        backup: o.backup !== false,
        ...(typeof o.expectHead === "string" && { expectHead: o.expectHead }),
        ...(ctx.interactive && { confirm: confirmDestructive }),
        onNotice: (message) => {
          if (!o.json) process.stderr.write(`${message}\n`);
        },
      });
      return { schema: "pormg.migrate/1", data: data(result), human: describe(result) };
    } catch (error) {
      if (!isPormgError(error)) throw error;
      const { code, message } = error;
      const plan = (error.details.migration ?? {}) as { version?: string; checksum?: string; statements?: number };
      return {
        schema: "pormg.migrate/1",
        data: {
          outcome: "refused",
          version: plan.version ?? null,
          checksum: plan.checksum ?? null,
          statements: plan.statements ?? 0,
          error: { code, message, details: error.details },
        },
        human:
          typeof error.details.failedEvent === "number"
            ? `Nothing was applied; the history records the failure (event ${error.details.failedEvent}).`
            : "Nothing was applied.",
        error,
        exitCode: error.exitCode,
      };
    }
  },
};

function data(r: MigrateResult): Record<string, unknown> {
  return {
    outcome: r.outcome,
    version: r.version ?? null,
    checksum: r.checksum ?? null,
    statements: r.statements,
    destructive: r.destructive,
    archived: r.archived ?? null,
    backup: r.backup ?? null,
    durationMs: r.durationMs ?? null,
    resumed: r.resumed ?? 0,
  };
}

function describe(r: MigrateResult): string {
  const shown = (p: string) => relative(process.cwd(), p) || p;
  switch (r.outcome) {
    case "applied":
      if (r.resumed)
        return `Resumed ${r.version}: ${r.resumed} step(s) that run outside a transaction finished; archived to ${shown(r.archived ?? "")}.`;
      return `Applied ${r.version} (${r.statements} statement(s) in ${r.durationMs} ms); archived to ${shown(r.archived ?? "")}.`;
    case "already_applied":
      return `Already applied: a plan with checksum ${r.checksum?.slice(0, 12)}… is in the history; nothing to do.`;
    case "nothing_pending":
      return "Nothing pending. Run `pormg makemigrations` after changing the models.";
    case "disabled":
      return "The database is not set to change_db, so the migration plan will not be applied.";
    case "declined":
      return "Declined: nothing was applied.";
  }
}
