import { ABSENT_TABLE } from "../plan-file/plan-document.ts";
import { alignNames } from "../schema/align-names.ts";
import { fingerprintTable } from "../schema/fingerprint.ts";
import type { Schema } from "../schema/ir.ts";

/**
 * Every table the plan read: live tables with their fingerprint, tables it creates as absent (on
 * SQLite a model table that matches a live one but for case is that live table, `alignNames`).
 */
export function tableFingerprints(live: Schema, declared: Schema): { name: string; fingerprint: string }[] {
  const target = alignNames(declared, live);
  const liveNames = new Set(live.tables.map((t) => t.name));
  return [
    ...live.tables.map((t) => ({ name: t.name, fingerprint: fingerprintTable(t) })),
    ...target.tables.filter((t) => !liveNames.has(t.name)).map((t) => ({ name: t.name, fingerprint: ABSENT_TABLE })),
  ].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
