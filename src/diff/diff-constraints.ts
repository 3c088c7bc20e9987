/**
 * The key, constraint and index part of a table diff. Identity is by shape, exactly as
 * `check` reports (`schemaDifferences`, names excluded); the one use of names is `renameIndex`, planned when a
 * model gives an index (or, where constraints are named objects — PostgreSQL — a unique constraint) an explicit name that differs from
 * the live one of the same shape. A model that leaves the name to its default accepts any live name.
 */

import type { Index, StorageParameters, Table, Unique } from "../schema/ir.ts";
import { matchByShape, needsValidation, timingDiffers } from "../schema/match.ts";
import { defaultName } from "../schema/names.ts";
import { checkShape, foreignKeyShape, indexShape, primaryKeyShape, uniqueShape } from "../schema/normalize.ts";
import type { Operation, StorageTarget } from "../schema/operation.ts";
import { sameStorage } from "../schema/storage.ts";
import type { DiffDialect } from "./diff-dialect.ts";
import { memoByTables } from "./pair-memo.ts";

/** Pushes the index and unique renames: matched pairs whose target has an explicit name the live one lacks. */
function pushRenames<T extends { readonly name?: string }>(
  ops: Operation[],
  table: string,
  pairs: readonly [T, T][],
  fallback: (item: T) => string,
): void {
  for (const [live, target] of pairs) {
    if (target.name === undefined) continue;
    const from = live.name ?? fallback(live);
    if (target.name !== from) ops.push({ kind: "renameIndex", table, from, to: target.name });
  }
}

/** A setStorage operation when `from` and `to` differ, else nothing (`target` built only then). */
function pushStorage(
  ops: Operation[],
  table: string,
  target: () => StorageTarget,
  from: StorageParameters | undefined,
  to: StorageParameters | undefined,
): void {
  if (!sameStorage(from, to))
    ops.push({ kind: "setStorage", table, target: target(), ...(from && { from }), ...(to && { to }) });
}

/**
 * The setPrimaryKey, foreign-key, unique, index and check operations that turn `live` into `target`,
 * and on matched pairs the in-place changes: storage parameters (of the table too), a foreign key's
 * timing, and validating a NOT VALID constraint the target wants valid. Memoized per pair of table
 * objects, as `diffColumns` is.
 */
export function diffConstraints(live: Table, target: Table, dialect: DiffDialect): Operation[] {
  return dialect.capabilities.namedConstraints ? diffNamed(live, target) : diffUnnamed(live, target);
}

/** The diff where constraints are named objects (PostgreSQL), and where they are not (SQLite), each memoized. */
const diffNamed = memoByTables((live: Table, target: Table) => constraintOperations(live, target, true));
const diffUnnamed = memoByTables((live: Table, target: Table) => constraintOperations(live, target, false));

function constraintOperations(live: Table, target: Table, namedConstraints: boolean): Operation[] {
  const table = target.name;
  const ops: Operation[] = [];
  pushStorage(ops, table, () => ({ kind: "table" }), live.storage, target.storage);
  if (primaryKeyShape(live.primaryKey) !== primaryKeyShape(target.primaryKey))
    ops.push({
      kind: "setPrimaryKey",
      table,
      ...(live.primaryKey && { from: live.primaryKey }),
      ...(target.primaryKey && { to: target.primaryKey }),
    });
  else if (live.primaryKey && target.primaryKey) {
    const primaryKey = live.primaryKey;
    pushStorage(ops, table, () => ({ kind: "primaryKey", primaryKey }), primaryKey.storage, target.primaryKey.storage);
  }
  const fks = matchByShape(live.foreignKeys, target.foreignKeys, foreignKeyShape);
  for (const foreignKey of fks.dropped) ops.push({ kind: "dropForeignKey", table, foreignKey });
  for (const foreignKey of fks.added) ops.push({ kind: "addForeignKey", table, foreignKey });
  for (const [from, to] of fks.pairs) {
    if (timingDiffers(from, to)) ops.push({ kind: "alterForeignKey", table, from, to });
    if (needsValidation(from, to))
      ops.push({ kind: "validateConstraint", table, constraint: { kind: "foreignKey", foreignKey: from } });
  }
  const uniques = matchByShape(live.uniques, target.uniques, uniqueShape);
  for (const unique of uniques.dropped) ops.push({ kind: "dropUnique", table, unique });
  for (const unique of uniques.added) ops.push({ kind: "addUnique", table, unique });
  for (const [from, to] of uniques.pairs)
    pushStorage(ops, table, () => ({ kind: "unique", unique: from }), from.storage, to.storage);
  if (namedConstraints) pushRenames<Unique>(ops, table, uniques.pairs, (u) => defaultName.unique(live.name, u.columns));
  const indexes = matchByShape(live.indexes, target.indexes, indexShape);
  for (const index of indexes.dropped) ops.push({ kind: "dropIndex", table, index });
  for (const index of indexes.added) ops.push({ kind: "createIndex", table, index });
  for (const [from, to] of indexes.pairs)
    pushStorage(ops, table, () => ({ kind: "index", index: from }), from.storage, to.storage);
  pushRenames<Index>(ops, table, indexes.pairs, (i) => defaultName.index(live.name, i.keys));
  const checks = matchByShape(live.checks, target.checks, checkShape);
  for (const check of checks.dropped) ops.push({ kind: "dropCheck", table, check });
  for (const check of checks.added) ops.push({ kind: "addCheck", table, check });
  for (const [from, to] of checks.pairs)
    if (needsValidation(from, to))
      ops.push({ kind: "validateConstraint", table, constraint: { kind: "check", check: from } });
  return ops;
}
