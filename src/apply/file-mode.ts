import { chmodSync, statSync } from "node:fs";

/**
 * Gives `path` the permission bits of `reference` or stricter (the intersection of both), so a copy
 * of a `0600` database — a backup, a lock file, an archived plan — is never readable by more people
 * than the database is. Best effort: a file system without permissions (or a reference that does
 * not exist) leaves `path` as it is.
 */
export function restrictModeLike(path: string, reference: string): void {
  try {
    const wanted = statSync(path).mode & statSync(reference).mode & 0o777;
    if ((statSync(path).mode & 0o777) !== wanted) chmodSync(path, wanted);
  } catch {
    // permissions are not supported here, or the reference is gone
  }
}
