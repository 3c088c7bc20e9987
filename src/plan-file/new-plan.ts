import type { DialectName } from "../core/dialect-name.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";
import { planChecksum } from "./checksum.ts";
import { PLAN_FORMAT_VERSION, type PlanDocument, type PlanTable } from "./plan-document.ts";
import { mintVersion } from "./version.ts";

/** What a new plan is made of; the rest of its header (format, version, checksum) follows from it. */
export interface NewPlan {
  readonly name?: string | undefined;
  readonly dialect: DialectName;
  readonly modelsHash: string;
  readonly tables: readonly PlanTable[];
  readonly lossy: readonly LossyFinding[];
  readonly steps: readonly PlanStep[];
  /** The moment the version is minted from (default: now). */
  readonly now?: Date | undefined;
}

/** A plan as `makemigrations` writes it: a fresh version, name `migration` by default, its steps' checksum. */
export function newPlanDocument(plan: NewPlan): PlanDocument {
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    version: mintVersion(plan.now ?? new Date()),
    name: plan.name ?? "migration",
    dialect: plan.dialect,
    modelsHash: plan.modelsHash,
    tables: plan.tables,
    lossy: plan.lossy,
    generatedChecksum: planChecksum(plan.steps),
    steps: plan.steps,
  };
}
