/**
 * Native SQL types: the column types the IR keeps as text (`{ kind: "native", sql }`), and the
 * limits that decide when a SQLite type stays native.
 */

/** Normalises a native SQL type for verbatim comparison: lowercased, whitespace collapsed, `, ` between arguments. */
export function nativeSql(type: string): string {
  return type
    .trim()
    .replace(/\s+/g, " ")
    .replace(/\s*([(),])\s*/g, "$1")
    .replace(/,/g, ", ")
    .toLowerCase();
}

/**
 * The most decimal digits SQLite keeps exactly (it stores NUMERIC values as 8-byte floats or
 * integers): a `DECIMAL(p, s)` with more digits is not a decimal the models can declare, so on
 * SQLite it is a native type (`Models.NativeField`).
 */
export const SQLITE_DECIMAL_DIGITS = 15;
