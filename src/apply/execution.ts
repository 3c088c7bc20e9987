import type { Config, Target } from "../config/config.ts";
import type { Driver } from "../core/driver.ts";
import type { PlanStep } from "../schema/operation.ts";
import type { SqlStatement } from "../sql/split-statements.ts";
import type { ProgressSink } from "./progress.ts";

/**
 * PlanSettings are what a plan's statements run under, already checked: the timeouts in
 * milliseconds (undefined: none), the schema its unqualified names mean, and the extensions to
 * create before its steps. A dialect applies what it has (PostgreSQL all of it, SQLite none).
 */
export interface PlanSettings {
  readonly lockTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly schema?: string;
  readonly extensions: readonly string[];
}

/**
 * What `verify` runs a plan on: `transaction` — a transaction that is always rolled back, so steps
 * that cannot run inside one need an in-transaction stand-in; `copy` — a scratch copy of the
 * database, on which the plan runs exactly as `migrate` runs it.
 */
export type SandboxKind = "transaction" | "copy";

/**
 * The ExecutionPart is how a dialect runs a plan (the executor's port, implemented in each dialect
 * folder as `<d>-execution.ts`): the transaction's settings and extensions, the guard around a
 * run (SQLite: foreign-key enforcement off), per-step checks (SQLite: rebuilds), statements the
 * runner must read (SQLite: a plan's own `PRAGMA foreign_key_check`), and the sandbox of `verify`.
 */
export interface ExecutionPart {
  /** At the start of the plan's transaction: applies `settings` for it (`SET LOCAL`), creates the extensions, checks the guard. */
  beginTransaction(tx: Driver, settings: PlanSettings): Promise<void>;
  /** Runs `fn` (statements outside a transaction) with the session set to `settings`, and puts the session back afterwards. */
  withSession<T>(db: Driver, settings: PlanSettings, fn: () => Promise<T>): Promise<T>;
  /** Runs a whole plan run (`fn`) on `db`'s connection inside the dialect's guard (SQLite: foreign-key enforcement off). */
  around<T>(db: Driver, fn: () => Promise<T>): Promise<T>;
  /**
   * Before step `index` (of `steps`) runs in the transaction: the check to run after it (SQLite: a
   * rebuild's row counts), if any. A rebuild step is reported to `progress` here (`rebuild`, with its rows).
   */
  guardStep(
    tx: Driver,
    step: PlanStep,
    index: number,
    progress?: ProgressSink,
    steps?: number,
  ): Promise<(() => Promise<void>) | undefined>;
  /** Runs one statement of step `stepIndex` (a statement whose rows matter is read and judged). */
  runStatement(db: Driver, statement: SqlStatement, stepIndex: number, label: string): Promise<void>;
  /**
   * Whether a failed statement's error (as the executor caught it) is a wait for a lock that gave
   * up (PostgreSQL: `lock_timeout`, SQLSTATE 55P03): the executor rolls back and retries it
   * (`lock-retry.ts`). Absent: the dialect has no lock timeouts, and nothing is retried.
   */
  lockTimedOut?(error: unknown): boolean;
  /**
   * What a rerun does before a failed non-transactional step runs again, for the failure's message
   * (PostgreSQL: an invalid index a failed concurrent build left is dropped). Absent: nothing.
   */
  readonly resumeNote?: string;
  /** Refuses (CONFIG_INVALID) extensions the server cannot install, before anything runs. */
  assertExtensionsAvailable(db: Driver, extensions: readonly string[]): Promise<void>;
  /** The in-transaction stand-in of a step that cannot run in a transaction, or null when there is none. */
  standIn(step: PlanStep): PlanStep | null;
  /**
   * Runs `fn` on a database whose changes are thrown away afterwards (see {@link SandboxKind}),
   * and returns what it returned.
   */
  sandbox<T>(target: Config | Target, fn: (db: Driver, kind: SandboxKind) => Promise<T>): Promise<T>;
  /**
   * Before a risky plan (destructive, or rebuilding a table) runs on `db` under the migration lock:
   * backs the database up and returns where (SQLite: a consistent copy beside the file), or
   * undefined when the dialect keeps no backup (PostgreSQL: DDL is transactional).
   */
  backup(db: Driver, target: Target, version: string): Promise<string | undefined>;
}
