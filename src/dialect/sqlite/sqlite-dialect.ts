import { quoteIdent, quoteLiteral, renderSqliteSchema } from "./sqlite-ddl.ts";
import { sqliteDriverPart } from "./sqlite-driver.ts";
import { sqliteErrors } from "./sqlite-errors.ts";
import { sqliteExecution } from "./sqlite-execution.ts";
import { sqliteFingerprint } from "./sqlite-fingerprint.ts";
import { sqliteHistory } from "./sqlite-history.ts";
import { introspectSqlite, SQLITE_IGNORED_PREFIXES } from "./sqlite-introspect.ts";
import { sqliteLock } from "./sqlite-lock.ts";
import { sqliteLossy } from "./sqlite-lossy.ts";
import { sqliteModels } from "./sqlite-models.ts";
import { sqliteNormalize } from "./sqlite-normalize.ts";
import { sqliteQuery } from "./sqlite-query.ts";
import { sqliteRenderer } from "./sqlite-render.ts";
import { sqliteServer } from "./sqlite-server.ts";
import { sqliteSession } from "./sqlite-session.ts";
import { sqliteSql } from "./sqlite-sql.ts";
import { sqliteTarget } from "./sqlite-target.ts";

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
    identifierCase: "insensitive",
    constraintChange: "rebuild",
    namedConstraints: false,
    generatedColumnDependents: "drop",
    foreignKeyRetypes: "compatibleTypes",
  },
  quoteIdent,
  quoteLiteral,
  ignoredTablePrefixes: SQLITE_IGNORED_PREFIXES,
  query: sqliteQuery,
  introspector: { introspect: introspectSqlite },
  /** Renders operations as SQLite steps (`Renderer`). */
  renderer: sqliteRenderer,
  /** SQLite's lossy rules (`LossyRules`). */
  lossy: sqliteLossy,
  /** SQLite's history SQL (`HistorySql`). */
  history: sqliteHistory,
  target: sqliteTarget,
  driver: sqliteDriverPart,
  server: sqliteServer,
  renderSchema: renderSqliteSchema,
  /** Tokenizer options and statement rules (`SqlRules`). */
  sql: sqliteSql,
  /** How schemas normalize: collation spelling, numeric defaults (`NormalizeRules`). */
  normalize: sqliteNormalize,
  /** What the Models DSL declares on the dialect and its type map (`ModelRules`). */
  models: sqliteModels,
  /** Connections scoped to the managed schema (`sqlite-session.ts`). */
  session: sqliteSession,
  /** The migration lock (`sqlite-lock.ts`). */
  lock: sqliteLock,
  /** How a plan runs (`sqlite-execution.ts`). */
  execution: sqliteExecution,
  /** What a table's fingerprint covers (`sqlite-fingerprint.ts`). */
  fingerprint: sqliteFingerprint,
  /** How the client's errors are classified (`sqlite-errors.ts`). */
  errors: sqliteErrors,
} as const;
