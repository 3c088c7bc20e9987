import { relative, resolve } from "node:path";
import process from "node:process";
import { scaffold } from "../../src/use-cases/setup.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/** `pormg setup`: creates the database folder's missing files (connection.yml, models.ts, .gitignore). */
export const setupCommand: CommandSpec = {
  name: "setup",
  summary:
    "create the database folder's missing files: connection.yml (SQLite dev), models.ts, .gitignore; keeps existing ones",
  run: setup,
};

function setup(ctx: Context): CommandResult {
  const folder = resolve(ctx.options.db);
  const result = scaffold(folder, { ...(ctx.options.env !== undefined && { env: ctx.options.env }) });
  ctx.warnings.push(...result.warnings);
  const show = (path: string) => relative(process.cwd(), path) || path;
  const human = result.files.map(({ path, outcome }) =>
    outcome === "created"
      ? `created ${show(path)}`
      : outcome === "updated"
        ? `updated ${show(path)} (added ${result.gitignoreAdded.join(", ")})`
        : `kept    ${show(path)} (it exists)`,
  );
  return {
    schema: "pormg.setup/1",
    data: {
      folder,
      files: result.created,
      created: result.created,
      kept: result.kept,
      updated: result.updated,
      gitignoreAdded: result.gitignoreAdded,
    },
    human: [
      ...human,
      "",
      result.created.length + result.updated.length === 0
        ? `Nothing to do: ${ctx.options.db} has every file setup writes.`
        : `Next: declare models in ${show(result.modelFile)}, then run \`pormg info --db ${ctx.options.db}\`.`,
    ].join("\n"),
  };
}
