/**
 * Names for generated models: export names from table names and field names from column names,
 * chosen so they load back to the same physical names (with `dbTable` / `dbColumn` when needed).
 */
import { fieldNameProblems } from "./validate-field.ts";

function words(name: string): string[] {
  return name.split(/[^A-Za-z0-9]+/).filter((w) => w !== "");
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** Export names for tables (PascalCase, valid identifiers, unique, never `Models`), in table order. */
export function exportNames(tables: readonly string[]): string[] {
  const taken = new Set<string>(["Models"]);
  return tables.map((table) => {
    let base = words(table)
      .map((w) => (w[0] as string).toUpperCase() + w.slice(1))
      .join("");
    if (base === "") base = "Table";
    if (!/^[A-Za-z]/.test(base)) base = `T${base}`;
    return unique(base, taken);
  });
}

/** Field names for a table's columns: the column itself when it is an allowed field name, else a sanitized one. */
export function fieldNames(columns: readonly string[]): string[] {
  const verbatim = columns.filter((c) => fieldNameProblems(c).length === 0);
  const taken = new Set<string>(verbatim);
  return columns.map((column) => {
    if (fieldNameProblems(column).length === 0) return column;
    const parts = words(column);
    let base = parts.map((w, i) => (i === 0 ? w : (w[0] as string).toUpperCase() + w.slice(1))).join("");
    if (base === "") base = "field";
    if (!/^[A-Za-z]/.test(base)) base = `f${base}`;
    if (fieldNameProblems(base).length > 0) base = `${base}Column`;
    return unique(base, taken);
  });
}

/** Renders an object key: bare when it is an identifier, else a JSON string. */
export function renderKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

/** Renders a JSON-like value as TypeScript source (bare identifier keys). */
export function renderValue(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(renderValue).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([k, v]) => `${renderKey(k)}: ${renderValue(v)}`).join(", ")} }`;
  }
  return JSON.stringify(value);
}
