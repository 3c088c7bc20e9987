import { type Blocker, describeBlockers } from "./postgres-blockers.ts";
import { quoteIdent, quoteLiteral, renderPostgresSchema } from "./postgres-ddl.ts";
import { postgresDriverPart } from "./postgres-driver.ts";
import { postgresErrors } from "./postgres-errors.ts";
import { postgresExecution } from "./postgres-execution.ts";
import { expressionCandidates } from "./postgres-expression-candidates.ts";
import { postgresFingerprint } from "./postgres-fingerprint.ts";
import { postgresHistory } from "./postgres-history.ts";
import { introspectPostgres, POSTGRES_IGNORED_PREFIXES } from "./postgres-introspect.ts";
import { postgresLint } from "./postgres-lint.ts";
import { postgresLock } from "./postgres-lock.ts";
import { postgresLossy } from "./postgres-lossy.ts";
import { postgresModels } from "./postgres-models.ts";
import { postgresNormalize } from "./postgres-normalize.ts";
import { readPopulatedTables } from "./postgres-populated.ts";
import { printTables } from "./postgres-print.ts";
import { postgresQuery } from "./postgres-query.ts";
import { readInvalidIndexes, waitForLocksAtMost } from "./postgres-read-health.ts";
import { postgresRenderer } from "./postgres-render.ts";
import { postgresServer } from "./postgres-server.ts";
import { postgresSession } from "./postgres-session.ts";
import { postgresSql } from "./postgres-sql.ts";
import { postgresTarget } from "./postgres-target.ts";

/** PostgreSQL as a Dialect: transactional DDL, in-place column changes, advisory locks, schemas. */
export const postgresDialect = {
  name: "postgresql",
  label: "PostgreSQL",
  capabilities: {
    transactionalDdl: true,
    columnChange: "alter",
    lock: "advisory",
    schemas: true,
    deferrableForeignKeys: true,
    placeholders: "numbered",
    concurrentIndexes: true,
    identifierCase: "foldLower",
    constraintChange: "alter",
    namedConstraints: true,
    generatedColumnDependents: "drop",
    foreignKeyRetypes: "compatibleTypes",
  },
  quoteIdent,
  quoteLiteral,
  ignoredTablePrefixes: POSTGRES_IGNORED_PREFIXES,
  query: postgresQuery,
  introspector: {
    introspect: introspectPostgres,
    printTables,
    invalidIndexes: readInvalidIndexes,
    populatedTables: readPopulatedTables,
    waitForLocksAtMost,
    describeLockWait: (details: Readonly<Record<string, unknown>>) =>
      describeBlockers((details.blockers ?? []) as Blocker[]),
    expressionCandidates,
  },
  /** Renders operations as PostgreSQL steps (`Renderer`). */
  renderer: postgresRenderer,
  /** PostgreSQL's lossy rules (`LossyRules`). */
  lossy: postgresLossy,
  /** PostgreSQL's history SQL (`HistorySql`). */
  history: postgresHistory,
  target: postgresTarget,
  driver: postgresDriverPart,
  server: postgresServer,
  renderSchema: renderPostgresSchema,
  /** Tokenizer options and statement rules (`SqlRules`). */
  sql: postgresSql,
  /** How schemas normalize: collation spelling, numeric defaults (`NormalizeRules`). */
  normalize: postgresNormalize,
  /** What the Models DSL declares on the dialect and its type map (`ModelRules`). */
  models: postgresModels,
  /** Connections scoped to the managed schema (`postgres-session.ts`). */
  session: postgresSession,
  /** The migration lock (`postgres-lock.ts`). */
  lock: postgresLock,
  /** How a plan runs (`postgres-execution.ts`). */
  execution: postgresExecution,
  /** What a table's fingerprint covers (`postgres-fingerprint.ts`). */
  fingerprint: postgresFingerprint,
  /** How the client's errors are classified (`postgres-errors.ts`). */
  errors: postgresErrors,
  /** The plan linter's live facts (`postgres-lint.ts`). */
  lint: postgresLint,
} as const;
