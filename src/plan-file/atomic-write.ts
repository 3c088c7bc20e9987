import { randomUUID } from "node:crypto";
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * Writes `text` to `path` through a temporary file in the same folder (`.<prefix>-<uuid>.tmp`) and a
 * rename, so readers never see half a file; the temporary file is removed when either step fails.
 */
export function atomicWrite(path: string, text: string, prefix: string): void {
  const temp = join(dirname(path), `.${prefix}-${randomUUID()}.tmp`);
  try {
    writeFileSync(temp, text, { flag: "wx" });
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}
