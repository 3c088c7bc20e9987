/** A Refusal is one reason a plan cannot be written: what, on which table, and how to proceed. */
export interface Refusal {
  readonly table: string;
  readonly column?: string;
  readonly reason: string;
  /** The objects it names (views, child or parent tables, triggers). */
  readonly objects: readonly string[];
}
