import { ExitCode } from "../../src/core/errors.ts";
import { check } from "../../src/use-cases/check.ts";
import { colors } from "../colors.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/**
 * `pormg check`: the read-only drift gate. Exit 0 when the models and the database agree; exit 2
 * with one line per difference when they do not.
 */
export const checkCommand: CommandSpec = {
  name: "check",
  summary: "compare the models with the database, read-only; exit 2 when they differ",
  run: async (ctx: Context): Promise<CommandResult> => {
    const result = await check(ctx.config());
    const lines = result.differences.map((d) => `${d.table}${d.column ? `.${d.column}` : ""}: ${d.what}`);
    return {
      schema: "pormg.check/1",
      data: { drift: result.drift, differences: result.differences },
      human: result.drift
        ? `${lines.join("\n")}\n\n${colors().yellow(`${lines.length} difference${lines.length === 1 ? "" : "s"} between the models and the database.`)}`
        : colors().green("The models and the database agree."),
      exitCode: result.drift ? ExitCode.pending : ExitCode.ok,
    };
  },
};
