import { resolve } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { PormgError } from "../../src/core/errors.ts";
import { assertTerminal } from "../../src/tui/terminal.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg tui`: the terminal dashboard (Migrations, Inspection and History panes). */
export const tuiCommand: CommandSpec = {
  name: "tui",
  summary: "terminal dashboard: status, dry-run and migrate; query inspection; the history log",
  options: () => [new Option("--models <file>", "models file the Inspection pane queries (default: the folder's)")],
  run: async (ctx: Context): Promise<CommandResult> => {
    if (ctx.options.json || ctx.options.nonInteractive)
      throw new PormgError(
        "USAGE",
        `pormg tui is interactive and takes no ${ctx.options.json ? "--json" : "--non-interactive"}; use pormg status, dry-run, migrate or history instead.`,
      );
    // The terminal is checked before the configuration, so a pipe gets the TTY error, not a config one.
    assertTerminal();
    const config = ctx.config();
    const { tui } = await import("../../src/tui/tui.ts");
    const models = ctx.options.models as string | undefined;
    const result = await tui(config, { ...(models !== undefined && { models: resolve(models) }) });
    const writes = result.unfinished.filter((t) => t === "migrate" || t === "init");
    if (writes.length > 0) {
      // Ctrl-C during migrate: stop now, so a plan whose transaction has not committed never commits.
      process.stderr.write(
        `Interrupted while ${writes.join(" and ")} was running: pormg stopped at once. A plan whose transaction had not committed is rolled back and shows as interrupted; run \`pormg status --db ${ctx.options.db}\` to see what the database holds.\n`,
      );
      process.exit(130);
    }
    const human = result.changes.length
      ? ["Changes made in the dashboard:", ...result.changes.map((c) => `  ${c}`)].join("\n")
      : "Left the dashboard; nothing in the database was changed.";
    return {
      schema: "pormg.tui/1",
      data: { exit: result.exit, changes: result.changes, unfinished: result.unfinished },
      human,
      ...(result.exit === "interrupt" && { exitCode: 130 }),
    };
  },
};
