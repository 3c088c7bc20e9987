import type { ForeignKey, Index, IndexKey, PrimaryKey, Unique } from "../schema/ir.ts";
import { defaultName } from "../schema/names.ts";
import type { PlanNames } from "./plan-names.ts";

/**
 * Names of live constraints and indexes that a step drops or renames. The IR leaves a name out when
 * it equals its default, and the default was computed from the LIVE table and column names; the
 * database does not rename constraints or indexes when their table or columns are renamed. So the
 * default is recomputed from the live names, not from the plan's.
 */
export function liveObjectNames(names: PlanNames, table: string) {
  const liveTable = names.liveTable(table);
  const columns = (list: readonly string[]) => list.map((c) => names.liveColumn(table, c));
  const keys = (list: readonly IndexKey[]): IndexKey[] =>
    list.map((k) => ("column" in k ? { ...k, column: names.liveColumn(table, k.column) } : k));
  return {
    primaryKey: (pk: PrimaryKey) => pk.name ?? defaultName.primaryKey(liveTable),
    foreignKey: (fk: ForeignKey) => fk.name ?? defaultName.foreignKey(liveTable, columns(fk.columns)),
    unique: (u: Unique) => u.name ?? defaultName.unique(liveTable, columns(u.columns)),
    index: (i: Index) => i.name ?? defaultName.index(liveTable, keys(i.keys)),
  };
}

/** Names of constraints and indexes a step creates: the IR's name, or the default for the plan's names. */
export const newObjectName = {
  primaryKey: (table: string, pk: PrimaryKey) => pk.name ?? defaultName.primaryKey(table),
  foreignKey: (table: string, fk: ForeignKey) => fk.name ?? defaultName.foreignKey(table, fk.columns),
  unique: (table: string, u: Unique) => u.name ?? defaultName.unique(table, u.columns),
  index: (table: string, i: Index) => i.name ?? defaultName.index(table, i.keys),
} as const;
