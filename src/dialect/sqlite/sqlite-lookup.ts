import type {
  SqliteCatalog,
  SqliteColumnRow,
  SqliteForeignKeyRow,
  SqliteIndexColumnRow,
  SqliteIndexRow,
} from "./sqlite-catalog.ts";

/**
 * A SqliteCatalogLookup is a catalog's rows grouped once, by table and by index, so building each
 * table reads only its own rows: introspection stays linear in the number of tables (issue 15).
 */
export interface SqliteCatalogLookup {
  readonly columnsByTable: ReadonlyMap<string, readonly SqliteColumnRow[]>;
  readonly indexesByTable: ReadonlyMap<string, readonly SqliteIndexRow[]>;
  readonly indexColumnsByIndex: ReadonlyMap<string, readonly SqliteIndexColumnRow[]>;
  readonly foreignKeysByTable: ReadonlyMap<string, readonly SqliteForeignKeyRow[]>;
  /** The managed tables' names by their lowercased name (SQLite compares names case-insensitively); the first wins. */
  readonly tableNames: ReadonlyMap<string, string>;
}

/** Groups `catalog`'s rows once; `tableNames` are the managed tables, in catalog order. Pure. */
export function sqliteCatalogLookup(catalog: SqliteCatalog, tableNames: readonly string[]): SqliteCatalogLookup {
  const names = new Map<string, string>();
  for (const t of tableNames) if (!names.has(t.toLowerCase())) names.set(t.toLowerCase(), t);
  return {
    columnsByTable: groupBy(catalog.columns, (c) => c.tbl),
    indexesByTable: groupBy(catalog.indexes, (i) => i.tbl),
    indexColumnsByIndex: groupBy(catalog.indexColumns, (c) => c.idx),
    foreignKeysByTable: groupBy(catalog.foreignKeys, (f) => f.tbl),
    tableNames: names,
  };
}

/**
 * The items grouped by `key`, each group in the items' order. The catalog's rows come sorted by
 * their key, so each run of one key is copied with one slice (a key that comes back later is
 * appended to its group: any order groups right).
 */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  let k = 0;
  while (k < items.length) {
    const first = key(items[k] as T);
    let end = k + 1;
    while (end < items.length && key(items[end] as T) === first) end++;
    const list = map.get(first);
    if (list === undefined) map.set(first, items.slice(k, end));
    else for (let j = k; j < end; j++) list.push(items[j] as T);
    k = end;
  }
  return map;
}
