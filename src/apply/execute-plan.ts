import type { Driver } from "../core/driver.ts";
import { isPormgError, PormgError } from "../core/errors.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import { quoteIdent } from "../dialect/postgres/postgres-ddl.ts";
import { createExtensions } from "../dialect/postgres/postgres-extensions.ts";
import {
  assertForeignKeysOff,
  checkRebuild,
  isForeignKeyCheck,
  runForeignKeyCheck,
  snapshotRebuild,
  withForeignKeysOff,
} from "../dialect/sqlite/sqlite-guard.ts";
import type { PlanStep } from "../schema/operation.ts";
import { splitStatements } from "../sql/split-statements.ts";
import { failedStatement, isDiagnosed, statementFailedError } from "./statement-error.ts";

/** ExecuteOptions tune how a plan runs. Timeouts apply on PostgreSQL; SQLite checks and ignores them. */
export interface ExecuteOptions {
  /** PostgreSQL `lock_timeout` in seconds (positive, at most 2147483). Default is none. */
  readonly lockTimeoutSeconds?: number;
  /** PostgreSQL `statement_timeout` in seconds (positive, at most 2147483). Default is none. */
  readonly statementTimeoutSeconds?: number;
  /**
   * PostgreSQL: the schema the plan's unqualified names refer to; `search_path` is set to it while
   * the plan runs. Default is the connection's own `search_path`.
   */
  readonly schema?: string;
  /**
   * PostgreSQL extensions to create (`CREATE EXTENSION IF NOT EXISTS`) in the plan's transaction
   * before its steps, with `search_path` already set: the connection's `extensions:`. Default none.
   */
  readonly extensions?: readonly string[];
  /** Called before each step runs, with its index in the plan. */
  readonly onProgress?: (index: number, step: PlanStep) => void;
}

/** A NonTransactionalResult says whether one step that runs outside the transaction succeeded. */
export interface NonTransactionalResult {
  readonly stepIndex: number;
  readonly label: string;
  readonly ok: boolean;
}

/** A TransactionReport says what ran inside the plan's transaction and which steps were left for after it. */
export interface TransactionReport {
  readonly statements: number;
  readonly steps: number;
  /** Indices of the non-transactional steps, which run after the commit (see {@link executeNonTransactional}). */
  readonly deferred: readonly number[];
}

/** An ExecutionReport says what a whole plan run did. */
export interface ExecutionReport {
  readonly statements: number;
  readonly steps: number;
  readonly durationMs: number;
  readonly nonTransactional: readonly NonTransactionalResult[];
}

const MAX_TIMEOUT_SECONDS = 2_147_483;

/** Checks a timeout option and turns it into milliseconds. */
function timeoutMs(option: string, seconds: number | undefined): number | undefined {
  if (seconds === undefined) return undefined;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw new PormgError(
      "USAGE",
      `${option}: expected a positive number of seconds, at most ${MAX_TIMEOUT_SECONDS}; got ${seconds}`,
      { option, value: seconds },
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * The PostgreSQL settings a plan runs under, as `set_config` name/value pairs: the timeouts given,
 * or none (`0`) — a plan's statements never inherit the bounded defaults of pormg's own statements.
 */
function sessionSettings(options: ExecuteOptions): [string, string][] {
  const lock = timeoutMs("lockTimeoutSeconds", options.lockTimeoutSeconds);
  const statement = timeoutMs("statementTimeoutSeconds", options.statementTimeoutSeconds);
  const settings: [string, string][] = [
    ["lock_timeout", lock === undefined ? "0" : `${lock}ms`],
    ["statement_timeout", statement === undefined ? "0" : `${statement}ms`],
  ];
  if (options.schema !== undefined) settings.push(["search_path", quoteIdent(options.schema)]);
  return settings;
}

/** Checks an ExecuteOptions' timeouts (USAGE, exit 64, when one is invalid) before anything runs. */
export function checkExecuteOptions(options: ExecuteOptions): void {
  sessionSettings(options);
}

/** Runs every statement of one step, one call each, naming the statement that fails. */
async function runStep(
  driver: Driver,
  steps: readonly PlanStep[],
  index: number,
  consequence?: string,
  extra?: () => Record<string, unknown>,
): Promise<number> {
  const step = steps[index] as PlanStep;
  const statements = splitStatements(step.sql, dialectNamed(driver.dialect).sql);
  for (const [k, statement] of statements.entries()) {
    try {
      // The runner reads the rows of a plan's own foreign-key check (reference §5.2).
      if (driver.dialect === "sqlite" && isForeignKeyCheck(statement))
        await runForeignKeyCheck(driver, statement, index, step.label);
      else await driver.execute(statement.sql);
    } catch (error) {
      // An error the driver explained (a timeout naming blockers, a missing grant) still says which statement it was.
      if (isPormgError(error) && !isDiagnosed(error)) throw error;
      const failure = failedStatement(index, step.label, k, statement.sql, isPormgError(error) ? error.cause : error);
      throw statementFailedError(failure, steps.length, error, consequence, extra?.());
    }
  }
  return statements.length;
}

/**
 * Runs the transactional steps of a plan inside the caller's open transaction `tx`, statement by
 * statement, and leaves the non-transactional ones for after the commit. On PostgreSQL it first
 * sets `lock_timeout`, `statement_timeout` and `search_path` for the transaction (`SET LOCAL`) and
 * creates the configured `extensions` (`createExtensions`); on SQLite it refuses when foreign-key
 * enforcement is on (open the transaction inside {@link withForeignKeysOff}) and checks every rebuild
 * step's row count and orphaned rows (and, when the step is not destructive, that the table kept
 * every column). A failure
 * throws STATEMENT_FAILED naming the step and statement; the caller's transaction must then roll back.
 */
export async function executeInTransaction(
  tx: Driver,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
): Promise<TransactionReport> {
  const settings = sessionSettings(options);
  if (tx.dialect === "postgresql") {
    for (const [name, value] of settings) await tx.query("SELECT pg_catalog.set_config($1, $2, true)", [name, value]);
    await createExtensions(tx, options.extensions ?? []);
  } else await assertForeignKeysOff(tx);
  let statements = 0;
  let ran = 0;
  const deferred: number[] = [];
  for (const [index, step] of steps.entries()) {
    if (!step.transactional) {
      deferred.push(index);
      continue;
    }
    options.onProgress?.(index, step);
    const rebuild =
      tx.dialect === "sqlite" && step.rebuild ? await snapshotRebuild(tx, step.rebuild.table, index, step.label) : null;
    statements += await runStep(tx, steps, index);
    if (rebuild) await checkRebuild(tx, rebuild, index, step.label, step.destructive);
    ran++;
  }
  return { statements, steps: ran, deferred };
}

/**
 * Runs the non-transactional steps of a plan (`CREATE INDEX CONCURRENTLY` …) one statement per
 * call, outside any transaction, after the plan's transaction committed; `skip` leaves out steps
 * that already ran (to resume). On PostgreSQL the timeouts and `search_path` are set for the session
 * and put back afterwards. It stops at the first failure with STATEMENT_FAILED, whose details carry
 * `committed: true` and `nonTransactional` (the steps that ran, the failed one last with `ok: false`).
 */
export async function executeNonTransactional(
  driver: Driver,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
  skip: ReadonlySet<number> = new Set(),
): Promise<{ readonly statements: number; readonly results: readonly NonTransactionalResult[] }> {
  const pending = [...steps.entries()].filter(([i, s]) => !s.transactional && !skip.has(i));
  const results: NonTransactionalResult[] = [];
  if (pending.length === 0) return { statements: 0, results };
  const settings = driver.dialect === "postgresql" ? sessionSettings(options) : [];
  const saved: [string, string][] = [];
  for (const [name, value] of settings) {
    const [row] = await driver.query<{ previous: string }>(
      "SELECT pg_catalog.current_setting($1) AS previous, pg_catalog.set_config($1, $2, false) AS current",
      [name, value],
    );
    saved.push([name, row?.previous ?? ""]);
  }
  let statements = 0;
  try {
    for (const [index, step] of pending) {
      options.onProgress?.(index, step);
      const consequence =
        `The plan's transactional steps were already committed, and ${results.length} of ${pending.length} ` +
        "non-transactional step(s) ran before this one. A failed CREATE INDEX CONCURRENTLY leaves an invalid index " +
        "behind: drop it, then run the remaining steps again.";
      const progress = () => ({
        committed: true,
        nonTransactional: [...results, { stepIndex: index, label: step.label, ok: false }],
      });
      statements += await runStep(driver, steps, index, consequence, progress);
      results.push({ stepIndex: index, label: step.label, ok: true });
    }
  } finally {
    for (const [name, previous] of saved)
      await driver.query("SELECT pg_catalog.set_config($1, $2, false)", [name, previous]);
  }
  return { statements, results };
}

/**
 * Executes a plan: every transactional step in one transaction (any failure rolls all of them back
 * and throws STATEMENT_FAILED naming the statement), then the non-transactional steps one by one.
 * On SQLite the whole run happens with foreign-key enforcement off on the driver's one connection
 * (set before `BEGIN IMMEDIATE`, read back, restored afterwards in every case), and every rebuild
 * step is checked for lost rows and new orphaned foreign-key rows. This is the one executor that
 * `dry-run --verify` and `migrate` share.
 */
export async function executePlan(
  driver: Driver,
  steps: readonly PlanStep[],
  options: ExecuteOptions = {},
): Promise<ExecutionReport> {
  const started = performance.now();
  sessionSettings(options); // checks the timeouts before anything touches the database
  const run = async (): Promise<ExecutionReport> => {
    const inside = await driver.transaction((tx) => executeInTransaction(tx, steps, options));
    const outside = await executeNonTransactional(driver, steps, options);
    return {
      statements: inside.statements + outside.statements,
      steps: inside.steps + outside.results.length,
      durationMs: performance.now() - started,
      nonTransactional: outside.results,
    };
  };
  return driver.dialect === "sqlite" ? withForeignKeysOff(driver, run) : run();
}
