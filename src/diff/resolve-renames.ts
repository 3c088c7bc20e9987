/**
 * `resolveRenames`: settles which unmatched tables and columns are renames — from hints first, then
 * by a RenameResolver's decisions (a person's answers: `askingResolver`), and otherwise never: a
 * non-interactive run fails closed on identical-definition pairs.
 */
import { PormgError } from "../core/errors.ts";
import type { ExpressionNames } from "../schema/expression-names.ts";
import type { Schema } from "../schema/ir.ts";
import {
  columnCandidates,
  columnKey,
  type RenameCandidate,
  type RenameState,
  tableCandidates,
} from "./rename-candidates.ts";
import { parseRenameHints, type RenameHint } from "./rename-hints.ts";
import { type RenameQuestion, type RenameResolver, renameAmbiguousError } from "./rename-questions.ts";
import { applyRenames, type ColumnRename, type RenameDecisions, type TableRename } from "./renames.ts";

export type { RenameQuestion, RenameResolver } from "./rename-questions.ts";

/** ResolvedRenames are the decided renames, plus notes about hints that named nothing in either schema. */
export interface ResolvedRenames extends RenameDecisions {
  readonly warnings: readonly string[];
}

interface MutableState {
  tables: TableRename[];
  columns: ColumnRename[];
  droppedTables: Set<string>;
  newTables: Set<string>;
  droppedColumns: Set<string>;
  newColumns: Set<string>;
}

const contradiction = (hint: RenameHint, why: string) =>
  new PormgError("USAGE", `The rename hint "${hint.text}" contradicts the schemas: ${why}. Fix or remove the hint.`, {
    hint: hint.text,
  });

/** Which of `from`/`to` exist on each side, and what the hint therefore means. */
function judge(
  hint: RenameHint,
  what: (name: string) => string,
  inLive: (n: string) => boolean,
  inTarget: (n: string) => boolean,
): "apply" | "stale" | "unknown" {
  const { from, to } = hint;
  if (!inLive(from)) return to !== null && !inLive(to) ? "unknown" : "stale";
  if (inTarget(from)) throw contradiction(hint, `${what(from)} is still declared in the models`);
  if (to === null) return "apply";
  if (inLive(to)) throw contradiction(hint, `${what(to)} already exists in the database`);
  if (!inTarget(to)) throw contradiction(hint, `the models declare no ${what(to)}`);
  return "apply";
}

/**
 * Where names compare ignoring case (the `insensitive` identifierCase, SQLite), a name as `names`
 * spell it: itself when it is one of them, else the one name that differs from it only in case.
 * Elsewhere the name itself.
 */
function spelled(name: string, names: readonly string[]): string {
  if (names.includes(name)) return name;
  const matches = names.filter((n) => n.toLowerCase() === name.toLowerCase());
  return matches.length === 1 ? (matches[0] as string) : name;
}

/** A hint with its names spelled as the schemas spell them (see {@link spelled}). */
function spellHint(
  hint: RenameHint,
  live: Schema,
  target: Schema,
  current: Schema,
  dialect: ExpressionNames,
): RenameHint {
  if (dialect.capabilities.identifierCase !== "insensitive") return hint;
  const tableNames = (s: Schema) => s.tables.map((t) => t.name);
  if (hint.kind === "table") {
    const from = spelled(hint.from, tableNames(live));
    const to = hint.to === null ? null : spelled(hint.to, tableNames(target));
    return { ...hint, from, to };
  }
  const table = spelled(hint.table, tableNames(target));
  const columns = (s: Schema) => s.tables.find((t) => t.name === table)?.columns.map((c) => c.name) ?? [];
  const from = spelled(hint.from, columns(current));
  const to = hint.to === null ? null : spelled(hint.to, columns(target));
  return { ...hint, table, from, to };
}

function applyHints(
  live: Schema,
  target: Schema,
  given: readonly RenameHint[],
  state: MutableState,
  warn: (m: string) => void,
  dialect: ExpressionNames,
) {
  const liveTables = new Set(live.tables.map((t) => t.name));
  const targetTables = new Map(target.tables.map((t) => [t.name, t]));
  const hints = given.map((h) => (h.kind === "table" ? spellHint(h, live, target, live, dialect) : h));
  for (const hint of hints) {
    if (hint.kind !== "table") continue;
    const verdict = judge(
      hint,
      (n) => `table "${n}"`,
      (n) => liveTables.has(n),
      (n) => targetTables.has(n),
    );
    if (verdict === "unknown")
      warn(`The rename hint "${hint.text}" names no table in the database or the models; ignored.`);
    if (verdict !== "apply") continue;
    if (hint.to === null) state.droppedTables.add(hint.from);
    else state.tables.push({ from: hint.from, to: hint.to });
  }
  const renamed = applyRenames(live, state, dialect);
  const current = new Map(renamed.tables.map((t) => [t.name, t]));
  for (const hint of hints.map((h) => (h.kind === "column" ? spellHint(h, live, target, renamed, dialect) : h))) {
    if (hint.kind !== "column") continue;
    const model = targetTables.get(hint.table);
    if (!model)
      throw contradiction(
        hint,
        `the models declare no table "${hint.table}" (a column hint names the table's new name)`,
      );
    const before = current.get(hint.table);
    if (!before) {
      warn(`The rename hint "${hint.text}" names a table that is new; ignored.`);
      continue;
    }
    const verdict = judge(
      hint,
      (n) => `column "${hint.table}.${n}"`,
      (n) => before.columns.some((c) => c.name === n),
      (n) => model.columns.some((c) => c.name === n),
    );
    if (verdict === "unknown")
      warn(`The rename hint "${hint.text}" names no column in the database or the models; ignored.`);
    if (verdict !== "apply") continue;
    if (hint.to === null) state.droppedColumns.add(columnKey(hint.table, hint.from));
    else state.columns.push({ table: hint.table, from: hint.from, to: hint.to });
  }
}

function groupByTarget(candidates: readonly RenameCandidate[]): Map<string, RenameCandidate[]> {
  const groups = new Map<string, RenameCandidate[]>();
  for (const c of candidates) {
    const key = columnKey(c.table ?? "", c.to);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return groups;
}

/** The resolver's decision on `question`: the name it names (one of the candidates), or null for a new object. */
async function decide(resolver: RenameResolver, question: RenameQuestion): Promise<string | null> {
  const from = await resolver.decide(question);
  if (from !== null && !question.deleted.some((c) => c.from === from))
    throw new Error(`rename resolver chose "${from}", which is not a candidate`);
  return from;
}

async function askTables(live: Schema, target: Schema, state: MutableState, resolver: RenameResolver) {
  // Only a model table with no live table of its name can be a rename's target: the candidates are
  // computed for those alone (an unchanged schema asks nothing and costs one pass).
  const liveNames = new Set(live.tables.map((t) => t.name));
  for (const table of target.tables) {
    if (liveNames.has(table.name)) continue;
    const deleted = tableCandidates(live, target, state).filter((c) => c.to === table.name);
    if (deleted.length === 0) continue;
    const from = await decide(resolver, { created: table.name, deleted });
    if (from !== null) state.tables.push({ from, to: table.name });
    else state.newTables.add(table.name);
  }
}

async function askColumns(
  live: Schema,
  target: Schema,
  state: MutableState,
  resolver: RenameResolver,
  dialect: ExpressionNames,
) {
  for (;;) {
    const [first] = groupByTarget(columnCandidates(live, target, state, dialect)).values();
    if (!first?.[0]) return;
    const { table = "", to } = first[0];
    const deleted = [...first].sort((a, b) => Number(b.identical) - Number(a.identical));
    const from = await decide(resolver, { table, created: to, deleted });
    if (from !== null) state.columns.push({ table, from, to });
    else state.newColumns.add(columnKey(table, to));
  }
}

/**
 * Decides the renames between `live` and `target`: `hints` first (see `parseRenameHints`; a stale
 * hint — old name gone, new one present — does nothing; one naming nothing at all only warns; one
 * contradicting the schemas is a `USAGE` error). Then, with a `resolver`, every remaining candidate
 * is put to it as a {@link RenameQuestion} (all table questions before any column question, the
 * identical candidates first); without one, pairs with
 * identical definitions fail closed with `RENAME_AMBIGUOUS` (see `renameAmbiguousError`) and every
 * other unmatched object is dropped or created. `dialect` (the schemas') reads expressions.
 */
export async function resolveRenames(
  live: Schema,
  target: Schema,
  dialect: ExpressionNames,
  options: { readonly hints?: readonly string[]; readonly resolver?: RenameResolver } = {},
): Promise<ResolvedRenames> {
  const warnings: string[] = [];
  const state: MutableState = {
    tables: [],
    columns: [],
    droppedTables: new Set(),
    newTables: new Set(),
    droppedColumns: new Set(),
    newColumns: new Set(),
  };
  applyHints(live, target, parseRenameHints(options.hints ?? []), state, (m) => warnings.push(m), dialect);
  if (options.resolver) {
    await askTables(live, target, state, options.resolver);
    await askColumns(live, target, state, options.resolver, dialect);
  } else {
    const settled: RenameState = state;
    const ambiguous = [
      ...tableCandidates(live, target, settled).filter((c) => c.identical),
      ...columnCandidates(live, target, settled, dialect).filter((c) => c.identical),
    ];
    if (ambiguous.length > 0) throw renameAmbiguousError(ambiguous);
  }
  return { tables: state.tables, columns: state.columns, warnings };
}
