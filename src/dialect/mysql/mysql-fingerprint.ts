import type { FingerprintPart } from "../../apply/fingerprint-part.ts";

/**
 * On MySQL and MariaDB a change to a table is an `ALTER TABLE` of that table (InnoDB rebuilds a
 * table in place when it must, keeping its triggers), so it re-creates nothing outside it: its own
 * objects, the triggers on it among them, are all its fingerprint covers. Views are not re-created
 * (a view reading a dropped column is left invalid, not rewritten), as on PostgreSQL.
 */
export const mysqlFingerprint: FingerprintPart = {
  recreatedWith: () => [],
};
