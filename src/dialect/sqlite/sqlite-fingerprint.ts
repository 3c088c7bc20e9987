import type { FingerprintPart } from "../../apply/fingerprint-part.ts";
import { rebuildDependents } from "./sqlite-dependents.ts";

/**
 * On SQLite a change to a table can rebuild it, which drops and re-creates the views and triggers
 * reading it (directly or through other views) and its own triggers: those count in its fingerprint.
 */
export const sqliteFingerprint: FingerprintPart = {
  recreatedWith(table, unmanaged) {
    const { views, triggers } = rebuildDependents(table, unmanaged);
    const names = new Set([...views, ...triggers].map((d) => `${d.kind}:${d.name}`));
    return unmanaged.filter((o) => names.has(`${o.kind}:${o.name}`));
  },
};
