import { copyFileSync, existsSync, lstatSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { restrictModeLike } from "../apply/file-mode.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";

/** A file-name-safe form of a migration name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 80) || "migration";
}

/**
 * Moves the applied pending plan to `migrations/applied_migrations/<version>_<name>.sql`, with a
 * snapshot of the models file beside it (`<version>_<name>.models.ts`). Returns the archive path.
 * With `database` (a SQLite file), both keep that file's permissions or stricter.
 */
export function archivePlan(folder: string, plan: PlanDocument, modelsFile: string, database?: string): string {
  const paths = pendingPaths(folder);
  mkdirSync(paths.applied, { recursive: true });
  const base = join(paths.applied, `${plan.version}_${slug(plan.name)}`);
  if (existsSync(modelsFile)) copyFileSync(modelsFile, `${base}.models.ts`);
  // A pending plan that is a symbolic link is archived as a copy of what it points to (moving the
  // link would archive a pointer that can change); the link itself is removed.
  if (lstatSync(paths.pending).isSymbolicLink()) {
    copyFileSync(paths.pending, `${base}.sql`);
    rmSync(paths.pending);
  } else renameSync(paths.pending, `${base}.sql`);
  if (database !== undefined && existsSync(database))
    for (const file of [`${base}.sql`, `${base}.models.ts`]) if (existsSync(file)) restrictModeLike(file, database);
  return `${base}.sql`;
}
