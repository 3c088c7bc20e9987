import type { IndexKey } from "./ir.ts";

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/** `name` cut to PostgreSQL's 63 bytes, on a character boundary. */
export function truncateIdentifier(name: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes (a surrogate pair is 4 for two), so a name of at
  // most 21 units fits, and a longer one fits when its byte count does: no encoding needed.
  if (name.length <= MAX_IDENTIFIER_BYTES / 3 || utf8Length(name) <= MAX_IDENTIFIER_BYTES) return name;
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= MAX_IDENTIFIER_BYTES) return name;
  return new TextDecoder().decode(bytes.slice(0, MAX_IDENTIFIER_BYTES)).replace(/\uFFFD+$/, "");
}

/** The length of `text` in UTF-8, as TextEncoder encodes it (a lone surrogate as U+FFFD, 3 bytes). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      k++;
    } else bytes += 3;
  }
  return bytes;
}

function keyPart(keys: readonly (string | IndexKey)[]): string {
  return keys.map((k) => (typeof k === "string" ? k : "column" in k ? k.column : "expr")).join("_");
}

/**
 * The default names pormg gives (and expects) when a model names no constraint or index. They
 * follow PostgreSQL's own choices (`<table>_pkey`, `<table>_<cols>_key`, `<table>_<cols>_fkey`,
 * `<table>_<cols>_idx`, `<table>_<cols>_check`), truncated to 63 bytes, so a table created by hand
 * with default names compares equal to its model. The IR leaves a name out when it equals its default.
 */
export const defaultName = {
  primaryKey: (table: string) => truncateIdentifier(`${table}_pkey`),
  unique: (table: string, columns: readonly string[]) => truncateIdentifier(`${table}_${keyPart(columns)}_key`),
  foreignKey: (table: string, columns: readonly string[]) => truncateIdentifier(`${table}_${keyPart(columns)}_fkey`),
  index: (table: string, keys: readonly (string | IndexKey)[]) => truncateIdentifier(`${table}_${keyPart(keys)}_idx`),
  check: (table: string, column: string) => truncateIdentifier(`${table}_${column}_check`),
} as const;
