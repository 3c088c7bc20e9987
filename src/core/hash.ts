import { createHash } from "node:crypto";

/** Lowercase hex SHA-256 of `data` (a string is hashed as UTF-8): plan checksums, the event chain, fingerprints. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}
