/**
 * Operations: the typed steps a diff produces and the planner orders, lowers (SQLite table
 * rebuilds) and renders to SQL. Plain readonly data; tables and columns carry their full
 * definitions so renderers and safety checks need nothing else.
 */
import type {
  Check,
  Column,
  ForeignKey,
  Index,
  PrimaryKey,
  StorageParameters,
  Table,
  TableOptions,
  Unique,
} from "./ir.ts";

/** What changed on a column that exists on both sides. */
export type ColumnChange = "type" | "nullable" | "default" | "identity" | "collation" | "generated";

/**
 * What a storage-parameter change applies to: the table, or the index behind its primary key, one of
 * its uniques, or one of its indexes (the live definitions, from which the live name follows).
 */
export type StorageTarget =
  | { readonly kind: "table" }
  | { readonly kind: "primaryKey"; readonly primaryKey: PrimaryKey }
  | { readonly kind: "unique"; readonly unique: Unique }
  | { readonly kind: "index"; readonly index: Index };

/** A NOT VALID constraint to validate (the live definition). */
export type ValidatedConstraint =
  | { readonly kind: "foreignKey"; readonly foreignKey: ForeignKey }
  | { readonly kind: "check"; readonly check: Check };

/** An Operation is one schema change. Names are physical; `table` names the table after any rename. */
export type Operation =
  | { readonly kind: "createTable"; readonly table: Table }
  | { readonly kind: "dropTable"; readonly table: Table }
  | { readonly kind: "renameTable"; readonly from: string; readonly to: string }
  | {
      readonly kind: "addColumn";
      readonly table: string;
      readonly column: Column;
      /** SQLite only, set by lowering: the new column's foreign key, declared inline (`ADD COLUMN … REFERENCES`). */
      readonly foreignKey?: ForeignKey;
    }
  | { readonly kind: "dropColumn"; readonly table: string; readonly column: Column }
  | { readonly kind: "renameColumn"; readonly table: string; readonly from: string; readonly to: string }
  | {
      readonly kind: "alterColumn";
      readonly table: string;
      readonly from: Column;
      readonly to: Column;
      readonly changes: readonly ColumnChange[];
      /**
       * For a collation change: the column lists of the table's primary key and uniques that include
       * this column (target names), whose rows may collide under the new collation.
       */
      readonly uniqueKeys?: readonly (readonly string[])[];
      /**
       * PostgreSQL: the generated columns (target definitions) that read this column, re-created
       * around its retype or re-collation in the same statement (PostgreSQL refuses to retype a
       * column a generated column reads; see src/diff/regenerated-columns.ts).
       */
      readonly regenerated?: readonly Column[];
    }
  | { readonly kind: "setPrimaryKey"; readonly table: string; readonly from?: PrimaryKey; readonly to?: PrimaryKey }
  /** SQLite only: the table's options (`STRICT`, `WITHOUT ROWID`) change; lowering makes it a rebuild. */
  | {
      readonly kind: "setTableOptions";
      readonly table: string;
      readonly from?: TableOptions;
      readonly to?: TableOptions;
    }
  | { readonly kind: "addForeignKey"; readonly table: string; readonly foreignKey: ForeignKey }
  | {
      readonly kind: "dropForeignKey";
      readonly table: string;
      readonly foreignKey: ForeignKey;
      /** The drop half of a re-creation: the plan adds the same key back later (src/diff/blocked-constraints.ts). */
      readonly recreated?: true;
    }
  | { readonly kind: "addUnique"; readonly table: string; readonly unique: Unique }
  | { readonly kind: "dropUnique"; readonly table: string; readonly unique: Unique }
  | { readonly kind: "createIndex"; readonly table: string; readonly index: Index }
  | { readonly kind: "dropIndex"; readonly table: string; readonly index: Index }
  | {
      readonly kind: "renameIndex";
      readonly table: string;
      readonly from: string;
      readonly to: string;
      /** A default name following its table's or column's rename (src/diff/default-name-renames.ts): runs right after the renames. */
      readonly followsRename?: true;
    }
  /** PostgreSQL: a foreign key's or check's default name follows its table's or column's rename (`ALTER TABLE … RENAME CONSTRAINT`). */
  | { readonly kind: "renameConstraint"; readonly table: string; readonly from: string; readonly to: string }
  | { readonly kind: "addCheck"; readonly table: string; readonly check: Check }
  | {
      readonly kind: "dropCheck";
      readonly table: string;
      readonly check: Check;
      /** The drop half of a re-creation: the plan adds the same check back later (src/diff/blocked-constraints.ts). */
      readonly recreated?: true;
    }
  /** PostgreSQL: set and reset storage parameters in place (`ALTER TABLE|INDEX … SET (…) / RESET (…)`). */
  | {
      readonly kind: "setStorage";
      readonly table: string;
      readonly target: StorageTarget;
      readonly from?: StorageParameters;
      readonly to?: StorageParameters;
    }
  /** PostgreSQL: change a foreign key's timing in place (`ALTER CONSTRAINT … [NOT] DEFERRABLE …`). */
  | { readonly kind: "alterForeignKey"; readonly table: string; readonly from: ForeignKey; readonly to: ForeignKey }
  /** PostgreSQL: check the rows a NOT VALID constraint never checked (`VALIDATE CONSTRAINT`). */
  | { readonly kind: "validateConstraint"; readonly table: string; readonly constraint: ValidatedConstraint }
  /**
   * SQLite only, produced by lowering: recreate `to.name` from `from` (the live table, under its
   * post-rename name) with the new definition, copying the rows of `columns` (target column ← source
   * column; target columns absent here take their default).
   */
  | {
      readonly kind: "rebuildTable";
      readonly from: Table;
      readonly to: Table;
      readonly columns: readonly { readonly to: string; readonly from: string }[];
    };

/** The kinds of Operation. */
export type OperationKind = Operation["kind"];

/**
 * A LossyFinding is a change that can fail on existing rows (`rows`: NOT NULL over NULLs, UNIQUE over
 * duplicates, narrowing a type) or silently change stored values (`silent`: lower decimal scale,
 * float → integer, timestamptz → timestamp …). `countSql`, when given, is a read-only query returning
 * one row `{ n }` with how many rows are affected; `dry-run` shows it and `migrate` refuses when n > 0
 * for `rows` findings. `reason` starts with the finding's code (`set_not_null`, `add_unique` …).
 */
export interface LossyFinding {
  readonly table: string;
  readonly column?: string;
  readonly kind: "rows" | "silent";
  readonly reason: string;
  readonly countSql?: string;
  /**
   * `pre`: a person marked the finding as fixed by the plan's `Data (pre):` steps;
   * its rows are then counted after those steps, inside a transaction that is rolled back.
   */
  readonly handled?: "pre";
}

/**
 * A PlanStep is one labelled block of the plan file, in execution order. Generated steps are
 * classified from their operation; hand-written ones by the SQL tokenizer.
 */
export interface PlanStep {
  /** The label after `-- step: `, e.g. `drivers | Add field: code` or `Data (post): fix nulls`. */
  readonly label: string;
  /** One or more statements, each ending with `;`, LF line endings. */
  readonly sql: string;
  /** Drops or may lose data (docs/design.md §7 and §10). */
  readonly destructive: boolean;
  /**
   * Why the planner judged the step destructive where its SQL does not say it itself: a SQLite
   * rebuild names the columns it drops (`drop post.subtitle`) and the values it changes silently.
   * A rebuild step with a verdict (not destructive, or destructive with reasons) is classified by
   * it; see `stepStatements` (src/plan-file/step-statements.ts).
   */
  readonly reasons?: readonly string[];
  /** False for statements that cannot run in a transaction (`CREATE INDEX CONCURRENTLY` …). */
  readonly transactional: boolean;
  /** Set on SQLite rebuild steps: the executor checks row counts and `foreign_key_check` for this table. */
  readonly rebuild?: { readonly table: string };
  /**
   * Set on the drop half of a constraint re-creation (a kept foreign key or check dropped before a
   * change that would block it and added back after). Informational: a `DROP CONSTRAINT` is never
   * destructive in itself (docs/design.md §10).
   */
  readonly recreate?: true;
}
