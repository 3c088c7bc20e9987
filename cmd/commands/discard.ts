import { relative } from "node:path";
import process from "node:process";
import { discardPending } from "../../src/plan-file/pending.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg discard`: moves the pending plan aside to `pending_migrations.sql.discarded`. */
export const discardCommand: CommandSpec = {
  name: "discard",
  summary: "move the pending plan aside to migrations/pending_migrations.sql.discarded",
  run: (ctx: Context): CommandResult => {
    const discarded = discardPending(ctx.config().folder) ?? null;
    const shown = discarded && (relative(process.cwd(), discarded) || discarded);
    return {
      schema: "pormg.discard/1",
      data: { discarded },
      human: shown ? `Moved the pending plan to ${shown}.` : "No pending plan to discard.",
    };
  },
};
