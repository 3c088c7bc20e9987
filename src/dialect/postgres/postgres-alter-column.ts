import { sameJson } from "../../core/canonical-json.ts";
import { PormgError } from "../../core/errors.ts";
import { recreatesColumn } from "../../diff/diff-columns.ts";
import type { Column, ColumnType, Default, Identity } from "../../schema/ir.ts";
import type { ColumnChange } from "../../schema/operation.ts";
import { isDateTime, isNumber, isText } from "../../schema/type-families.ts";
import {
  quoteIdent,
  quoteLiteral,
  renderCollate,
  renderColumnDefinition,
  renderColumnType,
  renderDefault,
} from "./postgres-ddl.ts";
import {
  becomeSerial,
  defaultSequenceName,
  ensureSequence,
  type LiveSequences,
  leaveSerial,
  nextvalSequence,
} from "./postgres-sequences.ts";

/**
 * The `USING` expression PostgreSQL needs to retype `column` from `from` to `to`, or undefined when
 * an implicit or assignment cast does it (numbers among themselves, anything to text, date/time
 * kinds among themselves, inet ↔ cidr, a parameter change). Otherwise: text → typed
 * `CAST("c" AS type)`; inet/cidr → text `abbrev("c")`; boolean → number through integer; number →
 * boolean `("c" <> 0)`; text → bytea `convert_to("c", 'UTF8')`; number → interval `make_interval`.
 * Narrowing to varchar(n) never gets a USING: an explicit cast would truncate silently, the
 * assignment cast fails on a too-long value instead. Between two native types (enums, domains,
 * arrays …), which rarely have a cast between them, the value goes through its text form:
 * `CAST(CAST("c" AS text) AS other.mood)`.
 */
export function usingExpression(column: string, from: ColumnType, to: ColumnType): string | undefined {
  const c = quoteIdent(column);
  const type = renderColumnType(to);
  if (from.kind === "native" && to.kind === "native") return `CAST(CAST(${c} AS text) AS ${type})`;
  if (from.kind === to.kind && from.kind !== "json") return undefined;
  if (isNumber(from) && isNumber(to)) return undefined;
  if (isText(to)) return from.kind === "inet" || from.kind === "cidr" ? `abbrev(${c})` : undefined;
  if (isDateTime(from) && isDateTime(to) && !(from.kind === "date" && to.kind === "time")) return undefined;
  if ((from.kind === "inet" || from.kind === "cidr") && (to.kind === "inet" || to.kind === "cidr")) return undefined;
  if (from.kind === "time" && to.kind === "interval") return undefined;
  if (from.kind === "boolean" && isNumber(to)) {
    return to.kind === "integer" ? `CAST(${c} AS integer)` : `CAST(CAST(${c} AS integer) AS ${type})`;
  }
  if (isNumber(from) && to.kind === "boolean") return `(${c} <> 0)`;
  if (isText(from) && to.kind === "bytes") return `convert_to(${c}, 'UTF8')`;
  if (isNumber(from) && to.kind === "interval") return `make_interval(secs => CAST(${c} AS double precision))`;
  return `CAST(${c} AS ${type})`;
}

type IdentityKind = "none" | "serial" | "always" | "by default";

function identityKind(identity: Identity | undefined): IdentityKind {
  if (identity === undefined) return "none";
  if (identity.serial) return "serial";
  return identity.always ? "always" : "by default";
}

const generated = (kind: IdentityKind) => kind === "always" || kind === "by default";

/** The live default after a retype to another family: the old one under a cast, equal to no Default. */
const RETYPED_DEFAULT: Default = { kind: "expression", sql: "\u0000retyped" };

/** Whether two types differ at most in a length, precision or scale (a retype keeps a default's meaning). */
function sameFamily(a: ColumnType, b: ColumnType): boolean {
  const { length: _l, precision: _p, scale: _s, ...x } = a as ColumnType & Record<string, unknown>;
  const { length: _m, precision: _q, scale: _t, ...y } = b as ColumnType & Record<string, unknown>;
  return sameJson(x, y);
}
const sameDefault = (a: Default | undefined, b: Default | undefined) => sameJson(a, b);

/**
 * The statements of one PostgreSQL column change, in order: drop identity (or leave
 * serial: disown or drop its sequence); drop the default when a `USING` retype follows; retype (or
 * change the collation: `TYPE … COLLATE`, which rebuilds the indexes on the column); nullability;
 * default (creating the sequence a new `nextval` default reads); add or re-flavour identity, or
 * become serial (a sequence of its own, never the one the default already reads: `becomeSerial`,
 * which `sequences`, the live schema's sequences, lets refuse a name another column uses). A new identity or serial
 * continues after the column's largest value, so existing rows never collide with generated ones.
 * A default kept across a retype to another kind is written again after it. Generated columns: one
 * that is re-created (`recreatesColumn`) is dropped and added again in one statement — derived
 * values are recomputed, nothing else is lost; a STORED one becoming plain keeps its values (`DROP
 * EXPRESSION`); a retype recomputes (no `USING`). `table` and `column` are the names at the time
 * the step runs; `ownedSequence` is the sequence the live column owns when it is serial, as DDL
 * names it (default `<table>_<column>_seq`). Only the aspects listed in `changes` are touched.
 * `regenerated` are the generated columns reading this one (target definitions): its retype drops
 * them first and adds them back last, in one statement. Throws `PLAN_REFUSED` for a VIRTUAL column
 * becoming plain, which PostgreSQL cannot do in place.
 */
export function alterColumnStatements(
  table: string,
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
  ownedSequence?: string,
  regenerated: readonly Column[] = [],
  sequences?: LiveSequences,
): string[] {
  const t = quoteIdent(table);
  const c = quoteIdent(to.name);
  if (recreatesColumn(from, to))
    return [`ALTER TABLE ${t} DROP COLUMN ${c}, ADD COLUMN ${renderColumnDefinition(to)};`];
  const alter = (clause: string) => `ALTER TABLE ${t} ALTER COLUMN ${c} ${clause};`;
  const out: string[] = [];
  if (from.generated && !to.generated) {
    if (!from.generated.stored) throw virtualToPlain(table, to.name);
    out.push(alter("DROP EXPRESSION"));
  }
  const fromIdentity = identityKind(from.identity);
  const toIdentity = changes.includes("identity") ? identityKind(to.identity) : fromIdentity;
  let current = from.identity ? undefined : from.default;
  const wanted = wantedDefault(from, to, changes, toIdentity, current);

  if (generated(fromIdentity) && !generated(toIdentity)) out.push(alter("DROP IDENTITY"));
  if (fromIdentity === "serial" && toIdentity !== "serial") {
    const owned = ownedSequence ?? quoteIdent(defaultSequenceName(table, to.name));
    const left = leaveSerial(table, to.name, owned, wanted);
    out.push(...left.statements);
    if (left.keptDefault) current = wanted;
  }

  if (changes.includes("type") || changes.includes("collation")) {
    // ALTER … TYPE resets the collation to the new type's default unless COLLATE is given, so a
    // column keeping its collation through a type change says it again; going back to the default
    // without a type change says COLLATE "default" (a new type, maybe not collatable, needs nothing).
    const using = changes.includes("type") && !to.generated ? usingExpression(to.name, from.type, to.type) : undefined;
    if (using !== undefined && current !== undefined) {
      out.push(alter("DROP DEFAULT"));
      current = undefined;
    }
    const collate =
      to.collation !== undefined
        ? renderCollate(to)
        : changes.includes("collation") && !changes.includes("type")
          ? ` COLLATE ${quoteIdent("default")}`
          : "";
    const retype = `ALTER COLUMN ${c} TYPE ${renderColumnType(to.type)}${collate}${using === undefined ? "" : ` USING ${using}`}`;
    // The generated columns reading this one are re-created around it, in the same statement.
    const drops = regenerated.map((g) => `DROP COLUMN ${quoteIdent(g.name)}, `).join("");
    const adds = regenerated.map((g) => `, ADD COLUMN ${renderColumnDefinition(g)}`).join("");
    out.push(`ALTER TABLE ${t} ${drops}${retype}${adds};`);
    // PostgreSQL keeps the old default wrapped in a cast to the new type (`'x'::timestamp` on what
    // is now a timestamptz): unless only a length or precision changed, write it again as the models say.
    if (current !== undefined && !sameFamily(from.type, to.type)) current = RETYPED_DEFAULT;
  }

  if (changes.includes("nullable") && from.nullable !== to.nullable) {
    out.push(alter(to.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
  }

  if (!sameDefault(current, wanted)) {
    const sequence = nextvalSequence(wanted);
    if (sequence !== undefined) out.push(...ensureSequence(table, to.name, sequence));
    out.push(alter(wanted === undefined ? "DROP DEFAULT" : `SET DEFAULT ${renderDefault(wanted, to.type)}`));
    current = wanted;
  }

  const restart = (sequence: string) => `SELECT setval(${sequence}, coalesce(max(${c}), 0) + 1, false) FROM ${t};`;
  if (generated(toIdentity) && generated(fromIdentity) && toIdentity !== fromIdentity) {
    out.push(alter(`SET GENERATED ${toIdentity === "always" ? "ALWAYS" : "BY DEFAULT"}`));
  } else if (generated(toIdentity) && !generated(fromIdentity)) {
    out.push(alter(`ADD GENERATED ${toIdentity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`));
    out.push(restart(`pg_get_serial_sequence(${quoteLiteral(t)}, ${quoteLiteral(to.name)})`));
  } else if (toIdentity === "serial" && fromIdentity !== "serial") {
    out.push(...becomeSerial(table, to, current, sequences));
  }
  return out;
}

/**
 * The default the column must end with: none under an identity; under serial the `nextval` the
 * column already has, until `becomeSerial` replaces it with its own sequence's (any other default is
 * dropped first); otherwise the target's when the default changes, else the live one.
 */
function wantedDefault(
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
  toIdentity: IdentityKind,
  current: Default | undefined,
): Default | undefined {
  if (toIdentity === "serial") return nextvalSequence(current) === undefined ? undefined : current;
  if (toIdentity !== "none") return undefined;
  if (changes.includes("default")) return to.default;
  return from.identity ? undefined : from.default;
}

function virtualToPlain(table: string, column: string): PormgError {
  return new PormgError(
    "PLAN_REFUSED",
    `column "${column}" of "${table}" is a VIRTUAL generated column, and PostgreSQL cannot turn a VIRTUAL column into a plain one in place (DROP EXPRESSION works on STORED ones only). ` +
      "Make it STORED first (generated: { …, stored: true }, one migrate), then plain; or drop and re-add it.",
    { table, column },
  );
}
