/**
 * PostgreSQL table lock modes and what a statement locks and does (the types of the lock table, lock-level.ts).
 */
/**
 * The PostgreSQL table lock modes, weakest first (docs/lint.md, "Lock levels"; PostgreSQL's
 * "Explicit Locking" chapter). A mode conflicts with more modes the later it comes.
 */
export const LOCK_MODES = [
  "ACCESS SHARE",
  "ROW SHARE",
  "ROW EXCLUSIVE",
  "SHARE UPDATE EXCLUSIVE",
  "SHARE",
  "SHARE ROW EXCLUSIVE",
  "EXCLUSIVE",
  "ACCESS EXCLUSIVE",
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** The stronger of two modes (undefined counts as no lock). */
export function strongerLock(a: LockMode | undefined, b: LockMode | undefined): LockMode | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return LOCK_MODES.indexOf(a) >= LOCK_MODES.indexOf(b) ? a : b;
}

/** Whether a mode blocks plain writes (INSERT/UPDATE/DELETE take ROW EXCLUSIVE). */
export const blocksWrites = (mode: LockMode) => LOCK_MODES.indexOf(mode) >= LOCK_MODES.indexOf("SHARE");
/** Whether a mode blocks plain reads (SELECT takes ACCESS SHARE). */
export const blocksReads = (mode: LockMode) => mode === "ACCESS EXCLUSIVE";

/** A TableLock is one lock a statement takes on a table (by its unqualified name). */
export interface TableLock {
  readonly table: string;
  readonly mode: LockMode;
}

/**
 * An Action is what a statement does that the linter's rules look at (src/plan/lint-rules.ts);
 * `table` is the unqualified name of the table it works on.
 */
export type Action =
  | { readonly kind: "create-table"; readonly table: string }
  | { readonly kind: "retype"; readonly table: string; readonly column: string; readonly type: string }
  | { readonly kind: "add-column"; readonly table: string; readonly column: string; readonly rewrite?: string }
  | {
      readonly kind: "add-check" | "add-foreign-key";
      readonly table: string;
      readonly name?: string;
      readonly notValid: boolean;
      /** `c IS NOT NULL` checks: the column. */
      readonly notNullOf?: string;
      readonly references?: string;
    }
  | { readonly kind: "add-unique"; readonly table: string; readonly usingIndex: boolean }
  | { readonly kind: "validate"; readonly table: string; readonly name: string }
  | { readonly kind: "set-not-null"; readonly table: string; readonly column: string }
  | { readonly kind: "create-index"; readonly table: string; readonly concurrent: boolean }
  | { readonly kind: "drop-column"; readonly table: string; readonly column: string }
  | { readonly kind: "rename-column"; readonly table: string; readonly column: string; readonly to: string }
  | { readonly kind: "rename-table"; readonly table: string; readonly to: string }
  | { readonly kind: "rewrite"; readonly table: string; readonly what: string };

/** StatementLocks are the table locks a statement takes and what it does. */
export interface StatementLocks {
  /** The strongest mode it takes on any table, or undefined when it locks no table (CREATE VIEW, CREATE FUNCTION …). */
  readonly lock?: LockMode;
  readonly locks: readonly TableLock[];
  readonly actions: readonly Action[];
}
