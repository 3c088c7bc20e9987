/**
 * pormg: state-based schema migrations for PostgreSQL and SQLite. This module is the public
 * library API; the `pormg` command-line tool is a thin layer over it.
 */

export * as Migrations from "./src/api/migrations.ts";
export { bindModels, explainQuery, query, queryFromInspectText } from "./src/api/query.ts";
export type { Config, PostgresTarget, Settings, SqliteTarget, Target, TargetSource } from "./src/config/config.ts";
export type { LoadConfigOptions } from "./src/config/load-config.ts";
export { redactText, redactUrl } from "./src/config/redact.ts";
export { scaffold } from "./src/config/scaffold.ts";
export type { DialectName, DialectName as Dialect } from "./src/core/dialect-name.ts";
export type { Driver, Row } from "./src/core/driver.ts";
export { type ErrorCode, ExitCode, isPormgError, PormgError } from "./src/core/errors.ts";
export { VERSION } from "./src/core/version.ts";
export { connect } from "./src/dialect/connect.ts";
export { loadConfig } from "./src/dialect/load-config.ts";
export type { ConnectOptions } from "./src/driver/connect.ts";
export { type GeneratedModels, generateModels } from "./src/model/generate-models.ts";
export { type LoadedModels, loadModels } from "./src/model/load-models.ts";
export { Models } from "./src/model/models.ts";
export type * from "./src/model/options.ts";
export { type ModelsSchema, modelsToSchema } from "./src/model/to-schema.ts";
export type { Field, FieldKind, Model, ModelRef } from "./src/model/types.ts";
export { validateModels } from "./src/model/validate.ts";
export type { BoundModel, BoundModels, ModelsSource } from "./src/query/bind-models.ts";
export type { BucketName, ParameterBucket, QueryOperation } from "./src/query/compile.ts";
export { type InspectOptions, inspectQuery, type QueryInspection } from "./src/query/inspect-query.ts";
export { type InspectText, parseInspectText } from "./src/query/inspect-text.ts";
export { LOOKUPS, type LookupName } from "./src/query/lookups.ts";
export type { Bucketing } from "./src/query/query-hooks.ts";
export { type Filters, QuerySet } from "./src/query/query-set.ts";
export { runtime } from "./src/runtime/runtime.ts";
export { type TuiOptions, type TuiResult, tui } from "./src/tui/tui.ts";
export {
  type DatabaseInspection,
  type InspectDatabaseOptions,
  inspectDatabase,
} from "./src/use-cases/inspect-database.ts";
export { type RunInTransactionOptions, runInTransaction } from "./src/use-cases/run-in-transaction.ts";
