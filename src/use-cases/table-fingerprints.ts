import { dialectNamed } from "../dialect/dialect.ts";
import { ABSENT_TABLE } from "../plan-file/plan-document.ts";
import { alignNames } from "../schema/align-names.ts";
import { fingerprintTable } from "../schema/fingerprint.ts";
import type { LiveSchema, Schema, Table, UnmanagedObject } from "../schema/ir.ts";

/**
 * The unmanaged objects a plan touching `table` could re-create or break, which its fingerprint
 * covers: every object that belongs to it (triggers, indexes and constraints pormg does not
 * manage, partitions) and those the dialect re-creates with it (`fingerprint.recreatedWith`; on
 * SQLite the views and triggers a rebuild of it drops and re-creates).
 */
export function tableDependents(table: string, unmanaged: readonly UnmanagedObject[], dialect: Schema["dialect"]) {
  const own = unmanaged.filter((o) => o.table === table);
  const recreated = dialectNamed(dialect).fingerprint.recreatedWith(table, unmanaged);
  if (recreated.length === 0) return own;
  return [...new Set([...own, ...recreated])];
}

/** The fingerprint of a live table with its dependents (`tableDependents`). */
export function liveFingerprint(table: Table, live: LiveSchema): string {
  return fingerprintTable(table, tableDependents(table.name, live.unmanaged, live.schema.dialect));
}

/**
 * The tables the plan read, `read` (`tablesRead` of its operations; omitted: every table, as a plan
 * with hand-written steps needs): the live ones among them (`liveTables`, the managed part of `live`)
 * with their fingerprint, the model tables it creates as absent (on SQLite a model table that
 * matches a live one but for case is that live table, `alignNames`).
 */
export function tableFingerprints(
  live: LiveSchema,
  liveTables: Schema,
  declared: Schema,
  read?: ReadonlySet<string>,
): { name: string; fingerprint: string }[] {
  const target = alignNames(declared, liveTables, dialectNamed(liveTables.dialect));
  const liveNames = new Set(liveTables.tables.map((t) => t.name));
  const wanted = (name: string) => read === undefined || read.has(name);
  return [
    ...liveTables.tables
      .filter((t) => wanted(t.name))
      .map((t) => ({ name: t.name, fingerprint: liveFingerprint(t, live) })),
    ...target.tables
      .filter((t) => !liveNames.has(t.name) && wanted(t.name))
      .map((t) => ({ name: t.name, fingerprint: ABSENT_TABLE })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
