/**
 * The catalog queries PostgreSQL introspection runs: a fixed set, each covering every table of the
 * schema at once (never one query per table), all taking the schema name as `$1`. They run inside
 * one transaction whose `search_path` is the introspected schema (then `pg_catalog`), so every
 * `pg_get_expr` / `format_type` text names objects of that schema unqualified, exactly as DDL
 * executed with the same search_path would.
 *
 * Every catalog table, function and cast is written `pg_catalog.`-qualified, and the transaction's
 * `search_path` puts `pg_catalog` first, so objects of the user's schema — a table named `text`, a
 * function `format_type`, a better-matching overload such as `unnest(int2[])` — can never change
 * what these queries mean. Operators stay unqualified: with `pg_catalog` searched first, each
 * resolves to its exact built-in match.
 */

/** Tables, partitioned tables, views, materialized views, sequences and foreign tables of the schema. */
export const relationsQuery = `
SELECT c.relname AS name,
       c.relkind::pg_catalog.text AS kind,
       pg_catalog.to_json(c.reloptions) AS options,
       (SELECT pg_catalog.to_json(t.reloptions) FROM pg_catalog.pg_class t WHERE t.oid = c.reltoastrelid) AS toast_options,
       c.relispartition AS is_partition,
       (SELECT p.relname FROM pg_catalog.pg_inherits h JOIN pg_catalog.pg_class p ON p.oid = h.inhparent
         WHERE h.inhrelid = c.oid LIMIT 1) AS parent,
       EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid AND d.deptype = 'e') AS extension_member,
       (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid
                  AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0
                  AND d.deptype IN ('a', 'i'))) AS owned_by_column
  FROM pg_catalog.pg_class c
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`;

/** One row of {@link relationsQuery}. */
export interface RelationRow {
  readonly [key: string]: unknown;
  readonly name: string;
  readonly kind: "r" | "p" | "v" | "m" | "S" | "f";
  /** The relation's storage parameters (`reloptions`, `["fillfactor=80", …]`), and its TOAST table's. */
  readonly options: readonly string[] | null;
  readonly toast_options: readonly string[] | null;
  readonly is_partition: boolean;
  readonly parent: string | null;
  readonly extension_member: boolean;
  readonly owned_by_column: boolean;
}

/**
 * The names of the columns numbered `attnums` (an array expression) of relation `relid`, in array
 * order, as a JSON array (null when none; `where` filters the array's elements `u(att, n)`). Each
 * name is looked up by pg_attribute's (attrelid, attnum) index: a plain join let the planner read
 * every column of the table for each constraint or index (`OFFSET 0` keeps the lookup a lookup).
 */
function columnNames(attnums: string, relid: string, where?: string): string {
  return `(SELECT pg_catalog.json_agg(a.attname ORDER BY u.n) FROM pg_catalog.unnest(${attnums}) WITH ORDINALITY u(att, n)
          JOIN LATERAL (SELECT a.attname FROM pg_catalog.pg_attribute a
                         WHERE a.attrelid = ${relid} AND a.attnum = u.att OFFSET 0) a ON true${
                           where
                             ? `
         WHERE ${where}`
                             : ""
                         })`;
}

/**
 * The condition a scoped per-table query ({@link columnsQuery}, {@link constraintsQuery},
 * {@link indexesQuery} with `scoped`) adds: the table is one of `$2` (a text array of names).
 */
const IN_SCOPE = "c.relname = ANY($2::pg_catalog.text[])";

/**
 * Columns of every ordinary table, in attnum order. `serial` is true when the default is
 * `nextval` of a sequence the column owns (what `serial`/`bigserial` create); both sides of that
 * comparison print the sequence name through the same search_path, so the test is exact.
 * `collation` is the column's collation name when it is not its type's default. `sequence` is that
 * owned sequence as DDL names it (quoted as needed, qualified when outside the search path).
 * `generated` is `s` (STORED) or, from PostgreSQL 18, `v` (VIRTUAL); the default expression is then
 * the generation expression. `not_null_name` is, from PostgreSQL 18 (which records every NOT NULL as
 * a named `pg_constraint` row, `contype = 'n'`), the name of the column's NOT NULL constraint; null
 * before 18 and for a nullable column.
 */
export function columnsQuery(serverMajor: number, scoped = false): string {
  const notNullName =
    serverMajor >= 18
      ? `(SELECT k.conname::pg_catalog.text FROM pg_catalog.pg_constraint k
          WHERE k.conrelid = a.attrelid AND k.contype = 'n' AND k.conkey[1] = a.attnum LIMIT 1)`
      : "NULL::pg_catalog.text";
  return `
SELECT c.relname AS table,
       a.attname AS name,
       pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
       a.attnotnull AS not_null,
       a.attidentity::pg_catalog.text AS identity,
       a.attgenerated::pg_catalog.text AS generated,
       pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) AS default,
       COALESCE(pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) =
                'nextval(' || pg_catalog.quote_literal(seq.oid::pg_catalog.regclass::pg_catalog.text) || '::regclass)', false) AS serial,
       seq.oid::pg_catalog.regclass::pg_catalog.text AS sequence,
       co.collname AS collation,
       ${notNullName} AS not_null_name
  FROM pg_catalog.pg_attribute a
  JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
  LEFT JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid
  LEFT JOIN pg_catalog.pg_collation co ON co.oid = a.attcollation AND a.attcollation <> ty.typcollation
  LEFT JOIN LATERAL (
        SELECT d.objid AS oid FROM pg_catalog.pg_depend d JOIN pg_catalog.pg_class s ON s.oid = d.objid AND s.relkind = 'S'
         WHERE ad.adbin IS NOT NULL AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
           AND d.refobjid = a.attrelid AND d.refobjsubid = a.attnum AND d.deptype = 'a'
         LIMIT 1) seq ON true
 WHERE n.nspname = $1${scoped ? ` AND ${IN_SCOPE}` : ""} AND c.relkind = 'r' AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped
 ORDER BY a.attrelid, a.attnum`;
}

/**
 * Every sequence of the schema: its name, its name as DDL writes it, the column that owns it
 * (`OWNED BY` or an identity, same schema by PostgreSQL's rule) and the columns of any schema whose
 * default reads it (a `nextval` default depends on the sequence it names). The readers are grouped
 * once for all sequences and joined: a subquery per sequence scanned every default's dependencies
 * for each one (pg_depend has no index on what an attrdef depends on), quadratic in the table count.
 */
export const sequencesQuery = `
SELECT s.relname AS name,
       s.oid::pg_catalog.regclass::pg_catalog.text AS sql,
       (SELECT pg_catalog.json_build_object('table', t.relname, 'column', a.attname, 'identity', d.deptype = 'i')
          FROM pg_catalog.pg_depend d
          JOIN pg_catalog.pg_class t ON t.oid = d.refobjid
          JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
         WHERE d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = s.oid
           AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0
           AND d.deptype IN ('a', 'i')
         LIMIT 1) AS owner,
       r.readers
  FROM pg_catalog.pg_class s
  JOIN pg_catalog.pg_namespace n ON n.oid = s.relnamespace
  LEFT JOIN (SELECT d.refobjid AS sequence,
                    pg_catalog.json_agg(pg_catalog.json_build_object('table', t.relname, 'column', a.attname,
                                        'schema', tn.nspname) ORDER BY tn.nspname, t.relname, a.attnum) AS readers
               FROM pg_catalog.pg_depend d
               JOIN pg_catalog.pg_class sq ON sq.oid = d.refobjid AND sq.relkind = 'S'
               JOIN pg_catalog.pg_attrdef ad ON ad.oid = d.objid
               JOIN pg_catalog.pg_class t ON t.oid = ad.adrelid
               JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace
               JOIN pg_catalog.pg_attribute a ON a.attrelid = ad.adrelid AND a.attnum = ad.adnum
              WHERE d.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass
                AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass
              GROUP BY d.refobjid) r ON r.sequence = s.oid
 WHERE n.nspname = $1 AND s.relkind = 'S'
 ORDER BY s.relname`;

/** One row of {@link sequencesQuery}. */
export interface SequenceRow {
  readonly [key: string]: unknown;
  readonly name: string;
  readonly sql: string;
  readonly owner: { readonly table: string; readonly column: string; readonly identity: boolean } | null;
  readonly readers: readonly { readonly table: string; readonly column: string; readonly schema: string }[] | null;
}

/** One row of {@link columnsQuery}. */
export interface ColumnRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly type: string;
  readonly not_null: boolean;
  readonly identity: "" | "a" | "d";
  readonly generated: "" | "s" | "v";
  readonly default: string | null;
  readonly serial: boolean;
  readonly sequence: string | null;
  readonly collation: string | null;
  /** PostgreSQL 18+: the name of the column's NOT NULL constraint (null when nullable, or before 18). */
  readonly not_null_name: string | null;
}

/**
 * Primary keys, unique, foreign key, check and exclusion constraints of every ordinary table, with
 * their clauses and, for primary keys and uniques, what their index adds (storage parameters,
 * NULLS NOT DISTINCT, INCLUDE columns). `indnullsnotdistinct` and `confdelsetcols` exist from
 * PostgreSQL 15 on, `conenforced` (`NOT ENFORCED`) and `conperiod` (`WITHOUT OVERLAPS`, `PERIOD`)
 * from 18, so the query text depends on the server's major version. 18's NOT NULL rows
 * (`contype = 'n'`) are not read here: they are the columns' `not_null` ({@link columnsQuery}).
 */
export function constraintsQuery(serverMajor: number, scoped = false): string {
  const pg15 = serverMajor >= 15;
  const setColumns = pg15 ? columnNames("k.confdelsetcols", "k.conrelid") : "NULL::pg_catalog.json";
  return `
SELECT c.relname AS table,
       k.conname AS name,
       k.contype::pg_catalog.text AS type,
       ${columnNames("k.conkey", "k.conrelid")} AS columns,
       f.relname AS ref_table,
       CASE WHEN f.relnamespace <> c.relnamespace
            THEN (SELECT fn.nspname FROM pg_catalog.pg_namespace fn WHERE fn.oid = f.relnamespace) END AS ref_schema,
       ${columnNames("k.confkey", "k.confrelid")} AS ref_columns,
       k.confdeltype::pg_catalog.text AS on_delete,
       k.confupdtype::pg_catalog.text AS on_update,
       k.condeferrable AS deferrable,
       k.condeferred AS deferred,
       CASE WHEN k.contype = 'c' THEN pg_catalog.pg_get_expr(k.conbin, k.conrelid, true) END AS expression,
       k.confmatchtype::pg_catalog.text AS match,
       ${setColumns} AS on_delete_columns,
       k.connoinherit AS no_inherit,
       k.convalidated AS validated,
       ${serverMajor >= 18 ? "k.conenforced" : "true"} AS enforced,
       ${serverMajor >= 18 ? "k.conperiod" : "false"} AS period,
       pg_catalog.to_json(ic.reloptions) AS index_options,
       ${pg15 ? "COALESCE(ix.indnullsnotdistinct, false)" : "false"} AS nulls_not_distinct,
       COALESCE(ix.indnatts > ix.indnkeyatts, false) AS has_include,
       ${columnNames("ix.indkey::pg_catalog.int2[]", "ix.indrelid", "u.n > ix.indnkeyatts")} AS include
  FROM pg_catalog.pg_constraint k
  JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
  LEFT JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
  LEFT JOIN pg_catalog.pg_index ix ON ix.indexrelid = k.conindid AND k.contype IN ('p', 'u')
  LEFT JOIN pg_catalog.pg_class ic ON ic.oid = ix.indexrelid
 WHERE n.nspname = $1${scoped ? ` AND ${IN_SCOPE}` : ""} AND c.relkind = 'r' AND NOT c.relispartition AND k.contype IN ('p', 'u', 'f', 'c', 'x')
 ORDER BY c.relname, k.conname`;
}

/** One row of {@link constraintsQuery}. */
export interface ConstraintRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly type: "p" | "u" | "f" | "c" | "x";
  readonly columns: readonly string[] | null;
  readonly ref_table: string | null;
  /** The referenced table's schema when it is not the constrained table's, else null. */
  readonly ref_schema: string | null;
  readonly ref_columns: readonly string[] | null;
  readonly on_delete: string;
  readonly on_update: string;
  readonly deferrable: boolean;
  readonly deferred: boolean;
  readonly expression: string | null;
  /** `confmatchtype`: `f` MATCH FULL, `s` MATCH SIMPLE, `p` MATCH PARTIAL; a space for non-foreign keys. */
  readonly match: string;
  /** PostgreSQL 15+: the columns of `ON DELETE SET NULL | SET DEFAULT (cols)`, or null. */
  readonly on_delete_columns: readonly string[] | null;
  readonly no_inherit: boolean;
  readonly validated: boolean;
  /** PostgreSQL 18+: false for a `NOT ENFORCED` check or foreign key (always true before 18). */
  readonly enforced: boolean;
  /** PostgreSQL 18+: a key `WITHOUT OVERLAPS` or a foreign key with `PERIOD` (always false before 18). */
  readonly period: boolean;
  /** Primary keys and uniques: their index's storage parameters, NULLS NOT DISTINCT and INCLUDE columns. */
  readonly index_options: readonly string[] | null;
  readonly nulls_not_distinct: boolean;
  readonly has_include: boolean;
  /** The INCLUDE columns of a primary key's or unique's index, in order (null when none). */
  readonly include: readonly string[] | null;
}

/**
 * Indexes of every ordinary table with their keys. `indnullsnotdistinct` exists from PostgreSQL 15
 * on, so the query text depends on the server's major version. A key's collation is its default
 * when it is the column's, or, for an expression, when the index definition names no collation
 * (PostgreSQL writes `COLLATE` exactly for keys whose collation is not their expression's).
 * The keys of all the indexes are read in one join, grouped by index: a subquery per index looked
 * each key's column, operator class and collation up one index at a time.
 */
export function indexesQuery(serverMajor: number, scoped = false): string {
  const nullsNotDistinct = serverMajor >= 15 ? "i.indnullsnotdistinct" : "false";
  return `
WITH ix AS (
  SELECT i.indexrelid, i.indrelid, i.indisunique, i.indisvalid, i.indnatts, i.indnkeyatts, i.indkey, i.indclass,
         i.indcollation, i.indoption, i.indpred, ${nullsNotDistinct} AS nulls_not_distinct, c.relname AS table
    FROM pg_catalog.pg_index i
    JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1${scoped ? ` AND ${IN_SCOPE}` : ""} AND c.relkind = 'r' AND NOT c.relispartition
), keys AS (
  SELECT x.indexrelid,
         pg_catalog.json_agg(pg_catalog.json_build_object(
           'column', a.attname,
           'expression', CASE WHEN x.att = 0 THEN pg_catalog.pg_get_indexdef(x.indexrelid, x.n::int, true) END,
           'option', x.indoption[x.n - 1],
           'defaultOpclass', COALESCE(opc.opcdefault, true),
           'opclass', CASE WHEN opcn.nspname = 'pg_catalog' OR opcn.nspname IS NULL THEN opc.opcname
                           ELSE pg_catalog.quote_ident(opcn.nspname) || '.' || opc.opcname END,
           'collation', coll.collname,
           'opclassOptions', EXISTS (SELECT 1 FROM pg_catalog.pg_attribute ia
                                     WHERE ia.attrelid = x.indexrelid AND ia.attnum = x.n AND ia.attoptions IS NOT NULL),
           'defaultCollation', x.indcollation[x.n - 1] IN (0, 100) OR x.indcollation[x.n - 1] = a.attcollation
             OR (x.att = 0 AND position(' COLLATE ' IN pg_catalog.pg_get_indexdef(x.indexrelid)) = 0)
         ) ORDER BY x.n) AS keys
    FROM (SELECT ix.indexrelid, ix.indrelid, ix.indclass, ix.indcollation, ix.indoption, u.att, u.n
            FROM ix, pg_catalog.unnest(ix.indkey::pg_catalog.int2[]) WITH ORDINALITY u(att, n)
           WHERE u.n <= ix.indnkeyatts) x
    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = x.att AND x.att > 0
    LEFT JOIN pg_catalog.pg_opclass opc ON opc.oid = x.indclass[x.n - 1]
    LEFT JOIN pg_catalog.pg_namespace opcn ON opcn.oid = opc.opcnamespace
    LEFT JOIN pg_catalog.pg_collation coll ON coll.oid = x.indcollation[x.n - 1]
   GROUP BY x.indexrelid
)
SELECT i.table AS table,
       ic.relname AS name,
       i.indisunique AS unique,
       i.indisvalid AS valid,
       am.amname AS method,
       i.indnatts > i.indnkeyatts AS has_include,
       ${columnNames("i.indkey::pg_catalog.int2[]", "i.indrelid", "u.n > i.indnkeyatts")} AS include,
       i.nulls_not_distinct,
       pg_catalog.to_json(ic.reloptions) AS options,
       pg_catalog.pg_get_expr(i.indpred, i.indrelid, true) AS predicate,
       EXISTS (SELECT 1 FROM pg_catalog.pg_constraint k
                WHERE k.conindid = i.indexrelid AND k.conrelid = i.indrelid AND k.contype IN ('p', 'u', 'x')) AS backs_constraint,
       k.keys
  FROM ix i
  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
  JOIN pg_catalog.pg_am am ON am.oid = ic.relam
  LEFT JOIN keys k ON k.indexrelid = i.indexrelid
 ORDER BY i.table, ic.relname`;
}

/** One key of an {@link IndexRow}. */
export interface IndexKeyRow {
  readonly column: string | null;
  readonly expression: string | null;
  readonly option: number;
  readonly defaultOpclass: boolean;
  /** The key's operator class (schema-qualified outside `pg_catalog`). */
  readonly opclass: string | null;
  readonly defaultCollation: boolean;
  /** The key's collation name (read when it is not the default). */
  readonly collation: string | null;
  /** Whether the key's operator class has parameters (`gist_trgm_ops(siglen = 32)`), which the IR does not carry. */
  readonly opclassOptions: boolean;
}

/** One row of {@link indexesQuery}. */
export interface IndexRow {
  readonly [key: string]: unknown;
  readonly table: string;
  readonly name: string;
  readonly unique: boolean;
  readonly valid: boolean;
  readonly method: string;
  readonly has_include: boolean;
  /** The INCLUDE columns, in order (null when none). */
  readonly include: readonly string[] | null;
  readonly nulls_not_distinct: boolean;
  /** The index's storage parameters (`reloptions`). */
  readonly options: readonly string[] | null;
  readonly predicate: string | null;
  readonly backs_constraint: boolean;
  readonly keys: readonly IndexKeyRow[];
}

/**
 * The rest of the inventory pormg never manages: triggers, functions and procedures, standalone
 * types (enum, composite, range, domain — not the row types of tables), other schemas, and the
 * extensions installed into this schema. Objects that belong to an extension are left out (the
 * extension itself is reported).
 */
export const inventoryQuery = `
SELECT 'trigger' AS kind, t.tgname AS name, c.relname AS table
  FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = $1 AND NOT t.tgisinternal
UNION ALL
SELECT CASE WHEN p.prokind = 'p' THEN 'procedure' ELSE 'function' END,
       p.proname || '(' || pg_catalog.pg_get_function_identity_arguments(p.oid) || ')', NULL
  FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
 WHERE n.nspname = $1
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass AND d.objid = p.oid AND d.deptype = 'e')
UNION ALL
SELECT CASE WHEN t.typtype = 'd' THEN 'domain' ELSE 'type' END, t.typname, NULL
  FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
  LEFT JOIN pg_catalog.pg_class r ON r.oid = t.typrelid
 WHERE n.nspname = $1 AND (t.typtype IN ('e', 'r', 'd') OR (t.typtype = 'c' AND r.relkind = 'c'))
   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d
                    WHERE d.classid = 'pg_catalog.pg_type'::pg_catalog.regclass AND d.objid = t.oid AND d.deptype = 'e')
UNION ALL
SELECT 'schema', n.nspname, NULL
  FROM pg_catalog.pg_namespace n
 WHERE n.nspname <> $1 AND n.nspname NOT IN ('pg_catalog', 'information_schema')
   AND n.nspname !~ '^pg_(toast|temp_|toast_temp_)'
UNION ALL
SELECT 'extension', e.extname, NULL
  FROM pg_catalog.pg_extension e JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
 WHERE n.nspname = $1`;

/** One row of {@link inventoryQuery}. */
export interface InventoryRow {
  readonly [key: string]: unknown;
  readonly kind: "trigger" | "function" | "procedure" | "type" | "domain" | "schema" | "extension";
  readonly name: string;
  readonly table: string | null;
}
