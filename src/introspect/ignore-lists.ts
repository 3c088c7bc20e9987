import type { DialectName } from "../core/dialect-name.ts";

/**
 * The built-in ignore lists per dialect: table-name prefixes introspection never reads (reference
 * §3.4). PostgreSQL skips the tables of Django, Celery and friends that often share a database;
 * SQLite skips its own bookkeeping tables. Both skip pormg's history tables: the prefix
 * `pormg_migration` covers `pormg_migrations`, `pormg_migration_events` and PormG's `pormg_migrations_data`.
 */
export const builtInIgnorePrefixes: Readonly<Record<DialectName, readonly string[]>> = {
  postgresql: [
    "auth_",
    "django_",
    "social_",
    "account_",
    "allauth_",
    "admin_",
    "celery_",
    "django_celery_",
    "djcelery_",
    "kombu_",
    "pormg_migration",
  ],
  sqlite: ["sqlite_sequence", "sqlite_autoindex", "pormg_migration"],
};

/**
 * Whether introspection skips `table`: it starts with a built-in prefix of `dialect` or with one
 * of `extraPrefixes` (the connection's `ignore_tables`). Matching is a case-sensitive prefix test,
 * as PormG's `startswith`.
 */
export function isIgnored(table: string, dialect: DialectName, extraPrefixes: readonly string[] = []): boolean {
  return ignorePrefixOf(table, dialect, extraPrefixes) !== undefined;
}

/**
 * The ignore prefix that makes introspection skip `table` (the built-in list of `dialect` first,
 * then `extraPrefixes`, the connection's `ignore_tables`), or undefined when none does.
 */
export function ignorePrefixOf(
  table: string,
  dialect: DialectName,
  extraPrefixes: readonly string[] = [],
): { readonly prefix: string; readonly builtIn: boolean } | undefined {
  for (const prefix of builtInIgnorePrefixes[dialect]) if (table.startsWith(prefix)) return { prefix, builtIn: true };
  for (const prefix of extraPrefixes) if (prefix !== "" && table.startsWith(prefix)) return { prefix, builtIn: false };
  return undefined;
}
