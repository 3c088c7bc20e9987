import { relative, resolve } from "node:path";
import process from "node:process";
import { scaffold } from "../../src/config/scaffold.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg setup`: scaffolds the database folder with `connection.yml` and `models.ts`. */
export const setupCommand: CommandSpec = {
  name: "setup",
  summary: "scaffold the database folder: connection.yml (SQLite dev) and models.ts; never overwrites",
  run: setup,
};

function setup(ctx: Context): CommandResult {
  const folder = resolve(ctx.options.db);
  const written = scaffold(folder, ctx.options.db);
  const shown = written.map((path) => relative(process.cwd(), path) || path);
  return {
    schema: "pormg.setup/1",
    data: { folder, files: written },
    human: [
      ...shown.map((path) => `created ${path}`),
      "",
      `Next: declare models in ${ctx.options.db}/models.ts, then run \`pormg info --db ${ctx.options.db}\`.`,
    ].join("\n"),
  };
}
