import type { StorageParameters } from "./ir.ts";

/**
 * PostgreSQL storage parameters in canonical form. PostgreSQL keeps a parameter's value as it was
 * written (`deduplicate_items=false`, `deduplicate_items=0`, `autovacuum_enabled=OFF` all stay as
 * typed), so both sides of a comparison pass through {@link storageValue}.
 */

/** Storage parameters whose value is a boolean (tables, TOAST tables, btree, gin and brin indexes). */
const BOOLEAN_PARAMETERS = new Set([
  "autovacuum_enabled",
  "user_catalog_table",
  "vacuum_truncate",
  "deduplicate_items",
  "fastupdate",
  "autosummarize",
]);

const TRUE_WORDS = new Set(["true", "yes", "on"]);
const FALSE_WORDS = new Set(["false", "no", "off"]);
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/;

/** PostgreSQL's `parse_bool`: the words, their unique prefixes, `1` and `0`; undefined when not a boolean. */
function parseBool(text: string): boolean | undefined {
  if (text === "1") return true;
  if (text === "0") return false;
  if (text.length === 0) return undefined;
  // "o" alone is ambiguous (on/off), as in PostgreSQL.
  if (text === "o") return undefined;
  for (const word of TRUE_WORDS) if (word.startsWith(text) && (word !== "on" || text === "on")) return true;
  for (const word of FALSE_WORDS) if (word.startsWith(text) && (word !== "off" || text.length >= 2)) return false;
  return undefined;
}

/**
 * The canonical text of storage parameter `name`'s value: booleans `on`/`off` (every spelling
 * PostgreSQL accepts for a boolean parameter; the full words for any parameter), numbers as
 * JavaScript prints them (`070` → `70`, `0.10` → `0.1`), anything else trimmed and lowercased.
 */
export function storageValue(name: string, value: string | number | boolean): string {
  if (typeof value === "boolean") return value ? "on" : "off";
  if (typeof value === "number") return String(value);
  const text = value.trim().toLowerCase();
  const base = name.toLowerCase().replace(/^toast\./, "");
  const bool = BOOLEAN_PARAMETERS.has(base) ? parseBool(text) : undefined;
  if (bool !== undefined) return bool ? "on" : "off";
  if (TRUE_WORDS.has(text)) return "on";
  if (FALSE_WORDS.has(text)) return "off";
  if (NUMBER.test(text) && Number.isFinite(Number(text))) return String(Number(text));
  return text;
}

/**
 * Canonical storage parameters from name → value pairs (the DSL's `storage` option, or parsed
 * reloptions): names lowercased, values through {@link storageValue}, keys sorted; undefined when
 * there are none, so "no parameters" has one form.
 */
export function canonicalStorage(
  params: Readonly<Record<string, string | number | boolean>> | undefined,
): StorageParameters | undefined {
  if (params === undefined) return undefined;
  const entries = Object.entries(params)
    .map(([name, value]) => [name.toLowerCase(), storageValue(name, value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}

/**
 * Parses a catalog `reloptions` array (`["fillfactor=70", …]`) into canonical storage parameters,
 * each name prefixed with `prefix` (`toast.` for the options of a table's TOAST table).
 */
export function parseReloptions(options: readonly string[] | null | undefined, prefix = ""): Record<string, string> {
  const out: Record<string, string> = {};
  for (const option of options ?? []) {
    const at = option.indexOf("=");
    const name = at < 0 ? option : option.slice(0, at);
    out[`${prefix}${name}`] = at < 0 ? "" : option.slice(at + 1);
  }
  return out;
}

/** Whether two storage parameter sets are the same (absent and empty are the same). */
export function sameStorage(a: StorageParameters | undefined, b: StorageParameters | undefined): boolean {
  // The usual case, neither side with parameters, needs no description.
  if (a === undefined && b === undefined) return true;
  return describeStorage(a) === describeStorage(b);
}

/** Storage parameters in words, `fillfactor=70, deduplicate_items=off`, or `none`. */
export function describeStorage(params: StorageParameters | undefined): string {
  const entries = Object.entries(params ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.length === 0 ? "none" : entries.map(([k, v]) => `${k}=${v}`).join(", ");
}

/** A storage parameter name pormg can write unquoted: `fillfactor`, `toast.autovacuum_enabled`. */
export const STORAGE_NAME = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?$/;
