/**
 * The query compiler: a QuerySet's state → one SQL statement and its parameters, for the
 * catalog's dialect (its QueryHooks and identifier quoting). Values only ever reach the SQL as placeholders; identifiers are always quoted; limit and
 * offset are validated whole numbers written as literals (as PormG writes them).
 */

import { assertNever } from "../core/errors.ts";
import type { Scalar } from "./lookups.ts";
import type { JoinStep, ResolvedPath } from "./paths.ts";
import type { QueryDialect, QueryHooks } from "./query-hooks.ts";
import type { Condition, QueryState, WhereGroup } from "./query-set.ts";

/** QueryOperation is the statement compiled: the rows, their count, or whether any exists. */
export type QueryOperation = "select" | "count" | "exists";

/** The clauses parameters come from, in the order they are flattened. */
export const BUCKET_ORDER = ["select", "join", "where", "order"] as const;

/** A BucketName is the clause a parameter comes from. */
export type BucketName = (typeof BUCKET_ORDER)[number];

/** A ParameterBucket is the parameters of one clause, in placeholder order. */
export interface ParameterBucket {
  readonly clause: BucketName;
  readonly parameters: readonly unknown[];
}

/** CompiledQuery is a compiled statement: SQL, parameters in placeholder order, and their buckets. */
export interface CompiledQuery {
  readonly sql: string;
  readonly parameters: readonly unknown[];
  /** The non-empty buckets in flatten order; their concatenation is `parameters`. */
  readonly buckets: readonly ParameterBucket[];
}

const ROOT = "Tb";

class Builder {
  readonly parameters: { value: unknown; clause: BucketName }[] = [];
  readonly joins = new Map<string, { alias: string; step: JoinStep }>();
  readonly hooks: QueryHooks;
  readonly quote: (name: string) => string;
  constructor(dialect: QueryDialect) {
    this.hooks = dialect.query;
    this.quote = (name) => dialect.quoteIdent(name);
  }

  bind(value: Scalar, clause: BucketName): string {
    this.parameters.push({ value: this.hooks.parameter(value), clause });
    return this.hooks.placeholder(this.parameters.length);
  }

  /** The quoted column a path reads, joining the tables on its way (aliases T1, T2 … in order of first use). */
  column(path: ResolvedPath): string {
    for (const step of path.joins)
      if (!this.joins.has(step.path)) this.joins.set(step.path, { alias: `T${this.joins.size + 1}`, step });
    return `${this.quote(this.alias(path.owner))}.${this.quote(path.field.column)}`;
  }

  alias(owner: string): string {
    return owner === "" ? ROOT : (this.joins.get(owner)?.alias ?? ROOT);
  }

  joinLines(): string[] {
    return [...this.joins.values()].map(({ alias, step }) => {
      const on = `${this.quote(alias)}.${this.quote(step.column)} = ${this.quote(this.alias(step.from))}.${this.quote(step.fkColumn)}`;
      return `${step.left ? "LEFT" : "INNER"} JOIN ${this.quote(step.table)} AS ${this.quote(alias)} ON ${on}`;
    });
  }
}

function comparison(b: Builder, c: Condition, column: string): string {
  const { lookup, field } = c.path;
  const v = c.value;
  const one = (x: Scalar) => b.bind(x, "where");
  switch (lookup) {
    case "exact":
      return v === null ? `${column} IS NULL` : `${column} = ${one(v as Scalar)}`;
    case "ne":
      return v === null ? `${column} IS NOT NULL` : `${column} <> ${one(v as Scalar)}`;
    case "gt":
      return `${column} > ${one(v as Scalar)}`;
    case "gte":
      return `${column} >= ${one(v as Scalar)}`;
    case "lt":
      return `${column} < ${one(v as Scalar)}`;
    case "lte":
      return `${column} <= ${one(v as Scalar)}`;
    case "in":
    case "nin": {
      const list = v as readonly Scalar[];
      // An empty list matches nothing (in) or everything (nin), as in Django.
      if (list.length === 0) return lookup === "in" ? "1 = 0" : "1 = 1";
      return `${column} ${lookup === "in" ? "IN" : "NOT IN"} (${list.map(one).join(", ")})`;
    }
    case "range": {
      const [low, high] = v as readonly Scalar[];
      return `${column} BETWEEN ${one(low as Scalar)} AND ${one(high as Scalar)}`;
    }
    case "isnull":
      return `${column} ${v ? "IS NULL" : "IS NOT NULL"}`;
    case "contains":
    case "icontains":
    case "startswith":
    case "istartswith":
    case "endswith":
    case "iendswith":
      return b.hooks.pattern(column, field.kind, lookup, v as string, one);
    default:
      return assertNever(lookup);
  }
}

/** Whether a condition compares a value that may be NULL (so NOT of it would be NULL, not true). */
function nullSensitive(c: Condition): boolean {
  if (!c.path.nullable || c.path.lookup === "isnull") return false;
  return !((c.path.lookup === "exact" || c.path.lookup === "ne") && c.value === null);
}

function group(b: Builder, g: WhereGroup): string[] {
  const parts = g.conditions.map((c) => {
    const column = b.column(c.path);
    const text = comparison(b, c, column);
    return g.negated && nullSensitive(c) ? `(${text} AND ${column} IS NOT NULL)` : text;
  });
  if (!g.negated) return parts;
  return [`NOT (${parts.join(" AND ")})`];
}

function selectList(b: Builder, state: QueryState): string[] {
  if (state.values) return state.values.map((p) => aliased(b.column(p), p.field.column, p.key, b.quote));
  const root = { joins: [], owner: "", nullable: false, lookup: "exact" } as const;
  return [...state.model.fields.values()].map((field) =>
    aliased(b.column({ ...root, key: field.name, field }), field.column, field.name, b.quote),
  );
}

function aliased(column: string, name: string, key: string, quote: (name: string) => string): string {
  return name === key ? column : `${column} AS ${quote(key)}`;
}

/** Compiles a query's state to one statement of `operation` (default `select`). */
export function compileQuery(state: QueryState, operation: QueryOperation = "select"): CompiledQuery {
  const b = new Builder(state.catalog.dialect);
  const select = operation === "select" ? selectList(b, state) : [];
  const where = state.where.flatMap((g) => group(b, g));
  const order =
    operation === "select" ? state.order.map((t) => `${b.column(t.path)}${t.descending ? " DESC" : " ASC"}`) : [];
  const body = [
    `FROM ${b.quote(state.model.table)} AS ${b.quote(ROOT)}`,
    ...b.joinLines(),
    ...(where.length > 0 ? [`WHERE ${where.join("\n  AND ")}`] : []),
    ...(order.length > 0 ? [`ORDER BY ${order.join(", ")}`] : []),
  ];
  let lines: string[];
  if (operation === "select") {
    lines = ["SELECT", `  ${select.join(",\n  ")}`, ...body, ...b.hooks.limitOffset(state.limit, state.offset)];
  } else if (operation === "exists") {
    lines = [
      `SELECT 1 AS ${b.quote("exists")}`,
      ...body,
      ...b.hooks.limitOffset(Math.min(1, state.limit ?? 1), state.offset),
    ];
  } else if (state.limit === undefined && state.offset === undefined) {
    lines = [`SELECT COUNT(*) AS ${b.quote("count")}`, ...body];
  } else {
    // A count of a limited query counts the rows the limit lets through.
    const inner = ["SELECT 1", ...body, ...b.hooks.limitOffset(state.limit, state.offset)];
    const indented = inner.flatMap((l) => l.split("\n")).map((l) => `  ${l}`);
    // The aliases quoted the dialect's way: MySQL reads `"Tc"` as a string, which cannot name a derived table.
    lines = [`SELECT COUNT(*) AS ${b.quote("count")} FROM (`, ...indented, `) AS ${b.quote("Tc")}`];
  }
  const buckets = BUCKET_ORDER.map((clause) => ({
    clause,
    parameters: b.parameters.filter((p) => p.clause === clause).map((p) => p.value),
  })).filter((bucket) => bucket.parameters.length > 0);
  return { sql: lines.join("\n"), parameters: b.parameters.map((p) => p.value), buckets };
}
