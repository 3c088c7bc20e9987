import { DEFAULT_PLAN_LOCK_TIMEOUT_SECONDS } from "../config/timeouts.ts";
import type { DialectCapabilities } from "../core/capabilities.ts";
import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import type { PlanStep } from "../schema/operation.ts";
import { splitStatements } from "../sql/split-statements.ts";
import type { SqlRules } from "../sql/sql-rules.ts";
import type { ErrorsPart } from "./environment-errors.ts";
import type { ExecutionPart, PlanSettings } from "./execution.ts";
import { type LockRetry, lockRetries, type RetryPolicy, withLockRetries } from "./lock-retry.ts";
import { runsOnItsOwn } from "./own-unit.ts";
import type { ProgressSink } from "./progress.ts";
import { failedStatement, isDiagnosed, statementFailedError } from "./statement-error.ts";

/**
 * The one executor of pormg: `migrate` (a new plan, and the resume of its deferred steps), the
 * precheck's rolled-back `Data (pre):` steps and `dry-run --verify` all run plans through these
 * functions. How a dialect runs a plan comes in as its ExecutionPart; what the caller does at each
 * event (record it in the history, count it) comes in as {@link StepHooks}.
 */

/** ExecuteOptions tune how a plan runs. Timeouts apply where the dialect has them (PostgreSQL); they are always checked. */
export interface ExecuteOptions {
  /**
   * `lock_timeout` of the plan's statements in seconds (at most 2147483; 0: none). Default is 3
   * ({@link DEFAULT_PLAN_LOCK_TIMEOUT_SECONDS}): a statement waits at most that long behind a table lock.
   */
  readonly lockTimeoutSeconds?: number;
  /**
   * How often the plan's transaction, or a non-transactional step, runs again after a statement
   * timed out on a lock (`lock_timeout`), with jittered exponential backoff (`lock-retry.ts`).
   * Default is 5; 0 fails at the first timeout. Dialects without lock timeouts never retry.
   */
  readonly lockRetries?: number;
  /** Told before each wait for a retry after a lock timeout. */
  readonly onLockRetry?: (retry: LockRetry) => void;
  /** `statement_timeout` in seconds (positive, at most 2147483). Default is none. */
  readonly statementTimeoutSeconds?: number;
  /**
   * The schema the plan's unqualified names refer to (PostgreSQL: `search_path` is set to it while
   * the plan runs). Default is the connection's own `search_path`.
   */
  readonly schema?: string;
  /**
   * Extensions to create (PostgreSQL: `CREATE EXTENSION IF NOT EXISTS`) in the plan's transaction
   * before its steps, with `search_path` already set: the connection's `extensions:`. Default none.
   */
  readonly extensions?: readonly string[];
  /** Called before each step runs, with its index in the plan (as {@link StepHooks.started}). */
  readonly onProgress?: (index: number, step: PlanStep) => void;
  /** Told about each statement as it starts (a rebuild step once, by the dialect's step guard), then `idle`. */
  readonly progress?: ProgressSink;
}

/** What the executor tells a hook about one step that ran (or failed). */
export interface StepRun {
  /** Statements of the step that ran. */
  readonly statements: number;
  readonly durationMs: number;
  /** How often the step was retried after a lock timeout (absent: not retried). */
  readonly lockRetries?: number;
}

/**
 * StepHooks are the executor's events. Hooks of a step inside the plan's transaction run inside it
 * (a failure there rolls it back); hooks of a step outside it run after the step, on the same
 * connection, outside the step's session settings.
 */
export interface StepHooks {
  /** A step is about to run (`index` into the plan's steps). */
  readonly started?: (index: number, step: PlanStep) => void;
  /** A step ran to its end (outside the transaction: it is committed). */
  readonly applied?: (index: number, step: PlanStep, run: StepRun) => Promise<void> | void;
  /** A step outside the transaction failed; called before its error is thrown. */
  readonly failed?: (index: number, step: PlanStep, error: unknown, run: StepRun) => Promise<void> | void;
  /** Inside the plan's transaction, after its last step and before the commit: what must commit with it. */
  readonly beforeCommit?: (tx: Driver, report: TransactionReport) => Promise<void>;
}

/** A NonTransactionalResult says whether one step that runs outside the transaction succeeded. */
export interface NonTransactionalResult {
  readonly stepIndex: number;
  readonly label: string;
  readonly ok: boolean;
  /** How often the step was retried after a lock timeout (absent: not retried). */
  readonly lockRetries?: number;
}

/** A TransactionReport says what ran inside the plan's transaction and which steps were left for after it. */
export interface TransactionReport {
  readonly statements: number;
  readonly steps: number;
  /** Indices of the non-transactional steps, which run after the commit (see {@link executeNonTransactional}). */
  readonly deferred: readonly number[];
  /** How often the transaction was rolled back and run again after a lock timeout (absent: never). */
  readonly lockRetries?: number;
}

/** An ExecutionReport says what a whole plan run did. */
export interface ExecutionReport {
  readonly statements: number;
  readonly steps: number;
  readonly durationMs: number;
  readonly nonTransactional: readonly NonTransactionalResult[];
  /** How often the plan's transaction was retried after a lock timeout (absent: never). */
  readonly lockRetries?: number;
}

/** The part of a Dialect the executor uses. */
export interface ExecutorDialect {
  /** Whether DDL is transactional: without it every step runs on its own (`runsOnItsOwn`). */
  readonly capabilities: Pick<DialectCapabilities, "transactionalDdl">;
  /** How the steps' SQL splits into statements. */
  readonly sql: SqlRules;
  readonly execution: ExecutionPart;
  /** Classifies a failed statement's error (a full disk, a lost connection …). */
  readonly errors: ErrorsPart;
}

const MAX_TIMEOUT_SECONDS = 2_147_483;

/** Checks a timeout option and turns it into milliseconds (`zero`: 0 is allowed and means none, undefined). */
function timeoutMs(option: string, seconds: number | undefined, zero = false): number | undefined {
  if (seconds === undefined || (zero && seconds === 0)) return undefined;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new PormgError(
      "USAGE",
      `${option}: expected a ${zero ? "number of seconds from 0" : "positive number of seconds"}, at most ${MAX_TIMEOUT_SECONDS}; got ${seconds}`,
      { option, value: seconds },
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/** The checked PlanSettings of an ExecuteOptions (USAGE, exit 64, for a bad timeout). */
export function planSettings(options: ExecuteOptions): PlanSettings {
  const lockTimeoutMs = timeoutMs(
    "lockTimeoutSeconds",
    options.lockTimeoutSeconds ?? DEFAULT_PLAN_LOCK_TIMEOUT_SECONDS,
    true,
  );
  const statementTimeoutMs = timeoutMs("statementTimeoutSeconds", options.statementTimeoutSeconds);
  return {
    ...(lockTimeoutMs !== undefined && { lockTimeoutMs }),
    ...(statementTimeoutMs !== undefined && { statementTimeoutMs }),
    ...(options.schema !== undefined && { schema: options.schema }),
    extensions: options.extensions ?? [],
  };
}

/** Checks an ExecuteOptions' timeouts and retries (USAGE, exit 64, when one is invalid) before anything runs. */
export function checkExecuteOptions(options: ExecuteOptions): void {
  planSettings(options);
  lockRetries(options.lockRetries);
}

/** The retry policy of a plan run: the options' retries, the dialect's idea of a lock timeout. */
function retryPolicy(dialect: ExecutorDialect, options: ExecuteOptions): RetryPolicy {
  const lockTimedOut = dialect.execution.lockTimedOut;
  return {
    retries: lockRetries(options.lockRetries),
    lockTimedOut: (error) => lockTimedOut?.(error) === true,
    ...(options.onLockRetry && { onRetry: options.onLockRetry }),
  };
}

const withCount = <T extends object>(value: T, retries: number): T =>
  retries > 0 ? { ...value, lockRetries: retries } : value;

/** Runs every statement of one step, one call each, naming the statement that fails. */
async function runStep(
  driver: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  index: number,
  consequence?: string,
  extra?: () => Record<string, unknown>,
  progress?: ProgressSink,
): Promise<number> {
  const step = steps[index] as PlanStep;
  const statements = splitStatements(step.sql, dialect.sql);
  for (const [k, statement] of statements.entries()) {
    // A rebuild step is one activity (its row copy), reported by the dialect's step guard.
    if (progress && !step.rebuild)
      progress({
        kind: "statement",
        step: index + 1,
        steps: steps.length,
        label: step.label,
        statement: k + 1,
        statements: statements.length,
        sql: statement.sql,
      });
    try {
      await dialect.execution.runStatement(driver, statement, index, step.label);
    } catch (error) {
      // An error the driver explained (a timeout naming blockers, a missing grant) still says which statement it was.
      if (isPormgError(error) && !isDiagnosed(error)) throw error;
      const failure = failedStatement(index, step.label, k, statement.sql, isPormgError(error) ? error.cause : error);
      throw statementFailedError(failure, steps.length, error, dialect, consequence, extra?.());
    }
  }
  return statements.length;
}

/**
 * Runs the transactional steps of a plan inside the caller's open transaction `tx`, statement by
 * statement, and leaves the non-transactional ones for after the commit. It first applies the
 * plan's settings and extensions for the transaction (`execution.beginTransaction`: PostgreSQL
 * `SET LOCAL` of `lock_timeout`, `statement_timeout`, `search_path`, then `CREATE EXTENSION`;
 * SQLite refuses when foreign-key enforcement is on — open the transaction inside
 * `execution.around`), and runs each step inside the dialect's step guard (SQLite: a rebuild's row
 * counts, orphaned rows and columns are checked). A failure throws STATEMENT_FAILED naming the step
 * and statement; the caller's transaction must then roll back. `hooks.beforeCommit` runs last.
 */
export async function executeInTransaction(
  tx: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
  hooks: StepHooks = {},
): Promise<TransactionReport> {
  const part = dialect.execution;
  await part.beginTransaction(tx, planSettings(options));
  let statements = 0;
  let ran = 0;
  const deferred: number[] = [];
  for (const [index, step] of steps.entries()) {
    if (runsOnItsOwn(step, dialect.capabilities)) {
      deferred.push(index);
      continue;
    }
    options.onProgress?.(index, step);
    hooks.started?.(index, step);
    const began = performance.now();
    const check = await part.guardStep(tx, step, index, options.progress, steps.length);
    const count = await runStep(tx, dialect, steps, index, undefined, undefined, options.progress);
    await check?.();
    statements += count;
    ran++;
    await hooks.applied?.(index, step, { statements: count, durationMs: performance.now() - began });
  }
  const report = { statements, steps: ran, deferred };
  options.progress?.({ kind: "idle" });
  await hooks.beforeCommit?.(tx, report);
  return report;
}

/**
 * Runs the plan's transaction on `db`: `executeInTransaction` inside `db.transaction`, inside the
 * dialect's guard (`execution.around`; SQLite: foreign-key enforcement off before `BEGIN`, read
 * back, restored afterwards in every case). Any failure rolls every transactional step back.
 */
export function executeTransaction(
  db: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
  hooks: StepHooks = {},
): Promise<TransactionReport> {
  checkExecuteOptions(options); // checks the timeouts before anything touches the database
  return dialect.execution.around(db, () => retriedTransaction(db, dialect, steps, options, hooks));
}

/**
 * The plan's transaction, run again after a lock timeout (rolled back, jittered backoff, at most
 * `lockRetries` times); the report given to `beforeCommit` and returned counts the retries.
 */
async function retriedTransaction(
  db: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  options: ExecuteOptions,
  hooks: StepHooks,
): Promise<TransactionReport> {
  const beforeCommit = hooks.beforeCommit;
  const { value } = await withLockRetries(retryPolicy(dialect, options), (retries) =>
    db.transaction((tx) =>
      executeInTransaction(tx, dialect, steps, options, {
        ...hooks,
        ...(beforeCommit && { beforeCommit: (inner, report) => beforeCommit(inner, withCount(report, retries)) }),
      }).then((report) => withCount(report, retries)),
    ),
  );
  return value;
}

/**
 * Runs the non-transactional steps of a plan (`CREATE INDEX CONCURRENTLY` …) one statement per
 * call, outside any transaction, after the plan's transaction committed: every one of them, or
 * `only` those (indices into `steps`, to resume). Each step runs with the session set to the
 * plan's settings (`execution.withSession`), put back after it; `hooks.applied` / `hooks.failed`
 * follow it. It stops at the first failure with STATEMENT_FAILED, whose details carry
 * `committed: true` and `nonTransactional` (the steps that ran, the failed one last with `ok: false`).
 */
export async function executeNonTransactional(
  driver: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
  hooks: StepHooks = {},
  only?: readonly number[],
): Promise<{ readonly statements: number; readonly results: readonly NonTransactionalResult[] }> {
  const part = dialect.execution;
  const wanted = only ?? [...steps.keys()];
  const pending = wanted.flatMap((i) => {
    const step = steps[i];
    return step && runsOnItsOwn(step, dialect.capabilities) ? [[i, step] as const] : [];
  });
  const results: NonTransactionalResult[] = [];
  if (pending.length === 0) return { statements: 0, results };
  const settings = planSettings(options);
  const policy = retryPolicy(dialect, options);
  // Without transactional DDL (MySQL) every step is one of these, and the transaction held only the history.
  const anyTransactional = steps.some((s) => !runsOnItsOwn(s, dialect.capabilities));
  const note = part.resumeNote === undefined ? "" : ` (${part.resumeNote})`;
  let statements = 0;
  for (const [index, step] of pending) {
    options.onProgress?.(index, step);
    hooks.started?.(index, step);
    const resume = `Fix the cause and run \`pormg migrate\` again: it resumes from this step${note}.`;
    const consequence = anyTransactional
      ? `The plan's transactional steps were already committed, and ${results.length} of ${pending.length} ` +
        `non-transactional step(s) ran before this one. ${resume}`
      : `No step of the plan runs in a transaction (each commits on its own), and ${results.length} of ` +
        `${pending.length} step(s) ran and committed before this one. ${resume}`;
    const progress = () => ({
      committed: true,
      nonTransactional: [...results, { stepIndex: index, label: step.label, ok: false }],
    });
    const began = performance.now();
    let count: number;
    let retried = 0;
    try {
      // A statement that timed out on a lock ran outside a transaction and changed nothing: run the step again.
      const run = await withLockRetries(policy, (retries) => {
        retried = retries;
        // A data step (DML) where DDL is not transactional: a transaction of its own, applied whole or not at all.
        const unit = (db: Driver) => runStep(db, dialect, steps, index, consequence, progress, options.progress);
        return part.withSession(driver, settings, () =>
          step.transactional ? driver.transaction((tx) => unit(tx)) : unit(driver),
        );
      });
      count = run.value;
    } catch (error) {
      options.progress?.({ kind: "idle" });
      const run = withCount({ statements: 0, durationMs: performance.now() - began }, retried);
      await hooks.failed?.(index, step, error, run);
      throw error;
    }
    statements += count;
    results.push(withCount({ stepIndex: index, label: step.label, ok: true }, retried));
    options.progress?.({ kind: "idle" });
    await hooks.applied?.(
      index,
      step,
      withCount({ statements: count, durationMs: performance.now() - began }, retried),
    );
  }
  return { statements, results };
}

/**
 * Executes a plan: every transactional step in one transaction (`executeTransaction`: any failure
 * rolls all of them back and throws STATEMENT_FAILED naming the statement), then the
 * non-transactional steps one by one (`executeNonTransactional`), all inside the dialect's guard.
 */
export async function executePlan(
  driver: Driver,
  dialect: ExecutorDialect,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
  hooks: StepHooks = {},
): Promise<ExecutionReport> {
  const started = performance.now();
  checkExecuteOptions(options); // checks the timeouts before anything touches the database
  return dialect.execution.around(driver, async () => {
    const inside = await retriedTransaction(driver, dialect, steps, options, hooks);
    const outside = await executeNonTransactional(driver, dialect, steps, options, hooks);
    return {
      statements: inside.statements + outside.statements,
      steps: inside.steps + outside.results.length,
      durationMs: performance.now() - started,
      nonTransactional: outside.results,
      ...(inside.lockRetries !== undefined && { lockRetries: inside.lockRetries }),
    };
  });
}
