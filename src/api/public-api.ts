/**
 * The public API of pormg: what `mod.ts` exports, and what a user's file (models.ts) gets from
 * `import … from "pormg"` (see `src/api/pormg-module.ts`).
 */

export type { ProgressEvent, ProgressSink } from "../apply/progress.ts";
export type { Config, PostgresTarget, Settings, SqliteTarget, Target, TargetSource } from "../config/config.ts";
export type { LoadConfigOptions } from "../config/load-config.ts";
export { redactText, redactUrl } from "../config/redact.ts";
export type { DialectName, DialectName as Dialect } from "../core/dialect-name.ts";
export type { Driver, Row } from "../core/driver.ts";
export { type ErrorCode, ExitCode, isPormgError, PormgError } from "../core/errors.ts";
export { VERSION } from "../core/version.ts";
export { connect } from "../dialect/connect.ts";
export { loadConfig } from "../dialect/load-config.ts";
export type { ConnectOptions } from "../driver/connect.ts";
export type { GeneratedModels } from "../model/generate-models.ts";
export type { LoadedModels } from "../model/load-models.ts";
export { Models } from "../model/models.ts";
export type * from "../model/options.ts";
export type { ModelsSchema } from "../model/to-schema.ts";
export type { Field, FieldKind, Model, ModelRef } from "../model/types.ts";
export type { BoundModel, BoundModels, ModelsSource } from "../query/bind-models.ts";
export type { BucketName, ParameterBucket, QueryOperation } from "../query/compile.ts";
export { type InspectOptions, inspectQuery, type QueryInspection } from "../query/inspect-query.ts";
export { type InspectText, parseInspectText } from "../query/inspect-text.ts";
export { LOOKUPS, type LookupName } from "../query/lookups.ts";
export type { Bucketing } from "../query/query-hooks.ts";
export { type Filters, QuerySet } from "../query/query-set.ts";
export { runtime } from "../runtime/runtime.ts";
export { type TuiOptions, type TuiResult, tui } from "../tui/tui.ts";
export {
  type DatabaseInspection,
  type InspectDatabaseOptions,
  inspectDatabase,
} from "../use-cases/inspect-database.ts";
export { type RunInTransactionOptions, runInTransaction } from "../use-cases/run-in-transaction.ts";
export { type ScaffoldResult, scaffold } from "../use-cases/setup.ts";
export * as Migrations from "./migrations.ts";
export { generateModels, loadModels, modelsToSchema, validateModels } from "./models-api.ts";
export { bindModels, explainQuery, query, queryFromInspectText } from "./query.ts";
