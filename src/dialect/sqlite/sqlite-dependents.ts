import type { UnmanagedObject } from "../../schema/ir.ts";
import { isName } from "../../sql/token-predicates.ts";
import { tokenize } from "../../sql/tokenize.ts";
import { quoteIdent } from "./sqlite-ddl.ts";
import { sqliteSql } from "./sqlite-sql.ts";

/** A Dependent is a view or trigger whose stored SQL a SQLite table rebuild must drop and re-create. */
export interface Dependent {
  readonly kind: "view" | "trigger";
  readonly name: string;
  /** The table (or view) a trigger is on. */
  readonly on?: string;
  readonly sql: string;
  /** Every name its SQL mentions (identifiers and keywords, lowercased; SQLite names are case-insensitive). */
  readonly reads: ReadonlySet<string>;
  /** Dropped with its table by `DROP TABLE` (a trigger on the rebuilt table), so no explicit DROP. */
  readonly droppedWithTable: boolean;
}

/** The dependents of one table, in the orders a rebuild uses them. */
export interface RebuildDependents {
  /** Views reading the table (directly or through other such views), sources before readers. */
  readonly views: readonly Dependent[];
  /** Triggers on the table, on those views, or whose body mentions the table or those views. */
  readonly triggers: readonly Dependent[];
}

const lower = (name: string) => name.toLowerCase();

function namesIn(sql: string): Set<string> {
  return new Set(
    tokenize(sql, sqliteSql)
      .filter(isName)
      .map((t) => lower(t.value)),
  );
}

function dependent(object: UnmanagedObject, table: string): Dependent | undefined {
  if ((object.kind !== "view" && object.kind !== "trigger") || object.sql === undefined) return undefined;
  const reads = namesIn(object.sql);
  reads.delete(lower(object.name));
  return {
    kind: object.kind,
    name: object.name,
    ...(object.table !== undefined && { on: object.table }),
    sql: object.sql,
    reads,
    droppedWithTable: object.kind === "trigger" && lower(object.table ?? "") === lower(table),
  };
}

/**
 * Finds the views and triggers that depend on live table `table` (its name as the stored SQL
 * spells it). SQLite re-checks every view and trigger when a table is renamed, so a view left
 * reading a dropped table makes the rebuild's final `RENAME` fail: all of them are dropped before
 * the swap and re-created after it. A trigger with no stored SQL on the table cannot be re-created
 * and is returned with an empty `sql` for the caller to refuse.
 */
export function rebuildDependents(table: string, unmanaged: readonly UnmanagedObject[]): RebuildDependents {
  const all = unmanaged.flatMap((o) => {
    const d = dependent(o, table);
    if (d) return [d];
    if (o.kind === "trigger" && lower(o.table ?? "") === lower(table)) {
      return [
        {
          kind: "trigger" as const,
          name: o.name,
          on: table,
          sql: "",
          reads: new Set<string>(),
          droppedWithTable: true,
        },
      ];
    }
    return [];
  });
  // The views reading the table, directly or through other such views (a fixpoint).
  const sources = new Set([lower(table)]);
  const candidates = all.filter((d) => d.kind === "view");
  const dependentViews: Dependent[] = [];
  for (let grew = true; grew; ) {
    grew = false;
    for (const view of candidates) {
      if (dependentViews.includes(view) || ![...view.reads].some((n) => sources.has(n))) continue;
      dependentViews.push(view);
      sources.add(lower(view.name));
      grew = true;
    }
  }
  const triggers = all.filter(
    (d) =>
      d.kind === "trigger" &&
      (d.droppedWithTable || sources.has(lower(d.on ?? "")) || [...d.reads].some((n) => sources.has(n))),
  );
  return { views: sourcesFirst(dependentViews), triggers };
}

/**
 * The views and triggers that depend on live table `table` and whose stored SQL mentions `column`:
 * the objects SQLite re-checks on `ALTER TABLE … DROP COLUMN`, which then fails with "error in
 * view …" or "error in trigger …". Name matching is by token (case-insensitive), so a view that
 * reads a same-named column of another table it joins is reported too (fails closed).
 */
export function columnReaders(table: string, column: string, unmanaged: readonly UnmanagedObject[]): Dependent[] {
  const { views, triggers } = rebuildDependents(table, unmanaged);
  return [...views, ...triggers].filter((d) => d.reads.has(lower(column)));
}

/**
 * The views and triggers a `DROP TABLE` of live table `table` would leave broken: views reading it
 * (directly or through other views) and triggers elsewhere whose SQL mentions it or those views —
 * e.g. a trigger on another table that inserts into it. SQLite drops the table anyway, and the
 * trigger then fails when it fires, as every later `ALTER TABLE … RENAME` in the database does.
 * Triggers on the table itself go with it, and so do those on tables `alsoDropped` says the plan
 * drops too. Name matching is by token (case-insensitive), so it fails closed.
 */
export function tableReaders(
  table: string,
  unmanaged: readonly UnmanagedObject[],
  alsoDropped: (table: string) => boolean = () => false,
): Dependent[] {
  const { views, triggers } = rebuildDependents(table, unmanaged);
  const goes = (d: Dependent) => d.droppedWithTable || (d.on !== undefined && alsoDropped(d.on));
  return [...views, ...triggers.filter((t) => !goes(t))];
}

/** Orders views so that every view comes after the views it reads (a cycle keeps the given order). */
function sourcesFirst(views: readonly Dependent[]): Dependent[] {
  const out: Dependent[] = [];
  const pending = [...views];
  while (pending.length > 0) {
    const ready = pending.find((v) => !pending.some((o) => o !== v && v.reads.has(lower(o.name)))) ?? pending[0];
    if (ready === undefined) break;
    out.push(ready);
    pending.splice(pending.indexOf(ready), 1);
  }
  return out;
}

/**
 * The stored SQL of a dependent with every mention of table `from` renamed to `to` (what SQLite's
 * own `ALTER TABLE … RENAME TO` does to views and triggers), or the SQL unchanged when they match.
 */
export function renameTableIn(sql: string, from: string, to: string): string {
  if (from === to) return sql;
  let out = "";
  let at = 0;
  for (const token of tokenize(sql, sqliteSql)) {
    if (!isName(token) || lower(token.value) !== lower(from)) continue;
    out += sql.slice(at, token.start) + quoteIdent(to);
    at = token.end;
  }
  return out + sql.slice(at);
}
