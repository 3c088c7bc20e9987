import type { UnmanagedObject } from "../schema/ir.ts";

/**
 * The FingerprintPart says which unmanaged objects beyond a table's own a plan touching it could
 * re-create or break, so that the table's fingerprint (the stale check of `migrate`) covers them
 * too. Implemented in each dialect folder as `<d>-fingerprint.ts`.
 */
export interface FingerprintPart {
  /** The unmanaged objects (of `unmanaged`) a change to `table` re-creates besides the table's own objects. */
  recreatedWith(table: string, unmanaged: readonly UnmanagedObject[]): readonly UnmanagedObject[];
}
