import { sameJson } from "../core/canonical-json.ts";
import type { ColumnType } from "./ir.ts";

/**
 * Families of canonical column types, and the facts about them that rendering and lossy
 * classification share.
 */

type Kind = ColumnType["kind"];

const integerKinds: readonly Kind[] = ["smallint", "integer", "bigint"];
const numberKinds: readonly Kind[] = [...integerKinds, "real", "double", "decimal"];

/** Whether the type is smallint, integer or bigint. */
export function isInteger(type: ColumnType): boolean {
  return integerKinds.includes(type.kind);
}

/** Whether the type is a number: an integer, real, double or decimal. */
export function isNumber(type: ColumnType): boolean {
  return numberKinds.includes(type.kind);
}

/** Whether the type is text or varchar(n). */
export function isText(type: ColumnType): boolean {
  return type.kind === "text" || type.kind === "varchar";
}

/** Whether the type is date, time or timestamp (with or without time zone). */
export function isDateTime(type: ColumnType): boolean {
  return type.kind === "date" || type.kind === "time" || type.kind === "timestamp";
}

/** The rank of an integer kind (smallint 0, integer 1, bigint 2); -1 for other types. */
export function integerRank(type: ColumnType): number {
  return integerKinds.indexOf(type.kind);
}

/** Whether the two types are the same, parameters included. */
export function sameType(a: ColumnType, b: ColumnType): boolean {
  return sameJson(a, b);
}
