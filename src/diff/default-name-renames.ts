/**
 * Default names that follow a rename. PostgreSQL names a table's keys, constraints, indexes and
 * serial sequence after the table and its columns (`customer_pkey`, `customer_code_key`,
 * `customer_parent_fkey`, `customer_qty_check`, `customer_note_idx`, `customer_id_seq`), but keeps
 * those names when the table or column is renamed. pormg renames them with it, so a renamed table
 * ends up as if it had been created under its new name. (Sequences are renamed by the PostgreSQL
 * renderer, src/plan/owned-sequence-names.ts: they are not part of the Schema IR.)
 */

import type { Check, Schema, Table } from "../schema/ir.ts";
import { defaultName, MAX_IDENTIFIER_BYTES } from "../schema/names.ts";
import { checkShape, foreignKeyShape, indexShape, primaryKeyShape, uniqueShape } from "../schema/normalize.ts";
import type { Operation } from "../schema/operation.ts";
import type { RenameDecisions } from "./renames.ts";

type Rename = Extract<Operation, { kind: "renameIndex" | "renameConstraint" }>;

function truncate(name: string): string {
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= MAX_IDENTIFIER_BYTES) return name;
  return new TextDecoder().decode(bytes.slice(0, MAX_IDENTIFIER_BYTES)).replace(/\uFFFD+$/, "");
}

/** The default name of live check `c` of `table` under `columns`' names, and its name after the renames, if it has one. */
function checkRename(c: Check, before: Table, after: Table): string | undefined {
  if (c.name === undefined) return undefined;
  if (c.name === truncate(`${before.name}_check`)) return truncate(`${after.name}_check`);
  const k = before.columns.findIndex((col) => defaultName.check(before.name, col.name) === c.name);
  const column = after.columns[k];
  return column === undefined ? undefined : defaultName.check(after.name, column.name);
}

/**
 * Every relation name of `live` (tables, and the indexes behind keys, uniques and indexes), which a
 * renamed index must not take: PostgreSQL indexes share one namespace with tables.
 */
function relationNames(live: Schema): Set<string> {
  const out = new Set<string>();
  for (const t of live.tables) {
    out.add(t.name);
    if (t.primaryKey) out.add(t.primaryKey.name ?? defaultName.primaryKey(t.name));
    for (const u of t.uniques) out.add(u.name ?? defaultName.unique(t.name, u.columns));
    for (const i of t.indexes) out.add(i.name ?? defaultName.index(t.name, i.keys));
  }
  return out;
}

/**
 * The renames that keep default names default across the table and column `renames`, and
 * `current` (the live schema after the renames, `applyRenames`: every index and constraint of a
 * renamed table under its physical name) with those objects under their new names. An object
 * follows when the live name was the default under the old names, the models leave its name to the
 * default, and it stays (the models have an object of the same shape); one that goes keeps its old
 * name to be dropped by. On PostgreSQL: the primary key, uniques and indexes (`ALTER INDEX … RENAME`,
 * which renames a key's constraint too), foreign keys and checks (`ALTER TABLE … RENAME
 * CONSTRAINT`); on SQLite indexes only (its keys, uniques, foreign keys and checks are unnamed parts
 * of the table's text, which `ALTER TABLE … RENAME` rewrites itself): `dialect.capabilities.namedConstraints`. A new name another relation
 * already holds is left alone. Pure; `live` is normalized (default names left out).
 */
export function followDefaultNames(
  live: Schema,
  current: Schema,
  target: Schema,
  renames: RenameDecisions,
  dialect: { readonly capabilities: { readonly namedConstraints: boolean } },
): { current: Schema; ops: Operation[] } {
  const tableTo = new Map(renames.tables.map((r) => [r.from, r.to]));
  const touched = new Set([...renames.tables.map((r) => r.to), ...renames.columns.map((r) => r.table)]);
  // Only the tables a rename touched can have default names to follow.
  if (touched.size === 0) return { current, ops: [] };
  const currentByName = new Map(current.tables.map((t) => [t.name, t]));
  const targetByName = new Map(target.tables.map((t) => [t.name, t]));
  const taken = relationNames(live);
  const named = dialect.capabilities.namedConstraints;
  const ops: Rename[] = [];
  const replaced = new Map<string, Table>();
  for (const before of live.tables) {
    const name = tableTo.get(before.name) ?? before.name;
    const after = currentByName.get(name);
    const wanted = targetByName.get(name);
    if (!touched.has(name) || after === undefined || wanted === undefined) continue;
    const renameIndex = (from: string, to: string): boolean => {
      if (from === to || taken.has(to)) return false;
      taken.add(to);
      ops.push({ kind: "renameIndex", table: name, from, to, followsRename: true });
      return true;
    };
    const renameConstraint = (from: string, to: string): boolean => {
      if (from === to) return false;
      ops.push({ kind: "renameConstraint", table: name, from, to });
      return true;
    };
    let table = after;
    const pk = after.primaryKey;
    if (named && pk && before.primaryKey?.name === undefined && wanted.primaryKey?.name === undefined) {
      const to = defaultName.primaryKey(name);
      if (primaryKeyShape(pk) === primaryKeyShape(wanted.primaryKey) && renameIndex(pk.name as string, to))
        table = { ...table, primaryKey: { ...pk, name: to } };
    }
    const uniques = after.uniques.map((u, k) => {
      if (!named || before.uniques[k]?.name !== undefined) return u;
      const to = defaultName.unique(name, u.columns);
      const stays = wanted.uniques.some((w) => w.name === undefined && uniqueShape(w) === uniqueShape(u));
      return stays && renameIndex(u.name as string, to) ? { ...u, name: to } : u;
    });
    const indexes = after.indexes.map((i, k) => {
      if (before.indexes[k]?.name !== undefined) return i;
      const to = defaultName.index(name, i.keys);
      const stays = wanted.indexes.some((w) => w.name === undefined && indexShape(w) === indexShape(i));
      return stays && renameIndex(i.name as string, to) ? { ...i, name: to } : i;
    });
    const foreignKeys = after.foreignKeys.map((f, k) => {
      if (!named || before.foreignKeys[k]?.name !== undefined) return f;
      const to = defaultName.foreignKey(name, f.columns);
      const stays = wanted.foreignKeys.some((w) => w.name === undefined && foreignKeyShape(w) === foreignKeyShape(f));
      return stays && renameConstraint(f.name as string, to) ? { ...f, name: to } : f;
    });
    const checks = after.checks.map((c, k) => {
      const live = before.checks[k];
      const to = named && live ? checkRename(live, before, after) : undefined;
      if (to === undefined || c.name === undefined) return c;
      const stays = wanted.checks.some(
        (w) => (w.name === undefined || w.name === to) && checkShape(w) === checkShape(c),
      );
      return stays && renameConstraint(c.name, to) ? { ...c, name: to } : c;
    });
    replaced.set(name, { ...table, uniques, indexes, foreignKeys, checks });
  }
  if (ops.length === 0) return { current, ops };
  return { current: { ...current, tables: current.tables.map((t) => replaced.get(t.name) ?? t) }, ops };
}
