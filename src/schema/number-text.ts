import type { ColumnType } from "./ir.ts";

/** A number as SQL writes it: optional minus, digits with an optional fraction, an optional exponent. */
export const NUMBER_TEXT = /^-?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/** Whether a canonical type holds numbers (so a numeric default is a number, not text). */
export function isNumericType(type: ColumnType): boolean {
  return ["smallint", "integer", "bigint", "real", "double", "decimal"].includes(type.kind);
}

/**
 * The literal value of a number written as `text` (which must match {@link NUMBER_TEXT}), keeping
 * its exact digits: a JS number when printing that number gives `text` back (`20`, `-1.5`, `0.25`),
 * otherwise `text` itself (`20.0`, `1.50`, `1e3`, integers beyond 2^53). So `20.0` and `20` stay two
 * different defaults, and a default read from a database is written back digit for digit.
 */
export function exactNumber(text: string): number | string {
  const value = Number(text);
  return Number.isFinite(value) && String(value) === text ? value : text;
}
