import { relative } from "node:path";
import process from "node:process";
import { Option } from "commander";
import { importModels } from "../../src/use-cases/import-models.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg import-models`: writes a models.ts declaring the live database's tables. */
export const importModelsCommand: CommandSpec = {
  name: "import-models",
  summary: "write a models.ts that declares the database's tables (never overwrites without --force)",
  options: () => [
    new Option("--out <file>", "file to write (default: the folder's models file)"),
    new Option("--force", "replace an existing file"),
  ],
  run: async (ctx: Context): Promise<CommandResult> => {
    const out = ctx.options.out as string | undefined;
    const result = await importModels(ctx.config(), {
      ...(out !== undefined && { out }),
      force: ctx.options.force === true,
    });
    ctx.warnings.push(...result.warnings);
    const { warnings: _, ...data } = result;
    const shown = relative(process.cwd(), result.path) || result.path;
    const raw = result.rawColumns ? `, ${result.rawColumns} column(s) as Models.NativeField` : "";
    return {
      schema: "pormg.import-models/1",
      data,
      human: `wrote ${shown}: ${result.models} model(s)${raw}`,
    };
  },
};
