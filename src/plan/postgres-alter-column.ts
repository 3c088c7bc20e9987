import { quoteIdent, quoteLiteral, renderCollate, renderColumnType, renderDefault } from "../dialect/postgres-ddl.ts";
import type { Column, ColumnType, Default, Identity } from "../schema/ir.ts";
import type { ColumnChange } from "./operation.ts";
import { isDateTime, isInteger, isNumber, isText } from "./type-families.ts";

/**
 * The `USING` expression PostgreSQL needs to retype `column` from `from` to `to`, or undefined when
 * an implicit or assignment cast does it (numbers among themselves, anything to text, date/time
 * kinds among themselves, inet ↔ cidr, a parameter change). Reference §4.6: text → typed
 * `CAST("c" AS type)`; inet/cidr → text `abbrev("c")`; boolean → number through integer; number →
 * boolean `("c" <> 0)`; text → bytea `convert_to("c", 'UTF8')`; number → interval `make_interval`.
 * Narrowing to varchar(n) never gets a USING: an explicit cast would truncate silently, the
 * assignment cast fails on a too-long value instead.
 */
export function usingExpression(column: string, from: ColumnType, to: ColumnType): string | undefined {
  const c = quoteIdent(column);
  const type = renderColumnType(to);
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
const sameDefault = (a: Default | undefined, b: Default | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The serial sequence PostgreSQL would name for `table`.`column`, truncated to 63 bytes as PostgreSQL does. */
function sequenceName(table: string, column: string): string {
  const name = `${table}_${column}_seq`;
  const bytes = new TextEncoder().encode(name);
  return bytes.length <= 63 ? name : new TextDecoder().decode(bytes.slice(0, 63)).replace(/\uFFFD+$/, "");
}

/**
 * The statements of one PostgreSQL column change, in reference §4.6 order: drop identity (or a
 * serial's `nextval` default); drop the default when a `USING` retype follows; retype (or change the
 * collation: `TYPE … COLLATE`, which rebuilds the indexes on the column); nullability;
 * default; add or re-flavour identity. A new identity or serial continues after the column's largest
 * value, so existing rows never collide with generated ones. `table` and `column` are the names at
 * the time the step runs. Only the aspects listed in `changes` are touched (a live expression default
 * the models do not mention stays).
 */
export function alterColumnStatements(
  table: string,
  from: Column,
  to: Column,
  changes: readonly ColumnChange[],
): string[] {
  const t = quoteIdent(table);
  const c = quoteIdent(to.name);
  const alter = (clause: string) => `ALTER TABLE ${t} ALTER COLUMN ${c} ${clause};`;
  const out: string[] = [];
  const fromIdentity = identityKind(from.identity);
  const toIdentity = changes.includes("identity") ? identityKind(to.identity) : fromIdentity;
  let current = from.identity ? undefined : from.default;

  if (generated(fromIdentity) && !generated(toIdentity)) out.push(alter("DROP IDENTITY"));
  if (fromIdentity === "serial" && toIdentity !== "serial") out.push(alter("DROP DEFAULT"));

  if (changes.includes("type") || changes.includes("collation")) {
    // ALTER … TYPE resets the collation to the new type's default unless COLLATE is given, so a
    // column keeping its collation through a type change says it again; going back to the default
    // without a type change says COLLATE "default" (a new type, maybe not collatable, needs nothing).
    const using = changes.includes("type") ? usingExpression(to.name, from.type, to.type) : undefined;
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
    out.push(alter(`TYPE ${renderColumnType(to.type)}${collate}${using === undefined ? "" : ` USING ${using}`}`));
  }

  if (changes.includes("nullable") && from.nullable !== to.nullable) {
    out.push(alter(to.nullable ? "DROP NOT NULL" : "SET NOT NULL"));
  }

  const wanted =
    toIdentity !== "none"
      ? undefined
      : changes.includes("default")
        ? to.default
        : from.identity
          ? undefined
          : from.default;
  if (!sameDefault(current, wanted)) {
    out.push(alter(wanted === undefined ? "DROP DEFAULT" : `SET DEFAULT ${renderDefault(wanted)}`));
  }

  const restart = (sequence: string) => `SELECT setval(${sequence}, coalesce(max(${c}), 0) + 1, false) FROM ${t};`;
  if (generated(toIdentity) && generated(fromIdentity) && toIdentity !== fromIdentity) {
    out.push(alter(`SET GENERATED ${toIdentity === "always" ? "ALWAYS" : "BY DEFAULT"}`));
  } else if (generated(toIdentity) && !generated(fromIdentity)) {
    out.push(alter(`ADD GENERATED ${toIdentity === "always" ? "ALWAYS" : "BY DEFAULT"} AS IDENTITY`));
    out.push(restart(`pg_get_serial_sequence(${quoteLiteral(t)}, ${quoteLiteral(to.name)})`));
  } else if (toIdentity === "serial" && fromIdentity !== "serial") {
    const sequence = quoteIdent(sequenceName(table, to.name));
    const as = isInteger(to.type) ? ` AS ${renderColumnType(to.type)}` : "";
    out.push(`CREATE SEQUENCE IF NOT EXISTS ${sequence}${as};`);
    out.push(`ALTER SEQUENCE ${sequence} OWNED BY ${t}.${c};`);
    out.push(restart(quoteLiteral(sequence)));
    out.push(alter(`SET DEFAULT nextval(${quoteLiteral(sequence)})`));
  }
  return out;
}
