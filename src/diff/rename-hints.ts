/**
 * Rename hints: `--rename old=new` (a table), `--rename table.old=table.new` (a column; `table` is
 * the table's NEW name), `--rename old=` / `--rename table.old=` (explicitly not a rename: drop it),
 * and the same hints derived from `renamedFrom` options in the models.
 */
import { PormgError } from "../core/errors.ts";
import type { LoadedModels } from "../model/load-models.ts";
import { columnOf, hasColumn, modelSet } from "../model/resolve.ts";
import type { Field } from "../model/types.ts";
import type { Schema } from "../schema/ir.ts";

/** A RenameHint is one parsed hint; `to: null` says "not a rename". `text` is the hint as written. */
export type RenameHint =
  | { readonly kind: "table"; readonly from: string; readonly to: string | null; readonly text: string }
  | {
      readonly kind: "column";
      readonly table: string;
      readonly from: string;
      readonly to: string | null;
      readonly text: string;
    };

const FORMS =
  "Write old=new to rename a table, table.old=table.new to rename a column (with the table's new name), " +
  "or old= / table.old= to drop it instead of renaming";

function malformed(text: string, why: string): PormgError {
  return new PormgError("USAGE", `Invalid rename hint "${text}": ${why}. ${FORMS}.`, { hint: text });
}

function parseOne(text: string): RenameHint {
  const eq = text.indexOf("=");
  if (eq < 0) throw malformed(text, "it has no '='");
  const left = text.slice(0, eq).trim();
  const right = text.slice(eq + 1).trim();
  if (left === "") throw malformed(text, "the old name is empty");
  const dot = left.indexOf(".");
  if (dot < 0) {
    if (right.includes(".")) throw malformed(text, `"${right}" names a column but "${left}" names a table`);
    if (right === left) throw malformed(text, "the old and new names are the same");
    return { kind: "table", from: left, to: right === "" ? null : right, text };
  }
  const table = left.slice(0, dot);
  const from = left.slice(dot + 1);
  if (table === "" || from === "") throw malformed(text, `"${left}" is not table.column`);
  if (right === "") return { kind: "column", table, from, to: null, text };
  const rdot = right.indexOf(".");
  if (rdot < 0) throw malformed(text, `write the new column as "${table}.${right}"`);
  const to = right.slice(rdot + 1);
  if (right.slice(0, rdot) !== table)
    throw malformed(text, `both sides must name the same (new) table, "${table}" and "${right.slice(0, rdot)}" differ`);
  if (to === "") throw malformed(text, "the new column name is empty");
  if (to === from) throw malformed(text, "the old and new names are the same");
  return { kind: "column", table, from, to, text };
}

/**
 * Parses rename hints. Malformed hints and contradictions (one old name given two fates, or two
 * old names given the same new name) are `USAGE` errors naming the hints; exact repeats are merged.
 * Whether the names exist is checked later, against the schemas (`resolveRenames`).
 */
export function parseRenameHints(hints: readonly string[]): RenameHint[] {
  const out: RenameHint[] = [];
  const byOld = new Map<string, RenameHint>();
  const byNew = new Map<string, RenameHint>();
  for (const text of hints) {
    const hint = parseOne(text);
    const prefix = hint.kind === "table" ? "t" : `c${JSON.stringify(hint.table)}`;
    const oldKey = `${prefix}:${hint.from}`;
    const earlier = byOld.get(oldKey);
    if (earlier) {
      if (earlier.to === hint.to) continue;
      throw new PormgError(
        "USAGE",
        `Contradictory rename hints "${earlier.text}" and "${hint.text}": ${hint.kind} "${hint.from}" cannot have both fates. Keep one of them.`,
        { hints: [earlier.text, hint.text] },
      );
    }
    if (hint.to !== null) {
      const newKey = `${prefix}:${hint.to}`;
      const rival = byNew.get(newKey);
      if (rival)
        throw new PormgError(
          "USAGE",
          `Contradictory rename hints "${rival.text}" and "${hint.text}": both rename to "${hint.to}". Keep one of them.`,
          { hints: [rival.text, hint.text] },
        );
      byNew.set(newKey, hint);
    }
    byOld.set(oldKey, hint);
    out.push(hint);
  }
  return out;
}

/**
 * The rename hints the models carry, in hint form (`old=new`, `table.old=table.new`): a model's
 * `renamedFrom` names its previous table — taken verbatim when `live` has a table of that name,
 * else lowercased as a previous export name would be (the default table name) — and a field's
 * `renamedFrom` names its previous column. Unmanaged models are skipped. Hints that are stale (the
 * rename already happened) do nothing when resolved.
 */
export function modelRenameHints(loaded: LoadedModels, live?: Schema): string[] {
  // `check` asks once while reading the state and again to plan, for the same two objects.
  const memo = hintsMemo.get(loaded);
  if (memo !== undefined && memo.live === live) return [...memo.hints];
  const hints = readRenameHints(loaded, live);
  if (Object.isFrozen(loaded.models)) hintsMemo.set(loaded, { live, hints }); // a loaded file's, as modelSet keeps
  return [...hints];
}

/** The last answer of {@link modelRenameHints} per loaded models file (the IR is never changed in place). */
const hintsMemo = new WeakMap<LoadedModels, { readonly live: Schema | undefined; readonly hints: readonly string[] }>();

function readRenameHints(loaded: LoadedModels, live: Schema | undefined): string[] {
  const liveTables = new Set(live?.tables.map((t) => t.name));
  const hints: string[] = [];
  for (const entry of modelSet(loaded.models).entries) {
    if (!entry.managed) continue;
    const from = entry.model.options.renamedFrom;
    if (typeof from === "string" && from !== "") {
      const old = liveTables.has(from) ? from : from.toLowerCase();
      if (old !== entry.table) hints.push(`${old}=${entry.table}`);
    }
    const fields = entry.model.fields;
    for (const name of Object.keys(fields)) {
      const field = fields[name] as Field;
      const previous = field.options.renamedFrom;
      if (!hasColumn(field) || typeof previous !== "string" || previous === "") continue;
      const column = columnOf(name, field);
      if (previous !== column) hints.push(`${entry.table}.${previous}=${entry.table}.${column}`);
    }
  }
  return hints;
}
