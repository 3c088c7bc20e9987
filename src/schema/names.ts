import type { IndexKey } from "./ir.ts";

/** PostgreSQL truncates identifiers to 63 bytes (NAMEDATALEN - 1). */
export const MAX_IDENTIFIER_BYTES = 63;

/** Whether every character of `name` is ASCII (one UTF-8 byte each). */
function isAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** `name` cut to PostgreSQL's 63 bytes, on a character boundary. */
export function truncateIdentifier(name: string): string {
  // A UTF-16 code unit is at most 3 UTF-8 bytes: a short name, or a short ASCII one, needs no encoding.
  if (name.length * 3 <= MAX_IDENTIFIER_BYTES) return name;
  if (name.length <= MAX_IDENTIFIER_BYTES && isAscii(name)) return name;
  const bytes = new TextEncoder().encode(name);
  if (bytes.length <= MAX_IDENTIFIER_BYTES) return name;
  return new TextDecoder().decode(bytes.slice(0, MAX_IDENTIFIER_BYTES)).replace(/\uFFFD+$/, "");
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
