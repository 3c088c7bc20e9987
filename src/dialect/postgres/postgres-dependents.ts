import type { InheritanceEdge, LiveDependents, RelationRef, ViewReader } from "../../schema/dependents.ts";

/**
 * One catalog query (schema name as `$1`) for what depends on the schema's ordinary tables beyond
 * the IR, written like the others in postgres-catalog.ts (`pg_catalog`-qualified):
 *
 * - `reads`: every view or materialized view, in any schema, whose rewrite rule depends on an
 *   ordinary table of the schema (`pg_depend` of `pg_rewrite` on `pg_class`), with the columns it
 *   reads (`refobjsubid` > 0; a view reading only the table as a whole, `count(*)`, has none);
 * - `inherits`: every `INHERITS` link (not a partition) whose parent or child is in the schema,
 *   with the child's columns (`attinhcount` > 0) and CHECK constraints (`coninhcount` > 0) that
 *   come from that parent.
 */
export const dependentsQuery = `
SELECT 'reads' AS kind, v.relkind::pg_catalog.text AS relkind,
       vn.nspname AS schema, v.relname AS name, tn.nspname AS on_schema, t.relname AS on_name,
       COALESCE(pg_catalog.json_agg(DISTINCT a.attname) FILTER (WHERE a.attname IS NOT NULL), '[]') AS columns,
       '[]'::pg_catalog.json AS checks
  FROM pg_catalog.pg_depend d
  JOIN pg_catalog.pg_rewrite r ON r.oid = d.objid
  JOIN pg_catalog.pg_class v ON v.oid = r.ev_class
  JOIN pg_catalog.pg_namespace vn ON vn.oid = v.relnamespace
  JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
  JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
  LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid AND d.refobjsubid > 0
 WHERE d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass
   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
   AND d.deptype = 'n' AND tn.nspname = $1 AND t.relkind = 'r' AND NOT t.relispartition
   AND v.oid <> t.oid AND v.relkind IN ('v', 'm')
 GROUP BY v.relkind, vn.nspname, v.relname, tn.nspname, t.relname
UNION ALL
SELECT 'inherits', c.relkind::pg_catalog.text, cn.nspname, c.relname, pn.nspname, p.relname,
       COALESCE((SELECT pg_catalog.json_agg(a.attname ORDER BY a.attnum) FROM pg_catalog.pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped AND a.attinhcount > 0
                    AND EXISTS (SELECT 1 FROM pg_catalog.pg_attribute pa WHERE pa.attrelid = p.oid
                                   AND pa.attname = a.attname AND pa.attnum > 0 AND NOT pa.attisdropped)), '[]'),
       COALESCE((SELECT pg_catalog.json_agg(k.conname ORDER BY k.conname) FROM pg_catalog.pg_constraint k
                  WHERE k.conrelid = c.oid AND k.contype = 'c' AND k.coninhcount > 0
                    AND EXISTS (SELECT 1 FROM pg_catalog.pg_constraint pk WHERE pk.conrelid = p.oid
                                   AND pk.contype = 'c' AND pk.conname = k.conname)), '[]')
  FROM pg_catalog.pg_inherits h
  JOIN pg_catalog.pg_class c ON c.oid = h.inhrelid
  JOIN pg_catalog.pg_namespace cn ON cn.oid = c.relnamespace
  JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
  JOIN pg_catalog.pg_namespace pn ON pn.oid = p.relnamespace
 WHERE (cn.nspname = $1 OR pn.nspname = $1) AND NOT c.relispartition AND p.relkind = 'r'
 ORDER BY 1, 3, 4, 5, 6`;

/** One row of {@link dependentsQuery}: `schema.name` is the view (or the child), `on_schema.on_name` the table (or the parent). */
export interface DependentRow {
  readonly [key: string]: unknown;
  readonly kind: "reads" | "inherits";
  readonly relkind: string;
  readonly schema: string;
  readonly name: string;
  readonly on_schema: string;
  readonly on_name: string;
  readonly columns: readonly string[] | null;
  readonly checks: readonly string[] | null;
}

/**
 * Folds the rows of {@link dependentsQuery} into LiveDependents for managed schema `schema`,
 * leaving out links that touch a table pormg does not manage in it (`managed`: the schema's
 * introspected tables; an ignored parent or child is not pormg's to change). Pure.
 */
export function foldDependents(
  rows: readonly DependentRow[],
  schema: string,
  managed: ReadonlySet<string>,
): LiveDependents {
  const ref = (name: string, in_: string): RelationRef => (in_ === schema ? { name } : { name, schema: in_ });
  const readers: ViewReader[] = [];
  const inheritance: InheritanceEdge[] = [];
  for (const row of rows) {
    if (row.kind === "reads") {
      if (!managed.has(row.on_name)) continue;
      readers.push({
        kind: row.relkind === "m" ? "materialized_view" : "view",
        view: ref(row.name, row.schema),
        table: row.on_name,
        columns: [...(row.columns ?? [])].sort(),
      });
      continue;
    }
    const parentManaged = row.on_schema === schema && managed.has(row.on_name);
    const childManaged = row.schema === schema && managed.has(row.name);
    if (!parentManaged && !childManaged) continue;
    inheritance.push({
      parent: ref(row.on_name, row.on_schema),
      child: ref(row.name, row.schema),
      columns: row.columns ?? [],
      checks: row.checks ?? [],
    });
  }
  return { readers, inheritance };
}
