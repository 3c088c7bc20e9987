import { copyFileSync, existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import type { Driver } from "../driver/driver.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";

/** A file-name-safe form of a migration name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 80) || "migration";
}

/**
 * Moves the applied pending plan to `migrations/applied_migrations/<version>_<name>.sql`, with a
 * snapshot of the models file beside it (`<version>_<name>.models.ts`). Returns the archive path.
 */
export function archivePlan(folder: string, plan: PlanDocument, modelsFile: string): string {
  const paths = pendingPaths(folder);
  mkdirSync(paths.applied, { recursive: true });
  const base = join(paths.applied, `${plan.version}_${slug(plan.name)}`);
  if (existsSync(modelsFile)) copyFileSync(modelsFile, `${base}.models.ts`);
  renameSync(paths.pending, `${base}.sql`);
  return `${base}.sql`;
}

/** Backs a SQLite database up beside itself with `VACUUM INTO` (a consistent copy); returns the path. */
export async function backupSqlite(db: Driver, path: string, version: string): Promise<string> {
  let backup = `${path}.pormg-backup-${version}`;
  for (let n = 2; existsSync(backup); n++) backup = `${path}.pormg-backup-${version}-${n}`;
  await db.query("VACUUM INTO ?", [backup]);
  return backup;
}
