import { Option } from "commander";
import type { Schema, UnmanagedObject } from "../../src/schema/ir.ts";
import { readLive } from "../../src/use-cases/check.ts";
import { readModels } from "../../src/use-cases/read-models.ts";
import { describeUnmanaged, renderSchemaSql } from "../../src/use-cases/render-schema.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/**
 * `pormg schema`: prints the schema the models declare (`--from models`, the default; no database
 * is needed) or the live one (`--from db`, with the unmanaged objects: on stderr beside DDL, in the
 * `unmanaged` array of JSON), as normalized DDL or as the IR in JSON.
 */
export const schemaCommand: CommandSpec = {
  name: "schema",
  summary: "print the schema of the models or the database as normalized DDL or JSON",
  options: () => [
    new Option("--from <side>", "which schema to print").choices(["models", "db"]).default("models"),
    new Option("--format <format>", "DDL or the schema IR").choices(["sql", "json"]).default("sql"),
  ],
  run: schema,
};

async function schema(ctx: Context): Promise<CommandResult> {
  const config = ctx.config();
  let unmanaged: readonly UnmanagedObject[] = [];
  let tables: Schema;
  if (ctx.options.from === "db") {
    const live = await readLive(config);
    tables = live.schema;
    unmanaged = live.unmanaged;
  } else {
    tables = (await readModels(config)).schema;
  }
  const data = { dialect: tables.dialect, tables: tables.tables, unmanaged };
  const asJson = ctx.options.format === "json";
  return {
    schema: "pormg.schema/1",
    data,
    human: asJson ? JSON.stringify({ schema: "pormg.schema/1", ...data }, null, 2) : renderSchemaSql(tables),
    // Unmanaged objects go to stderr, so stdout stays DDL that can be compared and run as is.
    ...(!asJson && unmanaged.length > 0 && { notes: describeUnmanaged(unmanaged) }),
  };
}
