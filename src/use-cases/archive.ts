import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { restrictModeLike } from "../apply/file-mode.ts";
import { dialects } from "../dialect/dialect.ts";
import { atomicWrite } from "../plan-file/atomic-write.ts";
import { pendingPaths } from "../plan-file/pending.ts";
import type { PlanDocument } from "../plan-file/plan-document.ts";
import { writePlan } from "../plan-file/write-plan.ts";

/** A file-name-safe form of a migration name. */
function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "_").slice(0, 80) || "migration";
}

/** Where a plan comes from: the pending plan file, or a plan `migrate --plan` generated in memory. */
export type ArchiveSource = { readonly kind: "pending" } | { readonly kind: "generated" };

/**
 * Archives an applied plan to `migrations/applied_migrations/<version>_<name>.sql`, with a snapshot
 * of the models file beside it (`<version>_<name>.models.ts`), and returns the archive path. The
 * archive is the plan's text as it was reviewed (the pending file; a symbolic link is archived as
 * a copy of what it points to, and the link removed) with one header line added,
 * `-- pormg-applied-checksum: <checksum>` — the checksum of the steps that ran — so that `migrate`
 * on another database can tell an archive edited since it was applied (`verifyArchived`). A
 * generated plan (`migrate --plan`) is archived as `writePlan` writes it. With `database` (a
 * SQLite file), both files keep that file's permissions or stricter.
 */
export function archivePlan(
  folder: string,
  plan: PlanDocument,
  modelsFile: string,
  checksum: string,
  source: ArchiveSource = { kind: "pending" },
  database?: string,
): string {
  const paths = pendingPaths(folder);
  mkdirSync(paths.applied, { recursive: true });
  const base = join(paths.applied, `${plan.version}_${slug(plan.name)}`);
  if (existsSync(modelsFile)) copyFileSync(modelsFile, `${base}.models.ts`);
  const text =
    source.kind === "pending"
      ? withAppliedChecksum(readFileSync(paths.pending, "utf8"), checksum)
      : writePlan({ ...plan, appliedChecksum: checksum }, dialects());
  atomicWrite(`${base}.sql`, text, "archive");
  if (source.kind === "pending") rmSync(paths.pending, { force: true });
  if (database !== undefined && existsSync(database))
    for (const file of [`${base}.sql`, `${base}.models.ts`]) if (existsSync(file)) restrictModeLike(file, database);
  return `${base}.sql`;
}

/**
 * Plan text with `-- pormg-applied-checksum: <checksum>` after its `-- pormg-generated-checksum:`
 * header line (replacing an older such line). Header lines are outside the checksum, so the steps
 * stay byte for byte what was reviewed. Pure.
 */
export function withAppliedChecksum(text: string, checksum: string): string {
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const body = lines.findIndex((l) => l.startsWith("-- step:"));
  const header = body < 0 ? lines : lines.slice(0, body);
  const rest = body < 0 ? [] : lines.slice(body);
  const kept = header.filter((l) => !l.startsWith("-- pormg-applied-checksum:"));
  const at = kept.findIndex((l) => l.startsWith("-- pormg-generated-checksum:"));
  kept.splice(at < 0 ? kept.length : at + 1, 0, `-- pormg-applied-checksum: ${checksum}`);
  return [...kept, ...rest].join(eol);
}
