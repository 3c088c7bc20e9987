import type { RenameResolver } from "../diff/resolve-renames.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";
import type { PlanLint } from "./lint-plan.ts";

/** MakemigrationsOptions: the plan's name, rename hints, the terminal resolver, and check mode. */
export interface MakemigrationsOptions {
  /** The migration's name in the plan header. Default is `migration`. */
  readonly name?: string;
  /** `--rename` hints: `old=new`, `table.old=table.new`, `old=` (not a rename). */
  readonly renames?: readonly string[];
  /** Asks PormG's rename questions at a terminal; without one, renames are never guessed (fail closed). */
  readonly resolver?: RenameResolver;
  /** Plan but write nothing (a CI gate). Default is `false`. */
  readonly check?: boolean;
  /**
   * Write a data-migration template instead of planning: one `Data (post):` step to fill in
   * (`makeEmptyMigration`). Default is `false`.
   */
  readonly empty?: boolean;
  /** The clock, for the plan's version. Default is now. */
  readonly now?: Date;
  /** Online variants on tables that hold rows (`--no-online`: false). Default `config: online`, else on. */
  readonly online?: boolean;
}

/** The outcome of `makemigrations`. */
export interface MakemigrationsResult {
  /** `written`; `pending` (with `check`: a plan would be written); `nothing_to_do`. */
  readonly outcome: "written" | "pending" | "nothing_to_do";
  readonly version?: string;
  readonly path?: string;
  readonly steps: number;
  readonly destructive: boolean;
  readonly lossy: readonly LossyFinding[];
  /** Where an obsolete pending plan was moved, when nothing is left to do. */
  readonly discarded?: string;
  readonly warnings: readonly string[];
  /** The planned steps (for people and `--json`). */
  readonly planSteps: readonly PlanStep[];
  /** The lint's finding counts on the plan (absent without a plan, or where the dialect has no lint). */
  readonly lint?: PlanLint;
}
