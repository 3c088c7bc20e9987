import type { Driver } from "../core/driver.ts";
import type { LintFacts } from "./lint-rules.ts";

/** A LintBlocker is a session that would hold a plan statement up now (a long or lock-holding open transaction). */
export interface LintBlocker {
  readonly pid: number;
  readonly applicationName: string | null;
  readonly state: string | null;
  /** When its transaction started (UTC, ISO 8601). */
  readonly transactionStart: string | null;
  /** How long its transaction has been open, in seconds. */
  readonly seconds: number;
  /** The plan's tables it holds locks on (unqualified), empty when it only runs long. */
  readonly tables: readonly string[];
  /** The lock modes it holds on them, e.g. `AccessShareLock`. */
  readonly modes: readonly string[];
}

/**
 * The lint port: the live facts the pure rules (lint-rules.ts) need, read by a dialect that has
 * table locks (`src/dialect/postgres/postgres-lint.ts`). Absent on SQLite (docs/lint.md).
 */
export interface LintPart {
  /** Row estimates (`pg_class.reltuples`, never `count(*)`), column types, proven NOT NULLs and view readers of `tables` in `schema`. */
  readFacts(driver: Driver, schema: string, tables: readonly string[]): Promise<LintFacts>;
  /** Open transactions older than `longSeconds`, and any open transaction holding locks on `tables`. */
  readBlockers(driver: Driver, schema: string, tables: readonly string[], longSeconds: number): Promise<LintBlocker[]>;
}
