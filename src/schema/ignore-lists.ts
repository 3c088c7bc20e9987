/**
 * Table-name prefixes introspection never reads: each dialect's built-in list (its
 * `ignoredTablePrefixes`: the tables of frameworks that often share a database, the dialect's own
 * bookkeeping, pormg's history tables) and the connection's `ignore_tables`.
 */

/**
 * Whether introspection skips `table`: it starts with one of the dialect's `builtIn` prefixes or with one
 * of `extraPrefixes` (the connection's `ignore_tables`). Matching is a case-sensitive prefix test,
 * as PormG's `startswith`.
 */
export function isIgnored(table: string, builtIn: readonly string[], extraPrefixes: readonly string[] = []): boolean {
  return ignorePrefixOf(table, builtIn, extraPrefixes) !== undefined;
}

/**
 * The ignore prefix that makes introspection skip `table` (the dialect's `builtIn` list first,
 * then `extraPrefixes`, the connection's `ignore_tables`), or undefined when none does.
 */
export function ignorePrefixOf(
  table: string,
  builtIn: readonly string[],
  extraPrefixes: readonly string[] = [],
): { readonly prefix: string; readonly builtIn: boolean } | undefined {
  for (const prefix of builtIn) if (table.startsWith(prefix)) return { prefix, builtIn: true };
  for (const prefix of extraPrefixes) if (prefix !== "" && table.startsWith(prefix)) return { prefix, builtIn: false };
  return undefined;
}
