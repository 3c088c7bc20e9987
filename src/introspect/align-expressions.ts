import { sameJson } from "../core/canonical-json.ts";
/**
 * Aligning the models' expressions with the database's spelling of them. PostgreSQL keeps an
 * expression as a parsed tree and prints it back its own way (`budget >= 0` becomes
 * `budget >= 0::numeric`), so the text a model declares and the text introspection reads differ
 * even when they mean the same. Here an expression is compared by what the server prints for it:
 * a model expression and a live one of the same kind and place agree when printing them (through
 * a `Printer`, repeated while the print still changes, at most three rounds) reaches a common
 * text; the model's expression then takes the live one's exact value, so the comparison, `check`
 * and the planner see them as equal. Expressions that agree with nothing keep the models' text, so
 * a plan shows them as written. No I/O here beyond the printer.
 */
import { withPlainIdentifiers as plainIn } from "../schema/expression.ts";
import { canonicalJson } from "../schema/fingerprint.ts";
import type { Check, Column, Index, Schema, Table } from "../schema/ir.ts";
import { normalizeSchema } from "../schema/normalize.ts";
import type { NormalizeRules } from "../schema/normalize-rules.ts";
import type { SqlRules } from "../sql/sql-rules.ts";

/** Writes an expression's quoted identifiers bare where they need no quotes, as the server prints them. */
type Plain = (sql: string) => string;

/** The dialect parts aligning uses: its tokenizer (to spell identifiers bare) and how its schema normalizes. */
export interface AlignExpressionsDialect {
  readonly sql: SqlRules;
  readonly normalize: NormalizeRules;
}

/** Prints scratch tables (see `printTables`): per input, the table as the server reads it back, or undefined. */
export type Printer = (tables: readonly Table[]) => Promise<readonly (Table | undefined)[]>;

/** A scratch table being filled with the expressions of one round. */
interface Scratch {
  columns: Column[];
  readonly checks: Check[];
  readonly indexes: Index[];
}

/**
 * One kind of expression a table holds, and how it goes through a scratch table. Adding a kind is
 * one entry in {@link kinds}.
 */
interface ExpressionKind<V> {
  /** Column-bound kinds pair a model expression with the live one of the same column; others with any of their kind. */
  readonly byColumn: boolean;
  /** The table's expressions of this kind, each under an id (its column name or position). */
  list(table: Table): { id: string; value: V }[];
  /** Puts `value` into the scratch table under `tag`. */
  place(scratch: Scratch, id: string, tag: string, value: V): void;
  /** What the server printed for `tag`, if it accepted it. */
  read(printed: Table, id: string, tag: string): V | undefined;
  /** The table with expression `id` replaced by `value`. */
  replace(table: Table, id: string, value: V): Table;
  /** The same value spelled as PostgreSQL prints some things, found without the server (`withPlainIdentifiers`). */
  spelling(value: V, plain: Plain): V;
}

/** A column-bound kind: the expression in field `field` of a column (`default`, `generated`). */
function columnKind<K extends keyof Column>(field: K): ExpressionKind<NonNullable<Column[K]>> {
  type V = NonNullable<Column[K]>;
  const set = (columns: readonly Column[], id: string, value: V) =>
    columns.map((c) => (c.name === id ? { ...c, [field]: value } : c));
  return {
    byColumn: true,
    list: (t) => {
      // A loop: every table on both sides is listed, per column (thousands of columns, most without).
      const out: { id: string; value: V }[] = [];
      for (const c of t.columns) if (c[field] !== undefined) out.push({ id: c.name, value: c[field] as V });
      return out;
    },
    place: (s, id, _tag, value) => {
      s.columns = set(s.columns, id, value);
    },
    read: (p, id) => p.columns.find((c) => c.name === id)?.[field] as V | undefined,
    replace: (t, id, value) => ({ ...t, columns: set(t.columns, id, value) }),
    spelling: (value, plain) => spellColumnValue(value, plain),
  };
}

/**
 * A column value's local PostgreSQL spelling: the identifiers of a default expression, or of a
 * generated column's expression, written bare.
 */
function spellColumnValue<V>(value: V, plain: Plain): V {
  const v = value as { kind?: unknown; sql?: unknown; expression?: unknown };
  if (v.kind === "expression" && typeof v.sql === "string") return { ...value, sql: plain(v.sql) };
  if (typeof v.expression === "string") return { ...value, expression: plain(v.expression) };
  return value;
}

const checkKind: ExpressionKind<string> = {
  byColumn: false,
  list: (t) => t.checks.map((c, j) => ({ id: String(j), value: c.expression })),
  place: (s, _id, tag, value) => {
    s.checks.push({ name: tag, expression: value });
  },
  read: (p, _id, tag) => p.checks.find((c) => c.name === tag)?.expression,
  replace: (t, id, value) => ({
    ...t,
    checks: t.checks.map((c, j) => (String(j) === id ? { ...c, expression: value } : c)),
  }),
  spelling: (value, plain) => plain(value),
};

/** An index without its name: what identifies it. */
type IndexForm = Omit<Index, "name">;

const formOf = ({ name: _, ...form }: Index): IndexForm => form;

const indexKind: ExpressionKind<IndexForm> = {
  byColumn: false,
  // Only indexes with an expression key or a predicate are spelled by the server.
  list: (t) => {
    const out: { id: string; value: IndexForm }[] = [];
    t.indexes.forEach((x, j) => {
      if (x.where !== undefined || x.keys.some((k) => "expression" in k)) out.push({ id: String(j), value: formOf(x) });
    });
    return out;
  },
  place: (s, _id, tag, value) => {
    s.indexes.push({ ...value, name: tag });
  },
  read: (p, _id, tag) => {
    const found = p.indexes.find((x) => x.name === tag);
    return found && formOf(found);
  },
  replace: (t, id, value) => ({
    ...t,
    indexes: t.indexes.map((x, j) =>
      String(j) === id ? { ...(x.name !== undefined && { name: x.name }), ...value } : x,
    ),
  }),
  spelling: (value, plain) => ({
    ...value,
    keys: value.keys.map((k) => ("expression" in k ? { ...k, expression: plain(k.expression) } : k)),
    ...(value.where !== undefined && { where: plain(value.where) }),
  }),
};

/** Every kind of expression the models and the database may spell differently. */
const kinds: readonly ExpressionKind<unknown>[] = [
  columnKind("default") as ExpressionKind<unknown>,
  columnKind("generated") as ExpressionKind<unknown>,
  checkKind as ExpressionKind<unknown>,
  indexKind as ExpressionKind<unknown>,
];

/** At most this many printing rounds (one batch each); PostgreSQL's print is stable after two. */
const MAX_ROUNDS = 3;

/** One expression of one side, with every spelling of it found so far. */
interface Slot {
  readonly id: string;
  readonly original: unknown;
  /** The spellings (canonical JSON) reached so far; the last one is printed next. */
  readonly forms: string[];
  latest: unknown;
  /** Printing it again would give nothing new (the print was stable, or the server refused it). */
  settled: boolean;
  match?: Slot;
  matched: boolean;
}

/** The expressions of one kind in one table on both sides. */
interface Group {
  readonly table: string;
  readonly kind: ExpressionKind<unknown>;
  readonly k: number;
  readonly model: Slot[];
  readonly live: Slot[];
}

const slot = ({ id, value }: { id: string; value: unknown }, spelled?: unknown): Slot => ({
  id,
  original: value,
  forms: [...new Set([canonicalJson(value), ...(spelled === undefined ? [] : [canonicalJson(spelled)])])],
  latest: value,
  settled: false,
  matched: false,
});

function candidates(group: Group, model: Slot): Slot[] {
  return group.live.filter((l) => !l.matched && (!group.kind.byColumn || l.id === model.id));
}

function matchGroups(groups: readonly Group[]): void {
  for (const group of groups)
    for (const m of group.model) {
      if (m.match) continue;
      const found = candidates(group, m).find((l) => l.forms.some((f) => m.forms.includes(f)));
      if (found) {
        m.match = found;
        found.matched = true;
      }
    }
}

/**
 * Rewrites the models' expressions that mean the same as the live database's into the live
 * spelling (see the module comment). Only tables on both sides are looked at; a new table is
 * created from the models' text anyway. Returns the models' schema (normalized, as given: `models`
 * itself when nothing changes).
 */
export async function alignExpressions(
  models: Schema,
  live: Schema,
  print: Printer,
  dialect: AlignExpressionsDialect,
): Promise<Schema> {
  const plain: Plain = (sql) => plainIn(sql, dialect.sql);
  const liveTables = new Map(live.tables.map((t) => [t.name, t]));
  const groups: Group[] = [];
  for (const table of models.tables) {
    const other = liveTables.get(table.name);
    if (!other) continue;
    kinds.forEach((kind, k) => {
      const declared = kind.list(table);
      if (declared.length === 0) return; // nothing of this kind in the models' table: the live side is not listed
      const actual = kind.list(other);
      // The common case, cheaply: both sides already spell every expression of this kind alike.
      if (actual.length === 0 || sameJson(declared, actual)) return;
      const model = declared.map((s) => slot(s, kind.spelling(s.value, plain)));
      groups.push({ table: table.name, kind, k, model, live: actual.map((s) => slot(s)) });
    });
  }
  matchGroups(groups);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const work = roundWork(groups, round);
    if (work.length === 0) break;
    await printRound(work, models, liveTables, print);
    matchGroups(groups);
  }
  const byTable = new Map<string, Group[]>();
  for (const g of groups) if (g.model.some((m) => m.match)) byTable.set(g.table, [...(byTable.get(g.table) ?? []), g]);
  if (byTable.size === 0) return models;
  const tables = models.tables.map((table) => {
    let out = table;
    for (const g of byTable.get(table.name) ?? [])
      for (const m of g.model) if (m.match) out = g.kind.replace(out, m.id, m.match.original);
    return out;
  });
  return normalizeSchema({ ...models, tables }, dialect);
}

/** A slot to print this round, with where it lives. */
interface Work {
  readonly group: Group;
  readonly side: "model" | "live";
  readonly slot: Slot;
}

/**
 * What to print: the models' unmatched expressions that still have a candidate, and (from the
 * second round on, once printing the models' side alone has not settled it) those candidates.
 */
function roundWork(groups: readonly Group[], round: number): Work[] {
  const work: Work[] = [];
  for (const group of groups) {
    const open = new Set<Slot>();
    for (const m of group.model) {
      if (m.match) continue;
      const others = candidates(group, m).filter((l) => !(m.settled && l.settled));
      if (others.length === 0) continue;
      if (!m.settled) work.push({ group, side: "model", slot: m });
      if (round > 0) for (const l of others) if (!l.settled) open.add(l);
    }
    for (const l of open) work.push({ group, side: "live", slot: l });
  }
  return work;
}

async function printRound(
  work: readonly Work[],
  models: Schema,
  liveTables: ReadonlyMap<string, Table>,
  print: Printer,
): Promise<void> {
  const modelTables = new Map(models.tables.map((t) => [t.name, t]));
  const scratches = new Map<string, { scratch: Scratch; items: { work: Work; tag: string }[] }>();
  for (const item of work) {
    const key = `${item.side}\0${item.group.table}`;
    let entry = scratches.get(key);
    if (!entry) {
      const source = (item.side === "model" ? modelTables : liveTables).get(item.group.table) as Table;
      // Types and collations only: they decide how an expression reads; the slots add the rest.
      const columns = source.columns.map(
        (c): Column => ({
          name: c.name,
          type: c.type,
          nullable: true,
          ...(c.collation !== undefined && { collation: c.collation }),
        }),
      );
      entry = { scratch: { columns, checks: [], indexes: [] }, items: [] };
      scratches.set(key, entry);
    }
    const tag = `${item.group.k}_${item.slot.id}`;
    item.group.kind.place(entry.scratch, item.slot.id, tag, item.slot.latest);
    entry.items.push({ work: item, tag });
  }
  const entries = [...scratches.values()];
  const printed = await print(
    entries.map(({ scratch }, i) => ({
      name: `scratch_${i}`,
      columns: scratch.columns,
      foreignKeys: [],
      uniques: [],
      indexes: scratch.indexes,
      checks: scratch.checks,
    })),
  );
  entries.forEach(({ items }, i) => {
    const table = printed[i];
    for (const { work: item, tag } of items) {
      const value = table && item.group.kind.read(table, item.slot.id, tag);
      const form = value === undefined ? undefined : canonicalJson(value);
      if (value === undefined || form === undefined || item.slot.forms.includes(form)) item.slot.settled = true;
      else {
        item.slot.forms.push(form);
        item.slot.latest = value;
      }
    }
  });
}
