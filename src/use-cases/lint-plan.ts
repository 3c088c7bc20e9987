import { connectReadonly } from "../apply/open-readonly.ts";
import type { Config } from "../config/config.ts";
import { targetExists } from "../dialect/connect.ts";
import { dialectNamed } from "../dialect/dialect.ts";
import type { LintBlocker } from "../plan/lint-port.ts";
import {
  DEFAULT_ROW_THRESHOLD,
  type LintedStatement,
  type LintFacts,
  lintStatements,
  type Severity,
} from "../plan/lint-rules.ts";
import { executionOrder } from "../plan-file/execution-order.ts";
import { planStatements } from "../plan-file/step-statements.ts";
import type { PlanStep } from "../schema/operation.ts";
import { statementLocks } from "../sql/lock-level.ts";
import { splitStatements } from "../sql/split-statements.ts";
import { isComment } from "../sql/token-predicates.ts";

/** Transactions open longer than this (seconds) are reported as blockers even without a lock on the plan's tables. */
export const LONG_TRANSACTION_SECONDS = 60;

/** A LintedPlanStatement is one statement of the plan in execution order with its locks and findings. */
export type LintedPlanStatement = LintedStatement & { readonly label: string; readonly sql: string };

/** PlanLint is the linter's verdict on a plan (docs/lint.md). */
export interface PlanLint {
  /** False where the dialect has no lint port (SQLite): `statements` and `blockers` are empty. */
  readonly supported: boolean;
  readonly rowThreshold: number;
  /** Whether the live database was read (false: it does not exist yet, every table's size unknown). */
  readonly live: boolean;
  readonly statements: readonly LintedPlanStatement[];
  readonly counts: Readonly<Record<Severity, number>>;
  readonly blockers: readonly LintBlocker[];
}

export interface LintPlanOptions {
  readonly rowThreshold?: number;
  /** Also read the sessions that would hold the plan up now (dry-run). */
  readonly blockers?: boolean;
}

/**
 * Lints `steps` (a plan's, any order) for `config`'s database: each statement's locks and findings
 * by the pure rules, with the live facts read through the dialect's lint port on a read-only
 * connection (row estimates, never `count(*)`), and with `blockers` the sessions that would hold it up.
 */
export async function lintPlan(
  config: Config,
  steps: readonly PlanStep[],
  options: LintPlanOptions = {},
): Promise<PlanLint> {
  const rowThreshold = options.rowThreshold ?? DEFAULT_ROW_THRESHOLD;
  const dialect = dialectNamed(config.dialect);
  const empty = { error: 0, warning: 0, info: 0 };
  if (dialect.lint === undefined)
    return { supported: false, rowThreshold, live: false, statements: [], counts: empty, blockers: [] };
  const ordered = executionOrder(steps);
  const byStep = planStatements(ordered, dialect);
  const read = ordered.flatMap((step) =>
    (byStep.get(step) ?? []).map((s) => {
      const code = (splitStatements(s.sql, dialect.sql)[0]?.tokens ?? []).filter((t) => !isComment(t));
      return { label: step.label, sql: `${s.sql};`, locks: statementLocks(code) };
    }),
  );
  const tables = [...new Set(read.flatMap((r) => r.locks.locks.map((l) => l.table)))];
  let facts: LintFacts | undefined;
  let blockers: LintBlocker[] = [];
  const live = targetExists(config.target);
  if (live) {
    const driver = await connectReadonly(config, dialect);
    try {
      facts = await dialect.lint.readFacts(driver, config.schema, tables);
      if (options.blockers)
        blockers = await dialect.lint.readBlockers(driver, config.schema, tables, LONG_TRANSACTION_SECONDS);
    } finally {
      await driver.close();
    }
  }
  const linted = lintStatements(
    read.map((r) => r.locks),
    facts,
    { rowThreshold },
  );
  const statements = linted.map((l, k) => ({ label: read[k]?.label ?? "", sql: read[k]?.sql ?? "", ...l }));
  const counts = { ...empty };
  for (const s of statements) for (const f of s.findings) counts[f.severity]++;
  return { supported: true, rowThreshold, live, statements, counts, blockers };
}

/** `lint: 1 error, 2 warnings (pormg dry-run shows them)`, or undefined when there is nothing to say. */
export function lintSummary(lint: PlanLint): string | undefined {
  const { error, warning, info } = lint.counts;
  if (!lint.supported || error + warning + info === 0) return;
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? "" : "s"}`;
  const parts = [n(error, "error"), n(warning, "warning"), ...(info > 0 ? [n(info, "info")] : [])];
  return `lint: ${parts.join(", ")} (pormg dry-run shows them)`;
}
