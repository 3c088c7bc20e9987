import { renderMysqlSchema } from "./mysql-ddl.ts";
import { mysqlDriverPart } from "./mysql-driver.ts";
import { mysqlErrors } from "./mysql-errors.ts";
import { mysqlExecution } from "./mysql-execution.ts";
import { mysqlFingerprint } from "./mysql-fingerprint.ts";
import { mysqlHistory } from "./mysql-history.ts";
import { introspectMysql, MYSQL_IGNORED_PREFIXES } from "./mysql-introspect.ts";
import { mysqlLock } from "./mysql-lock.ts";
import { mysqlLossy } from "./mysql-lossy.ts";
import { mysqlModels } from "./mysql-models.ts";
import { mysqlNormalize } from "./mysql-normalize.ts";
import { printMysqlTables } from "./mysql-print.ts";
import { mysqlQuery } from "./mysql-query.ts";
import { quoteIdent, quoteLiteral } from "./mysql-quote.ts";
import { waitForLocksAtMost } from "./mysql-read-health.ts";
import { mysqlRenderer } from "./mysql-render.ts";
import { mysqlServer } from "./mysql-server.ts";
import { mysqlSession } from "./mysql-session.ts";
import { mysqlSql } from "./mysql-sql.ts";
import { mysqlTarget } from "./mysql-target.ts";

/**
 * MySQL and MariaDB as a Dialect: no transactional DDL (every step is its own unit, recorded by a
 * `step_applied` event), in-place column changes (`MODIFY COLUMN`), a named `GET_LOCK` lock, the
 * database as the namespace (no schemas), `?` placeholders, names compared ignoring case as the
 * server does for columns and, on the usual case-insensitive file systems, tables.
 */
export const mysqlDialect = {
  name: "mysql",
  label: "MySQL",
  capabilities: {
    transactionalDdl: false,
    columnChange: "alter",
    lock: "advisory",
    schemas: false,
    deferrableForeignKeys: false,
    placeholders: "positional",
    concurrentIndexes: false,
    identifierCase: "insensitive",
    constraintChange: "alter",
    namedConstraints: true,
    generatedColumnDependents: "keep",
    foreignKeyRetypes: "none",
  },
  quoteIdent,
  quoteLiteral,
  ignoredTablePrefixes: MYSQL_IGNORED_PREFIXES,
  query: mysqlQuery,
  introspector: {
    introspect: introspectMysql,
    printTables: printMysqlTables,
    waitForLocksAtMost,
  },
  /** Renders operations as MySQL steps, each its own unit (`Renderer`). */
  renderer: mysqlRenderer,
  /** MySQL's lossy rules (`LossyRules`). */
  lossy: mysqlLossy,
  /** MySQL's history SQL: InnoDB tables, triggers refusing UPDATE and DELETE (`HistorySql`). */
  history: mysqlHistory,
  target: mysqlTarget,
  driver: mysqlDriverPart,
  server: mysqlServer,
  renderSchema: renderMysqlSchema,
  /** Tokenizer options and statement rules: backticks, `#` comments, backslash escapes (`SqlRules`). */
  sql: mysqlSql,
  /** How schemas normalize (`NormalizeRules`). */
  normalize: mysqlNormalize,
  /** What the Models DSL declares on MySQL and its type map (`ModelRules`). */
  models: mysqlModels,
  /** Connections: the database is the namespace (`mysql-session.ts`). */
  session: mysqlSession,
  /** The migration lock: GET_LOCK on a dedicated connection (`mysql-lock.ts`). */
  lock: mysqlLock,
  /** How a plan runs, and verify's scratch database (`mysql-execution.ts`). */
  execution: mysqlExecution,
  /** What a table's fingerprint covers (`mysql-fingerprint.ts`). */
  fingerprint: mysqlFingerprint,
  /** How the client's errors are classified (`mysql-errors.ts`). */
  errors: mysqlErrors,
} as const;
