/**
 * Expressions that import-models can write so that they come back exactly as the database has them.
 * PostgreSQL prints an expression (a CHECK, a default, a generated column, an index expression or
 * predicate) from its parsed tree; a models file holding that print is normalized by the server
 * again when it is compared or applied, and for most expressions that gives the same print back. For
 * some it does not (an `IN` list on a `varchar` column: see src/dialect/postgres/postgres-expression-candidates.ts),
 * so a database built from the imported models would hold a different expression than the one it
 * was imported from. Here each live expression is printed once more: when the print is the
 * database's, the expression is written as it is; otherwise the candidates of
 * `expressionCandidates` are printed and the first that prints back exactly as the database does is
 * written instead. An expression no candidate reproduces keeps the database's text and is reported.
 * Two printing batches in all; no I/O beyond the printer.
 */
import { canonicalJson } from "../schema/fingerprint.ts";
import type { Column, Index, Schema, Table } from "../schema/ir.ts";
import type { Printer } from "./align-expressions.ts";

/** One expression of one table: where it sits, its text, and how to put another text there. */
interface Site {
  readonly table: string;
  /** `check c1`, `index i0 where`, `column price default` … (unique within the table). */
  readonly id: string;
  /** What the report calls it. */
  readonly describe: string;
  readonly sql: string;
  /** The scratch-table part holding `sql` under `tag`, given the table's columns. */
  place(scratch: Table, tag: string, sql: string): Table;
  /** What the server printed for `tag`, if it kept it. */
  read(printed: Table, tag: string): string | undefined;
  /** The table with this expression spelled `sql`. */
  replace(table: Table, sql: string): Table;
}

const blank = (t: Table): Table => ({
  name: t.name,
  columns: t.columns.map(({ default: _d, generated: _g, ...c }) => c),
  foreignKeys: [],
  uniques: [],
  indexes: [],
  checks: [],
});

function columnSites(t: Table): Site[] {
  return t.columns.flatMap((c): Site[] => {
    const withColumn = (table: Table, name: string, change: (c: Column) => Column): Table => ({
      ...table,
      columns: table.columns.map((x) => (x.name === name ? change(x) : x)),
    });
    const out: Site[] = [];
    if (c.default?.kind === "expression")
      out.push({
        table: t.name,
        id: `column ${c.name} default`,
        describe: `the default of ${t.name}.${c.name}`,
        sql: c.default.sql,
        place: (s, _tag, sql) => withColumn(s, c.name, (x) => ({ ...x, default: { kind: "expression", sql } })),
        read: (p) => {
          const d = p.columns.find((x) => x.name === c.name)?.default;
          return d?.kind === "expression" ? d.sql : undefined;
        },
        replace: (table, sql) => withColumn(table, c.name, (x) => ({ ...x, default: { kind: "expression", sql } })),
      });
    const g = c.generated;
    if (g !== undefined)
      out.push({
        table: t.name,
        id: `column ${c.name} generated`,
        describe: `the generated column ${t.name}.${c.name}`,
        sql: g.expression,
        place: (s, _tag, sql) => withColumn(s, c.name, (x) => ({ ...x, generated: { ...g, expression: sql } })),
        read: (p) => p.columns.find((x) => x.name === c.name)?.generated?.expression,
        replace: (table, sql) => withColumn(table, c.name, (x) => ({ ...x, generated: { ...g, expression: sql } })),
      });
    return out;
  });
}

function checkSites(t: Table): Site[] {
  return t.checks.map((c, j) => ({
    table: t.name,
    id: `check ${j}`,
    describe: `the check ${c.name ?? `(${c.expression})`} of ${t.name}`,
    sql: c.expression,
    place: (s, tag, sql) => ({ ...s, checks: [...s.checks, { name: tag, expression: sql }] }),
    read: (p, tag) => p.checks.find((x) => x.name === tag)?.expression,
    replace: (table, sql) => ({
      ...table,
      checks: table.checks.map((x, n) => (n === j ? { ...x, expression: sql } : x)),
    }),
  }));
}

/** The predicate and each expression key of an index, each a site of its own. */
function indexSites(t: Table): Site[] {
  return t.indexes.flatMap((index, j): Site[] => {
    const named = (i: Index, tag: string): Index => ({ ...i, name: tag });
    const change = (table: Table, f: (i: Index) => Index): Table => ({
      ...table,
      indexes: table.indexes.map((x, n) => (n === j ? f(x) : x)),
    });
    const where: Site[] =
      index.where === undefined
        ? []
        : [
            {
              table: t.name,
              id: `index ${j} where`,
              describe: `the predicate of index ${index.name ?? j} of ${t.name}`,
              sql: index.where,
              place: (s, tag, sql) => ({ ...s, indexes: [...s.indexes, named({ ...index, where: sql }, tag)] }),
              read: (p, tag) => p.indexes.find((x) => x.name === tag)?.where,
              replace: (table, sql) => change(table, (i) => ({ ...i, where: sql })),
            },
          ];
    const keys = index.keys.flatMap((key, k): Site[] => {
      if (!("expression" in key)) return [];
      const withKey = (i: Index, sql: string): Index => ({
        ...i,
        keys: i.keys.map((x, n) => (n === k ? { ...key, expression: sql } : x)),
      });
      return [
        {
          table: t.name,
          id: `index ${j} key ${k}`,
          describe: `expression ${key.expression} of index ${index.name ?? j} of ${t.name}`,
          sql: key.expression,
          place: (s, tag, sql) => ({ ...s, indexes: [...s.indexes, named(withKey(index, sql), tag)] }),
          read: (p, tag) => {
            const got = p.indexes.find((x) => x.name === tag)?.keys[k];
            return got !== undefined && "expression" in got ? got.expression : undefined;
          },
          replace: (table, sql) => change(table, (i) => withKey(i, sql)),
        },
      ];
    });
    return [...where, ...keys];
  });
}

/** A batch of scratch tables, each holding some sites under tags; what each tag printed. */
async function printSites(
  print: Printer,
  tables: ReadonlyMap<string, Table>,
  entries: readonly { site: Site; tag: string; sql: string }[],
): Promise<Map<string, string | undefined>> {
  // Column sites (a default, a generated column) need a table each; checks and indexes share one per table.
  const scratches: { table: Table; entries: typeof entries }[] = [];
  const shared = new Map<string, { table: Table; entries: (typeof entries)[number][] }>();
  for (const entry of entries) {
    const base = tables.get(entry.site.table) as Table;
    if (entry.site.id.startsWith("column ")) {
      scratches.push({ table: entry.site.place(blank(base), entry.tag, entry.sql), entries: [entry] });
      continue;
    }
    const held = shared.get(entry.site.table) ?? { table: blank(base), entries: [] };
    held.table = entry.site.place(held.table, entry.tag, entry.sql);
    held.entries.push(entry);
    shared.set(entry.site.table, held);
  }
  scratches.push(...shared.values());
  const printed = await print(scratches.map((s) => s.table));
  const out = new Map<string, string | undefined>();
  scratches.forEach((s, n) => {
    const result = printed[n];
    for (const e of s.entries) out.set(e.tag, result === undefined ? undefined : e.site.read(result, e.tag));
  });
  return out;
}

/** The result: the schema with every expression spelled so it prints back as it is, and those that cannot be. */
export interface ImportableExpressions {
  readonly schema: Schema;
  /** Descriptions of the expressions no spelling reproduces (written as the database prints them). */
  readonly unstable: readonly string[];
}

/**
 * See the file comment. `live` is a schema as introspected; `print` prints scratch tables;
 * `expressionCandidates` gives the other spellings of a printed expression to try (the introspector's).
 */
export async function importableExpressions(
  live: Schema,
  print: Printer,
  expressionCandidates: (sql: string) => readonly string[],
): Promise<ImportableExpressions> {
  const tables = new Map(live.tables.map((t) => [t.name, t]));
  const sites = live.tables.flatMap((t) => [...columnSites(t), ...checkSites(t), ...indexSites(t)]);
  if (sites.length === 0) return { schema: live, unstable: [] };
  const same = (a: string | undefined, b: string) => a !== undefined && canonicalJson(a) === canonicalJson(b);

  const first = await printSites(
    print,
    tables,
    sites.map((site, n) => ({ site, tag: `pormg_x${n}`, sql: site.sql })),
  );
  const moving = sites.filter((site, n) => !same(first.get(`pormg_x${n}`), site.sql));
  if (moving.length === 0) return { schema: live, unstable: [] };

  const tries = moving.flatMap((site, n) =>
    expressionCandidates(site.sql).map((sql, k) => ({ site, tag: `pormg_y${n}_${k}`, sql, n })),
  );
  const second = tries.length === 0 ? new Map<string, string | undefined>() : await printSites(print, tables, tries);
  const byTable = new Map(tables);
  const unstable: string[] = [];
  moving.forEach((site, n) => {
    const found = tries.find((t) => t.n === n && same(second.get(t.tag), site.sql));
    if (found === undefined) {
      unstable.push(`${site.describe}: ${site.sql}`);
      return;
    }
    byTable.set(site.table, site.replace(byTable.get(site.table) as Table, found.sql));
  });
  return { schema: { ...live, tables: live.tables.map((t) => byTable.get(t.name) as Table) }, unstable };
}
