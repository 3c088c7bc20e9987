import type { Config } from "../config/config.ts";
import { isPormgError, type PormgError } from "../core/errors.ts";
import { migrate } from "./migrate.ts";
import type { AppliedPlan, MigrateOptions, MigrateOutcome, MigrateResult } from "./migrate-types.ts";

/**
 * A MigrateReport is one database's `migrate`, as data: what the command line prints and what
 * `--targets` collects per target. `outcome` is the result's, `disabled` for MIGRATE_DISABLED, or
 * `refused` for any other refusal or failure (then `error` says which); `exitCode` is the process
 * exit code for it (0; 2 drift; 1, 3, 4, 64, 78 from the error).
 */
export interface MigrateReport {
  readonly outcome: MigrateOutcome | "refused";
  readonly exitCode: number;
  /** The plans applied, also when a later one was refused or failed. */
  readonly applied: readonly AppliedPlan[];
  readonly result?: MigrateResult;
  readonly error?: PormgError;
}

/**
 * Runs `migrate` and reports it without throwing a PormgError (other errors — bugs — still throw).
 * Signature for callers that migrate many databases: `migrateReport(config, options)`, one call
 * per database, each under that database's own lock.
 */
export async function migrateReport(config: Config, options: MigrateOptions = {}): Promise<MigrateReport> {
  try {
    const result = await migrate(config, options);
    return { outcome: result.outcome, exitCode: result.exitCode, applied: result.applied, result };
  } catch (error) {
    if (!isPormgError(error)) throw error;
    const applied = (error.details.applied ?? []) as AppliedPlan[];
    const outcome = error.code === "MIGRATE_DISABLED" ? "disabled" : "refused";
    return { outcome, exitCode: error.exitCode, applied, error };
  }
}
