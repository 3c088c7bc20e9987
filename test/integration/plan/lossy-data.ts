import type { Driver } from "../../../src/core/driver.ts";
import type { LiveSchema, Table } from "../../../src/schema/ir.ts";
import type { Operation } from "../../../src/schema/operation.ts";

/** A lossy-findings case: its name, the operation (built on the live schema) and the counts per finding. */
export type LossyCase = readonly [
  name: string,
  make: (live: LiveSchema) => Operation,
  expected: Record<string, number>,
];

/** One dialect's lossy-findings fixture: a table `l` shaped for the findings, and the cases on it. */
export interface LossyData {
  readonly dialect: { readonly name: string };
  /** Creates `parent` and `l` with five rows; each column of `l` is shaped for one finding. */
  readonly setup: string;
  readonly cases: readonly LossyCase[];
  /**
   * The codes of `rows` findings the dialect does not fail on but fills: MySQL adds a NOT NULL
   * column with no default to a table with rows by giving them the type's implicit default
   * (`''`, 0), so `add_not_null` is refused by pormg yet its step runs.
   */
  readonly fills?: readonly string[];
  /** Whether the operation's rendered steps run on the live rows (always rolled back). */
  runs(driver: Driver, live: LiveSchema, op: Operation): Promise<boolean>;
}

/** The table `l` of a live schema. */
export function tableL(live: LiveSchema): Table {
  return live.schema.tables.find((t) => t.name === "l") as Table;
}

/** The foreign key from `l.p` to `parent.id` the add_foreign_key cases add. */
export const fk = {
  columns: ["p"],
  references: { table: "parent", columns: ["id"] },
  onDelete: "NO ACTION",
  onUpdate: "NO ACTION",
  deferred: false,
} as const;
