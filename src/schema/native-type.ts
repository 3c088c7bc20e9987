/**
 * Native SQL types: the column types the IR keeps as text (`{ kind: "native", sql }`: arrays,
 * enums, domains, `character(5)`, `interval day to second(3)`, SQLite's own spellings …), in one
 * canonical text shared by the models and the introspectors of both dialects, so that the same type
 * written two ways compares equal and renders as valid DDL; and the limits that decide when a
 * SQLite type stays native.
 */

/**
 * Canonicalises a native type's SQL: whitespace collapsed to one space, none next to `(`, `)`,
 * `,`, `[` and `]` (but one kept between `)` and a following word: `timestamp(3) with time zone`),
 * and everything lowercased except double-quoted identifiers and single-quoted literals, which are
 * kept byte for byte (`other."Mood"`, `"my enum"[]`, MySQL's `enum('Open','Closed')`). PostgreSQL's `format_type` output is already in this form; a
 * SQLite column declared without a type gives `""`.
 */
export function canonicalNativeType(sql: string): string {
  const parts: { text: string; quoted: boolean }[] = [];
  let i = 0;
  const source = sql.trim();
  while (i < source.length) {
    const quote = source[i];
    if (quote === '"' || quote === "'") {
      let j = i + 1;
      while (j < source.length) {
        if (source[j] === quote && source[j + 1] === quote) j += 2;
        else if (source[j] === quote) break;
        else j++;
      }
      parts.push({ text: source.slice(i, j + 1), quoted: true });
      i = j + 1;
    } else {
      const found = source.slice(i).search(/["']/);
      const end = found < 0 ? source.length : i + found;
      parts.push({ text: source.slice(i, end).toLowerCase(), quoted: false });
      i = end;
    }
  }
  return parts
    .map((p) =>
      p.quoted
        ? p.text
        : p.text
            .replace(/\s+/g, " ")
            .replace(/ ?([(,[\]]) ?/g, "$1")
            .replace(/ ?\)/g, ")"),
    )
    .join("");
}

/**
 * The most decimal digits SQLite keeps exactly (it stores NUMERIC values as 8-byte floats or
 * integers): a `DECIMAL(p, s)` with more digits is not a decimal the models can declare, so on
 * SQLite it is a native type (`Models.NativeField`).
 */
export const SQLITE_DECIMAL_DIGITS = 15;
