import { PormgError } from "../../core/errors.ts";
import type { Column, ColumnReference, Default, LiveSequence } from "../../schema/ir.ts";
import { isInteger } from "../../schema/type-families.ts";
import { quoteIdent, quoteLiteral, renderColumnType } from "./postgres-ddl.ts";

/**
 * The sequence statements of a PostgreSQL column change:
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

/** What `becomeSerial` knows of the live schema: the column's live names and every sequence of the schema. */
export interface LiveSequences {
  /** The column's table and name before the plan's renames (as a sequence's owner and readers name it). */
  readonly live: { readonly table: string; readonly column: string };
  readonly sequences: readonly LiveSequence[];
}

/**
 * The statements that make a column serial, leaving it as a fresh `CREATE TABLE` from the models
 * would: its own sequence `<table>_<column>_seq` (`AS` the column's integer type), owned by the
 * column and read by its default. The sequence continues after the column's largest value and, when
 * the default read another (free-standing) sequence, after that sequence's last value too, so no id
 * is ever issued twice; that sequence is never adopted nor re-owned (other columns may read it, and
 * dropping the table would take it along) and is left as it is. A sequence already holding the name
 * is taken over only when nothing but this column owns or reads it; otherwise the plan is refused
 * (`PLAN_REFUSED`), naming it. When the live schema is not known (`sequences` empty) the sequence is
 * created without `IF NOT EXISTS`, so one that exists makes the step fail rather than change hands.
 * `current` is the default the column holds at this point.
 */
export function becomeSerial(
  table: string,
  to: Column,
  current: Default | undefined,
  known: LiveSequences = { live: { table, column: to.name }, sequences: [] },
): string[] {
  const t = quoteIdent(table);
  const c = quoteIdent(to.name);
  const name = defaultSequenceName(table, to.name);
  const sequence = quoteIdent(name);
  const as = isInteger(to.type) ? ` AS ${renderColumnType(to.type)}` : "";
  // The column's own identity sequence is gone by now (DROP IDENTITY comes first).
  const existing = known.sequences.find(
    (s) => s.name === name && !(s.identity && s.owner !== undefined && sameColumn(s.owner, known.live)),
  );
  if (existing !== undefined) refuseTakenSequence(table, to.name, existing, known.live);
  const read = nextvalSequence(current);
  const issued =
    read === undefined ? "" : `, (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${read})`;
  return [
    existing === undefined
      ? `CREATE SEQUENCE ${sequence}${as};`
      : `ALTER SEQUENCE ${sequence}${as} OWNED BY ${t}.${c};`,
    ...(existing === undefined ? [`ALTER SEQUENCE ${sequence} OWNED BY ${t}.${c};`] : []),
    `SELECT setval(${quoteLiteral(sequence)}, greatest(coalesce(max(${c}), 0)${issued}) + 1, false) FROM ${t};`,
    `ALTER TABLE ${t} ALTER COLUMN ${c} SET DEFAULT nextval(${quoteLiteral(sequence)});`,
  ];
}

const sameColumn = (r: ColumnReference, live: LiveSequences["live"]) =>
  r.schema === undefined && r.table === live.table && r.column === live.column;
const columnText = (r: ColumnReference) =>
  [r.schema, r.table, r.column]
    .filter((part) => part !== undefined)
    .map((part) => `"${part}"`)
    .join(".");

/** Throws `PLAN_REFUSED` when `existing`, the name a new serial sequence needs, is owned or read by another column. */
function refuseTakenSequence(table: string, column: string, existing: LiveSequence, live: LiveSequences["live"]): void {
  const uses = [
    ...(existing.owner && !sameColumn(existing.owner, live) ? [`owned by ${columnText(existing.owner)}`] : []),
    ...existing.readers.filter((r) => !sameColumn(r, live)).map((r) => `read by the default of ${columnText(r)}`),
  ];
  if (uses.length === 0) return;
  throw new PormgError(
    "PLAN_REFUSED",
    `column "${column}" of "${table}" cannot become serial: its sequence would be "${existing.name}", and that sequence already exists, ${uses.join(", ")}. ` +
      "pormg never takes a sequence another column uses. Rename that sequence first (ALTER SEQUENCE " +
      `${existing.sql} RENAME TO …), then plan again.`,
    { table, column, sequence: existing.name },
  );
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
