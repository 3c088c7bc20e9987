/**
 * The PostgreSQL clauses of model options in IR form: storage parameters, the timing of keys and
 * uniques, and the clauses of foreign keys. Each returns an object to spread (empty when unset).
 */
import type { Deferrable, ForeignKey, StorageParameters } from "../schema/ir.ts";
import { canonicalStorage } from "../schema/storage.ts";

/** A `storage` option as canonical storage parameters (PostgreSQL only), ready to spread. */
export function storageFrom(value: unknown): { storage?: StorageParameters } {
  const storage = canonicalStorage(value as Readonly<Record<string, string | number | boolean>> | undefined);
  return storage ? { storage } : {};
}

/** A `deferrable` option of a key or unique, ready to spread. */
export function deferrableFrom(value: unknown): { deferrable?: Deferrable } {
  return value === "immediate" || value === "deferred" ? { deferrable: value } : {};
}

/**
 * The clauses of a foreign key declared with `o` (a relation field's or a ForeignKeyConstraint's
 * options): timing (`deferrable` in full, else `deferred`, default DEFERRABLE INITIALLY DEFERRED),
 * MATCH FULL and NOT VALID. Without `clauses` (the dialect's `foreignKeyClauses`: SQLite) only
 * `deferred` (default false): SQLite has DEFERRABLE INITIALLY DEFERRED foreign keys but none of the
 * other clauses.
 */
export function foreignKeyClauses(
  o: Readonly<Record<string, unknown>>,
  clauses: boolean,
): Pick<ForeignKey, "deferred" | "deferrable" | "match" | "notValid"> {
  if (!clauses) return { deferred: o.deferred === true };
  const timing =
    o.deferrable === "immediate"
      ? { deferred: false, deferrable: true as const }
      : o.deferrable === "deferred"
        ? { deferred: true }
        : o.deferrable === false
          ? { deferred: false }
          : { deferred: o.deferred !== false };
  return {
    ...timing,
    ...(o.match === "full" && { match: "full" as const }),
    ...(o.notValid === true && { notValid: true as const }),
  };
}
