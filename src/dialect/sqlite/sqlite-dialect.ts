import { quoteIdent, quoteLiteral } from "./sqlite-ddl.ts";
import { introspectSqlite } from "./sqlite-introspect.ts";
import { sqliteQuery } from "./sqlite-query.ts";

/**
 * SQLite as a Dialect: transactional DDL, column changes by table rebuild, the database file's
 * write lock, no schemas, `?` placeholders.
 */
export const sqliteDialect = {
  name: "sqlite",
  label: "SQLite",
  capabilities: {
    transactionalDdl: true,
    columnChange: "rebuild",
    lock: "file",
    schemas: false,
    deferrableForeignKeys: true,
    placeholders: "positional",
    concurrentIndexes: false,
  },
  quoteIdent,
  quoteLiteral,
  query: sqliteQuery,
  introspector: { introspect: introspectSqlite },
} as const;
