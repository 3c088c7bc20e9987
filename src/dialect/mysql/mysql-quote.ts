/**
 * Quotes a MySQL / MariaDB identifier: in backticks, an embedded backtick doubled (`` a`b `` →
 * `` `a``b` ``). Backticks quote a name whatever the `sql_mode` (`ANSI_QUOTES` only adds `"`), and
 * nothing else is special inside them, backslashes included. The server still refuses some names
 * however they are quoted: longer than 64 characters, ending in a space, holding U+0000 or a
 * character outside the Basic Multilingual Plane (an emoji: MariaDB's error 1300).
 */
export function quoteIdent(name: string): string {
  return `\`${name.replaceAll("`", "``")}\``;
}

/**
 * Quotes a MySQL / MariaDB string literal: in single quotes, an embedded `'` doubled, a backslash
 * doubled and a NUL written `\0`.
 *
 * The choice, for both settings of `NO_BACKSLASH_ESCAPES`: a quote is doubled (`''`), never
 * backslash-escaped (`\'`), because doubling ends the literal in the same place in both modes;
 * every backslash is doubled, so none can escape the closing quote. The literal is therefore one
 * string token, never injectable, in either mode. Its value is exact in the default mode
 * (backslash escapes on, MySQL's and MariaDB's default, and what the SQL tokenizer reads —
 * `mysqlSql`); with `NO_BACKSLASH_ESCAPES` on, each backslash would read as two and a NUL as `\0`,
 * so pormg's sessions keep that mode off. The connection's character set is `utf8mb4`, where a
 * backslash byte is never part of another character (unlike GBK or SJIS).
 */
export function quoteLiteral(value: string): string {
  return `'${value.replace(/[\\'\0]/g, (c) => (c === "\0" ? "\\0" : c === "'" ? "''" : "\\\\"))}'`;
}
