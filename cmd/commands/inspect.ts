import { Option } from "commander";
import { PormgError } from "../../src/core/errors.ts";
import { dialectNamed } from "../../src/dialect/dialect.ts";
import type { QueryOperation } from "../../src/query/compile.ts";
import { formatInspection } from "../../src/query/format-inspection.ts";
import { QUERY_OPERATIONS } from "../../src/query/inspect-query.ts";
import { parseInspectArgs, parseInspectText } from "../../src/query/inspect-text.ts";
import { inspectDatabase } from "../../src/use-cases/inspect-database.ts";
import type { Context } from "../context.ts";
import type { CommandResult, CommandSpec } from "../result.ts";

/**
 * `pormg inspect "Model key=value …"`: the SQL a query on the folder's models compiles to, its bound
 * parameters, dialect and bucketing (and SQLite's parameter buckets), without running it;
 * `--explain` also asks the database for its plan (read-only).
 */
export const inspectCommand: CommandSpec = {
  name: "inspect",
  summary: 'show the SQL and parameters of a query such as "Result race__year=2024 driver__surname__@icontains=ham"',
  arguments: "<query...>",
  options: () => [
    new Option("--explain", "also run EXPLAIN on the database (read-only) and print the plan"),
    new Option("--operation <operation>", "the statement to inspect").choices(QUERY_OPERATIONS).default("select"),
    new Option("--values <keys>", "select only these comma-separated keys (fields or fk__field)"),
    new Option("--order-by <keys>", "order by these comma-separated keys, -key descending"),
    new Option("--limit <n>", "return at most n rows"),
    new Option("--offset <n>", "skip the first n rows"),
  ],
  run: inspect,
};

function list(value: unknown): string[] | undefined {
  return typeof value === "string" ? value.split(",").map((k) => k.trim()) : undefined;
}

function count(flag: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  if (!/^\d+$/.test(text)) throw new PormgError("USAGE", `${flag} ${text}: pass a whole number, 0 or more.`);
  return Number(text);
}

async function inspect(ctx: Context): Promise<CommandResult> {
  const o = ctx.options;
  // commander hands a variadic argument over as one array. One string is query text to split;
  // several were already split by the shell.
  const args = (ctx.args as readonly unknown[]).flat().map(String);
  const parsed = args.length === 1 ? parseInspectText(args[0] as string) : parseInspectArgs(args);
  const values = list(o.values);
  const orderBy = list(o.orderBy);
  const limit = count("--limit", o.limit);
  const offset = count("--offset", o.offset);
  const inspection = await inspectDatabase(ctx.config(), parsed, {
    operation: o.operation as QueryOperation,
    explain: o.explain === true,
    ...(values && { values }),
    ...(orderBy && { orderBy }),
    ...(limit !== undefined && { limit }),
    ...(offset !== undefined && { offset }),
  });
  const data = {
    model: inspection.model,
    table: inspection.table,
    operation: inspection.operation,
    dialect: inspection.dialect,
    bucketing: inspection.bucketing,
    sql: inspection.sql,
    parameters: inspection.parameters.map((p) => (typeof p === "bigint" ? String(p) : p)),
    parameterCount: inspection.parameterCount,
    ...(inspection.buckets && { buckets: inspection.buckets }),
    ...(inspection.plan && { plan: inspection.plan }),
  };
  return { schema: "pormg.inspect/1", data, human: formatInspection(inspection, dialectNamed(inspection.dialect)) };
}
