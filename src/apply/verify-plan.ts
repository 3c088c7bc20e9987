import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError } from "../core/errors.ts";
import type { DiffDialect } from "../diff/diff-dialect.ts";
import { schemaDifferences } from "../diff/differences.ts";
import { alignModels } from "../introspect/align-models.ts";
import { introspect } from "../introspect/introspect.ts";
import type { IntrospectDialect } from "../introspect/introspector.ts";
import type { AlignDialect } from "../schema/align-names.ts";
import type { Difference } from "../schema/describe.ts";
import type { Schema } from "../schema/ir.ts";
import type { PlanStep } from "../schema/operation.ts";
import { type ExecuteOptions, type ExecutorDialect, executeInTransaction, executePlan } from "./execute-plan.ts";
import type { SandboxKind } from "./execution.ts";
import type { ProgressSink } from "./progress.ts";

/** VerifyOptions say which part of the database the plan manages, and the timeouts it runs under. */
export interface VerifyOptions {
  /** The target's dialect: how the plan runs (its sandbox), how its schema is read back and its expressions printed. */
  readonly dialect: ExecutorDialect & IntrospectDialect & DiffDialect & AlignDialect;
  /** The PostgreSQL schema the plan runs in and introspection reads. Default is `public`. */
  readonly schema?: string;
  /** Table-name prefixes introspection skips (the connection's `ignore_tables`). */
  readonly ignoreTables?: readonly string[];
  /** Tables of `managed: false` models, left out of the comparison. */
  readonly unmanagedTables?: readonly string[];
  readonly lockTimeoutSeconds?: number;
  readonly statementTimeoutSeconds?: number;
  /** PostgreSQL extensions created before the steps, as `migrate` does (the connection's `extensions:`). */
  readonly extensions?: readonly string[];
  /** Told about each statement as it runs (as `migrate` reports them). */
  readonly progress?: ProgressSink;
}

/** A VerifyFailure names the first statement (or rebuild check) of the plan that failed, 0-based. */
export interface VerifyFailure {
  readonly stepIndex: number;
  readonly label: string;
  readonly sql: string;
  readonly error: string;
  readonly code?: string;
  readonly line?: number;
  readonly column?: number;
}

/** How `verify` treated a step that cannot run inside a transaction (PostgreSQL only). */
export interface VerifiedNonTransactional {
  readonly stepIndex: number;
  readonly label: string;
  /** `rewritten`: run in the transaction without `CONCURRENTLY`; `skipped`: not run at all. */
  readonly how: "rewritten" | "skipped";
}

/** A VerifyReport is what `dry-run --verify` found by actually running the plan. */
export interface VerifyReport {
  /** The plan ran without error and the result matches the models. */
  readonly ok: boolean;
  readonly failedStatement?: VerifyFailure;
  /** How the result differs from the models; empty when it matches (or when a statement failed). */
  readonly differences: readonly Difference[];
  /** Statements executed (0 when one failed). */
  readonly statements: number;
  readonly nonTransactional: readonly VerifiedNonTransactional[];
  /** Where the plan ran: a `transaction` rolled back afterwards, or a scratch `copy` dropped afterwards. */
  readonly sandbox: SandboxKind;
  readonly durationMs: number;
}

/**
 * Runs a plan for real and checks the result against the models, without changing the database:
 * in the dialect's sandbox (`execution.sandbox`: on PostgreSQL a transaction that is always rolled
 * back, steps that cannot run in one replaced by their stand-in or skipped; on SQLite a temporary
 * copy of the file, on MySQL a scratch database, on which the plan runs as `migrate` runs it; the
 * report says which, `sandbox`). A failing statement is reported
 * (not thrown); connection and usage errors are thrown. It runs through the one executor.
 */
export async function verifyPlan(
  target: Target | Config,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const started = performance.now();
  const dialect = options.dialect;
  const settled: VerifyOptions =
    "settings" in target
      ? {
          ...(target.settings.lockTimeoutSeconds !== undefined && {
            lockTimeoutSeconds: target.settings.lockTimeoutSeconds,
          }),
          ...(target.settings.statementTimeoutSeconds !== undefined && {
            statementTimeoutSeconds: target.settings.statementTimeoutSeconds,
          }),
          ...options,
        }
      : options;
  const { sandbox, ...outcome } = await dialect.execution.sandbox(target, async (db, kind) => {
    await dialect.execution.assertExtensionsAvailable(db, settled.extensions ?? []);
    const ran =
      kind === "transaction"
        ? await rehearse(db, dialect, steps, expected, settled)
        : await runOnCopy(db, dialect, steps, expected, settled);
    return { ...ran, sandbox: kind };
  });
  return {
    ...outcome,
    sandbox,
    ok: !outcome.failedStatement && outcome.differences.length === 0,
    durationMs: performance.now() - started,
  };
}

type Outcome = Omit<VerifyReport, "ok" | "durationMs" | "sandbox">;

function executeOptions(options: VerifyOptions): ExecuteOptions {
  return {
    ...(options.lockTimeoutSeconds !== undefined && { lockTimeoutSeconds: options.lockTimeoutSeconds }),
    ...(options.statementTimeoutSeconds !== undefined && { statementTimeoutSeconds: options.statementTimeoutSeconds }),
    ...(options.extensions !== undefined && { extensions: options.extensions }),
    ...(options.progress !== undefined && { progress: options.progress }),
  };
}

/**
 * How the database behind `driver` (the plan applied) differs from `expected`, expressions aligned
 * on this very connection (inside the plan's transaction on PostgreSQL, so types the plan created
 * are there), and not cached: what it sees is rolled back.
 */
async function differencesOf(driver: Driver, expected: Schema, options: VerifyOptions): Promise<Difference[]> {
  const schema = options.schema ?? "public";
  const live = await introspect(driver, options.dialect, {
    schema,
    ...(options.ignoreTables !== undefined && { ignoreTables: options.ignoreTables }),
  });
  const managed = withoutTables(live.schema, options.unmanagedTables ?? []);
  const aligned = await alignModels(driver, options.dialect, expected, managed, {
    schema,
    ...(options.extensions !== undefined && { extensions: options.extensions }),
  });
  return schemaDifferences(aligned, managed, options.dialect);
}

/** The VerifyFailure of a STATEMENT_FAILED error, or undefined for any other error. */
function failureOf(error: unknown, steps: readonly PlanStep[]): VerifyFailure | undefined {
  if (!isPormgError(error, "STATEMENT_FAILED")) return undefined;
  const d = error.details as Partial<VerifyFailure>;
  const stepIndex = typeof d.stepIndex === "number" ? d.stepIndex : 0;
  return {
    stepIndex,
    label: d.label ?? steps[stepIndex]?.label ?? "",
    sql: d.sql ?? steps[stepIndex]?.sql ?? "",
    error: d.error ?? error.message,
    ...(d.code !== undefined && { code: d.code }),
    ...(d.line !== undefined && { line: d.line }),
    ...(d.column !== undefined && { column: d.column }),
  };
}

/** The live tables without those of `managed: false` models. */
function withoutTables(schema: Schema, tables: readonly string[]): Schema {
  const skip = new Set(tables);
  return { ...schema, tables: schema.tables.filter((t) => !skip.has(t.name)) };
}

/**
 * Verifies inside a transaction the sandbox rolls back: each non-transactional step runs as its
 * in-transaction stand-in (`execution.standIn`) or is skipped, and both are reported.
 */
async function rehearse(
  tx: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<Outcome> {
  const nonTransactional: VerifiedNonTransactional[] = [];
  const runnable = steps.map((step, stepIndex) => {
    if (step.transactional) return step;
    const rewritten = dialect.execution.standIn(step);
    nonTransactional.push({ stepIndex, label: step.label, how: rewritten ? "rewritten" : "skipped" });
    return rewritten ?? step; // still non-transactional: executeInTransaction leaves it out
  });
  try {
    const schema = options.schema ?? "public";
    const report = await executeInTransaction(tx, dialect, runnable, { ...executeOptions(options), schema });
    return { statements: report.statements, differences: await differencesOf(tx, expected, options), nonTransactional };
  } catch (error) {
    const failedStatement = failureOf(error, steps);
    if (!failedStatement) throw error;
    return { failedStatement, statements: 0, differences: [], nonTransactional };
  }
}

/** Verifies on a scratch copy of the database: the plan runs whole, as `migrate` runs it. */
async function runOnCopy(
  db: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  expected: Schema,
  options: VerifyOptions,
): Promise<Outcome> {
  try {
    const report = await executePlan(db, dialect, steps, executeOptions(options));
    return {
      statements: report.statements,
      differences: await differencesOf(db, expected, options),
      nonTransactional: [],
    };
  } catch (error) {
    const failedStatement = failureOf(error, steps);
    if (!failedStatement) throw error;
    return { failedStatement, statements: 0, differences: [], nonTransactional: [] };
  }
}
