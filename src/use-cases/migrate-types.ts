import type { ProgressSink } from "../apply/progress.ts";
import type { HistoryState } from "../history/fold.ts";
import type { Severity } from "../plan/lint-rules.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import type { Difference } from "../schema/describe.ts";
import type { PlanFacts } from "./plan-facts.ts";
import type { RunConnections } from "./run-connections.ts";

/** MigrateOptions mirror PormG's `migrate` keywords, plus the deploy options (docs/design.md §10 "Deploying"). */
export interface MigrateOptions {
  /** Refuse (LINT_FAILED, exit 3) before anything runs when a lint finding is at or above this severity (docs/lint.md). */
  readonly failOn?: Severity;
  /** The lint's row estimate from which a table counts as large (default 10,000). */
  readonly lintRowThreshold?: number;
  /** Confirms destructive statements. Default is `false`: a destructive plan is refused (exit 3). */
  readonly destructive?: boolean;
  /** Asked at a terminal when the plan is destructive and `destructive` is not set; false declines. */
  readonly confirm?: (statements: readonly string[]) => Promise<boolean>;
  /** Seconds to wait for the migration lock. Default is 30. */
  readonly lockWaitSeconds?: number;
  /** PostgreSQL `lock_timeout` for the plan's statements, in seconds. */
  readonly lockTimeoutSeconds?: number;
  /** Retries of the plan after a lock timeout (`--lock-retries`); default `config: lock_retries`, then 5. */
  readonly lockRetries?: number;
  /** PostgreSQL `statement_timeout` for the plan's statements, in seconds. */
  readonly statementTimeoutSeconds?: number;
  /** SQLite: back the file up (`VACUUM INTO`) before a rebuild or destructive step. Default is `true`. */
  readonly backup?: boolean;
  /** Who runs it, recorded on every event. Default is `user@host:pid pormg/<version>`. */
  readonly actor?: string;
  /** Reports progress for people (lock waits, backups, notes). */
  readonly onNotice?: (message: string) => void;
  /** Told what long work runs (lock waits, the backup, each statement, rebuilds), for a progress line. */
  readonly progress?: ProgressSink;
  /**
   * A head hash stored after the last release (`pormg history head`): the plan is refused
   * (`HISTORY_TAMPERED`) unless the event log still leads to it, so a rewritten or cut log is detected.
   */
  readonly expectHead?: string;
  /**
   * `--plan`: after the archived plans, plan the difference between the live database and the
   * models and apply it in the same run (renames only from `renames`, destructive only with
   * `destructive`; never asked). Refused when a pending plan exists. Default is `false`.
   */
  readonly plan?: boolean;
  /** `--rename` hints for `plan` (as `makemigrations --rename` takes them). */
  readonly renames?: readonly string[];
  /** `--allow-drift`: models that differ from the database after applying do not turn the outcome into `drift`. */
  readonly allowDrift?: boolean;
}

/**
 * The outcome of `migrate`; none of them is an error (refusals and failures throw). `drift`: the
 * run applied what there was (see `applied`), but the models and the database still differ.
 */
export type MigrateOutcome = "applied" | "already_applied" | "nothing_pending" | "disabled" | "declined" | "drift";

/** Where an applied plan came from: the archive (the release), the pending plan, or `--plan`. */
export type PlanSource = "archive" | "pending" | "generated";

/** One plan `migrate` applied. */
export interface AppliedPlan {
  readonly version: string;
  readonly name: string;
  readonly source: PlanSource;
  readonly statements: number;
  readonly durationMs: number;
  /** How often its transaction and its non-transactional steps were retried after a lock timeout (0: never). */
  readonly lockRetries: number;
  /** The archive file of the plan. */
  readonly archived?: string;
}

/** What applying one plan did. */
export interface PlanRun {
  readonly outcome: "applied" | "already_applied" | "declined";
  readonly version: string;
  readonly checksum: string;
  readonly statements: number;
  readonly destructive: boolean;
  readonly archived?: string;
  readonly backup?: string;
  readonly durationMs?: number;
  /** How many non-transactional steps a rerun resumed (the plan itself was applied before). */
  readonly resumed?: number;
  /** How often the plan's transaction and non-transactional steps were retried after a lock timeout. */
  readonly lockRetries?: number;
}

/**
 * MigrateResult is what `migrate` did. `version` … `resumed` describe the last plan it handled (the
 * pending plan when there is one); `applied` lists every plan it applied, in order.
 */
export interface MigrateResult extends Omit<PlanRun, "outcome" | "version" | "checksum"> {
  readonly outcome: MigrateOutcome;
  /** The process exit code for this result: 0, or 2 for `drift`. */
  readonly exitCode: number;
  readonly applied: readonly AppliedPlan[];
  readonly version?: string;
  readonly checksum?: string;
  /** How the models differ from the database after the run (empty when they agree; absent when not compared). */
  readonly differences?: readonly Difference[];
  /** Things people should know (e.g. the archive holds only plans of another dialect). */
  readonly notes: readonly string[];
}

/**
 * A PlanToApply is one plan of a `migrate` run: the plan, where it comes from, and the file that
 * names it in messages (the pending plan, the archive file, or `migrate --plan`).
 */
export interface PlanToApply {
  readonly plan: PlanDocument;
  readonly source: PlanSource;
  readonly path: string;
}

/**
 * What the `migrate` run around a plan already has: its connections (`RunConnections`) and the
 * history it verified before its first plan, which the checks before the lock use instead of
 * reading the log again (the locked section verifies and reads it again in any case).
 */
export interface RunState {
  readonly shared?: RunConnections;
  readonly history?: HistoryState;
}

/** A PlanFacts without the destructive list. */
export type PlanBase = Omit<PlanFacts, "listed">;
