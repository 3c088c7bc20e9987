/**
 * Lowercase hex SHA-256 of `data` (a string is hashed as UTF-8): plan checksums, the event chain,
 * fingerprints. Bun's native hasher, one call per digest (no `node:crypto` Hash object per call).
 */
export function sha256Hex(data: string | Uint8Array): string {
  return Bun.CryptoHasher.hash("sha256", data, "hex");
}
