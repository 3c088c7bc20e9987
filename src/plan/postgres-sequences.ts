import { quoteIdent, quoteLiteral, renderColumnType } from "../dialect/postgres-ddl.ts";
import type { Column, Default } from "../schema/ir.ts";
import { isInteger } from "./type-families.ts";

/**
 * The sequence statements of a PostgreSQL column change (reference §4.6, pormg's serial rules):
 * a serial column owns its sequence (`OWNED BY`), so turning a column into or out of serial moves
 * that ownership instead of leaving it behind. Sequences are named as DDL names them (the text of
 * `regclass`: quoted when needed, schema-qualified outside the search path).
 */

/** The sequence a `nextval('seq'[::regclass])` default reads, as DDL names it; undefined for any other default. */
export function nextvalSequence(value: Default | undefined): string | undefined {
  if (value?.kind !== "expression") return undefined;
  const match = /^nextval\('((?:[^']|'')+)'(?:::regclass)?\)$/.exec(value.sql);
  return match ? (match[1] as string).replaceAll("''", "'") : undefined;
}

/** The serial sequence PostgreSQL would name for `table`.`column`, truncated to 63 bytes as PostgreSQL does. */
export function defaultSequenceName(table: string, column: string): string {
  const name = `${table}_${column}_seq`;
  const bytes = new TextEncoder().encode(name);
  return bytes.length <= 63 ? name : new TextDecoder().decode(bytes.slice(0, 63)).replace(/\uFFFD+$/, "");
}

/**
 * What happens to the sequence of a serial column that stops being serial: when the new default is
 * `nextval` of that same sequence it is disowned (`OWNED BY NONE`) and the default stays; otherwise
 * the default is dropped and so is the sequence (as `DROP IDENTITY` drops an identity's).
 * `owned` is the sequence as DDL names it. Returns the statements and whether the default stays.
 */
export function leaveSerial(
  table: string,
  column: string,
  owned: string,
  wanted: Default | undefined,
): { statements: string[]; keptDefault: boolean } {
  const alter = `ALTER TABLE ${quoteIdent(table)} ALTER COLUMN ${quoteIdent(column)}`;
  if (nextvalSequence(wanted) === owned)
    return { statements: [`ALTER SEQUENCE ${owned} OWNED BY NONE;`], keptDefault: true };
  return { statements: [`${alter} DROP DEFAULT;`, `DROP SEQUENCE ${owned};`], keptDefault: false };
}

/**
 * The statements that make a column serial. A column whose default already reads a sequence
 * (`nextval('s')`, a free-standing sequence) adopts it (`OWNED BY`, counter and default kept);
 * otherwise the sequence `<table>_<column>_seq` is created, continued after the column's largest
 * value, and becomes the default. `current` is the default the column holds at this point.
 */
export function becomeSerial(table: string, to: Column, current: Default | undefined): string[] {
  const t = quoteIdent(table);
  const c = quoteIdent(to.name);
  const adopted = nextvalSequence(current);
  if (adopted !== undefined) return [`ALTER SEQUENCE ${adopted} OWNED BY ${t}.${c};`];
  const sequence = quoteIdent(defaultSequenceName(table, to.name));
  const as = isInteger(to.type) ? ` AS ${renderColumnType(to.type)}` : "";
  return [
    `CREATE SEQUENCE IF NOT EXISTS ${sequence}${as};`,
    `ALTER SEQUENCE ${sequence} OWNED BY ${t}.${c};`,
    `SELECT setval(${quoteLiteral(sequence)}, coalesce(max(${c}), 0) + 1, false) FROM ${t};`,
    `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT nextval(${quoteLiteral(sequence)});`,
  ];
}

/**
 * The statements that make sure the sequence a new `nextval('s')` default reads exists before the
 * default is set: created when missing, and moved past the column's largest value (never back), so
 * new rows do not collide with existing ones.
 */
export function ensureSequence(table: string, column: string, sequence: string): string[] {
  const c = quoteIdent(column);
  const s = quoteLiteral(sequence);
  return [
    `CREATE SEQUENCE IF NOT EXISTS ${sequence};`,
    `SELECT setval(${s}, greatest(coalesce(max(${c}), 0) + 1, nextval(${s})), false) FROM ${quoteIdent(table)};`,
  ];
}
