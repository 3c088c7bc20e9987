import type { DialectName } from "../core/dialect-name.ts";
import type { LossyFinding, PlanStep } from "../schema/operation.ts";

/** The plan file format this pormg writes and reads (`-- pormg-migration-format: 1`). */
export const PLAN_FORMAT_VERSION = 1;

/**
 * The fingerprint recorded for a table the plan read but that did not exist then (a table the plan
 * creates): `migrate` refuses the plan if such a table exists by then.
 */
export const ABSENT_TABLE = "absent";

/**
 * A PlanTable is one `-- pormg-schema-table:` header line: a table the plan read and its
 * fingerprint at that time (`fingerprintTable`, 16 lowercase hex) or {@link ABSENT_TABLE}.
 */
export interface PlanTable {
  readonly name: string;
  readonly fingerprint: string;
}

/**
 * A PlanDocument is the content of a plan file (`migrations/pending_migrations.sql`, docs/design.md §5):
 * its header metadata and its labelled steps in file order (`executionOrder` gives the order they
 * run in: `Data (pre):` steps, schema steps, `Data (post):` steps). `writePlan` turns it into text and
 * `readPlan` reads it back deep-equal.
 */
export interface PlanDocument {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  /** 17-digit UTC timestamp `YYYYMMDDHHmmssSSS`, minted by `makemigrations` (`mintVersion`). */
  readonly version: string;
  /** The migration's name (`--name`), free text on one line. */
  readonly name: string;
  readonly dialect: DialectName;
  /** Lowercase hex SHA-256 of the models file the plan was generated from. */
  readonly modelsHash: string;
  /** Every table the plan read, in the order the header lists them. */
  readonly tables: readonly PlanTable[];
  /** Changes that can fail on existing rows or silently change values. */
  readonly lossy: readonly LossyFinding[];
  /**
   * The steps' checksum when pormg wrote the plan. When `planChecksum(steps)` differs, a person
   * edited or added steps (see `isHandEdited`).
   */
  readonly generatedChecksum: string;
  /**
   * The checksum of the steps as they were applied (`-- pormg-applied-checksum:`), which `migrate`
   * writes into the plan when it archives it: an archived plan whose steps no longer have it was
   * edited after it was applied. Absent from pending plans.
   */
  readonly appliedChecksum?: string;
  readonly steps: readonly PlanStep[];
}
