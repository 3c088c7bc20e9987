import { liveObjectNames } from "../../plan/live-object-names.ts";
import type { PlanNames } from "../../plan/plan-names.ts";
import type { RenderContext } from "../../plan/render-context.ts";
import type { ForeignKey, Table } from "../../schema/ir.ts";
import { defaultName } from "../../schema/names.ts";
import { columnList } from "./mysql-ddl.ts";
import { quoteIdent } from "./mysql-quote.ts";

/**
 * A foreign key's own index. InnoDB needs an index whose leading columns are a foreign key's
 * columns, in order: `ADD CONSTRAINT … FOREIGN KEY` creates one named like the key when the table
 * has none, InnoDB drops that one by itself when another index that serves the key is created, and
 * it refuses to drop the last index a key needs ("needed in a foreign key constraint").
 *
 * The rule introspection and rendering share (see mysql-ddl.ts): an index named like one of its
 * table's foreign keys, over exactly that key's columns in order, is the key's own index — not in
 * `Table.indexes`. So a key has one exactly when no listed index of the live table (its primary
 * key, a unique or a plain-column BTREE index) starts with the key's columns; dropping the key drops
 * it too, and dropping the last listed index that serves a key that stays adds it in the same
 * statement — unless the plan drops that key too (it runs first), which then needs no index. Both
 * keep the table what the models describe. (When the plan adds another index that serves the key,
 * the own index it adds outlives its purpose and the next plan drops it: one step more, never a failure.)
 */

/** Whether `keys` start with `columns`, in order. */
const leads = (keys: readonly string[], columns: readonly string[]) => columns.every((c, k) => keys[k] === c);

interface LiveKey {
  readonly name: string;
  readonly columns: readonly string[];
}

/** The listed indexes of live `table` that can serve a foreign key, by live name (the primary key is `PRIMARY`). */
function liveKeys(table: Table): LiveKey[] {
  return [
    ...(table.primaryKey ? [{ name: "PRIMARY", columns: table.primaryKey.columns }] : []),
    ...table.uniques.map((u) => ({ name: u.name ?? defaultName.unique(table.name, u.columns), columns: u.columns })),
    ...table.indexes.flatMap((i) =>
      i.keys.every((k) => "column" in k && k.prefixLength === undefined) && (i.method ?? "btree") === "btree"
        ? [
            {
              name: i.name ?? defaultName.index(table.name, i.keys),
              columns: i.keys.map((k) => ("column" in k ? k.column : "")),
            },
          ]
        : [],
    ),
  ];
}

const liveTableOf = (table: string, names: PlanNames, context: RenderContext) =>
  context.tables.find((t) => t.name === names.liveTable(table));

/**
 * Whether `name` is one the server gave a foreign key declared without a name (`<table>_ibfk_<n>`):
 * InnoDB then names the key's own index after its first column (`pid`, `pid_2` …), not after the key.
 */
const serverNamed = (table: string, name: string) =>
  name.startsWith(`${table}_ibfk_`) && /^\d+$/.test(name.slice(table.length + 6));

/**
 * `DROP FOREIGN KEY name`, and `, DROP INDEX name` when the key has its own index: no listed index
 * of the live table serves it. A key the server named has its index named after its first column
 * (which of `pid`, `pid_2` … the IR does not say): it is dropped alone, and its index stays — left
 * out of the IR again when a key over those columns is added, listed (the next plan drops it) when none is.
 */
export function dropForeignKeyClauses(table: string, fk: ForeignKey, names: PlanNames, context: RenderContext): string {
  const name = liveObjectNames(names, table).foreignKey(fk);
  const drop = `DROP FOREIGN KEY ${quoteIdent(name)}`;
  const live = liveTableOf(table, names, context);
  if (live === undefined || serverNamed(live.name, name)) return drop;
  const columns = fk.columns.map((c) => names.liveColumn(table, c));
  return liveKeys(live).some((k) => leads(k.columns, columns)) ? drop : `${drop}, DROP INDEX ${quoteIdent(name)}`;
}

/**
 * The `ADD INDEX` clauses that give each foreign key of live `table` its own index when the
 * statement drops `dropped` (a live index name, `PRIMARY` for the primary key), the last listed
 * index that served it; `added` are the column lists (plan names) of keys the same statement adds.
 * Columns and names are spelled as the step runs (after the plan's renames).
 */
export function foreignKeyIndexes(
  table: string,
  dropped: string,
  names: PlanNames,
  context: RenderContext,
  added: readonly (readonly string[])[] = [],
): string[] {
  const live = liveTableOf(table, names, context);
  if (live === undefined) return [];
  const keys = liveKeys(live);
  const gone = keys.find((k) => k.name === dropped);
  if (gone === undefined) return [];
  const plan = (columns: readonly string[]) => columns.map((c) => names.planColumn(table, c));
  const remaining = [...keys.filter((k) => k !== gone).map((k) => plan(k.columns)), ...added];
  return live.foreignKeys.flatMap((fk) => {
    const columns = plan(fk.columns);
    if (!leads(plan(gone.columns), columns) || remaining.some((k) => leads(k, columns))) return [];
    if (names.foreignKeyDropped(table, columns)) return [];
    const name = fk.name ?? defaultName.foreignKey(live.name, fk.columns);
    return [`ADD INDEX ${quoteIdent(name)} ${columnList(columns)}`];
  });
}
