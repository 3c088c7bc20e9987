/**
 * A TableLayout is a SQLite `CREATE TABLE` text cut at its structure: the text of each item (column
 * definition or table constraint: the top-level comma-separated parts inside the first
 * parentheses, comments and whitespace included) and the text after the closing `)`.
 */
export interface TableLayout {
  readonly items: readonly string[];
  readonly tail: string;
}

/**
 * Cuts a SQLite `CREATE TABLE` text into its items without tokenizing it: one pass over the
 * characters that only steps over what can hold a parenthesis or a comma without being one —
 * strings (`'…'`, `X'…'`), quoted identifiers (`"…"`, `` `…` ``, `[…]`) and comments (`-- …`,
 * `/* … *\/`) — and follows the parentheses. A doubled quote inside a quoted run is read as the
 * run closing and another opening, which covers the same characters. Cutting where the SQLite
 * tokens (`tokenize` with `sqliteSql`) put their first `(`, its closing `)` and the commas between
 * outside any inner parentheses, it gives the same items (a unit test compares the two). Undefined
 * when the text has no closed `(…)`.
 */
export function tableLayout(sql: string): TableLayout | undefined {
  const n = sql.length;
  const items: string[] = [];
  let depth = 0;
  let start = -1; // where the current item starts; -1 before the first "("
  let i = 0;
  while (i < n) {
    const code = sql.charCodeAt(i);
    if (code === 39 || code === 34 || code === 96 || code === 91) {
      const close = sql.indexOf(code === 91 ? "]" : (sql[i] as string), i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (code === 45 && sql.charCodeAt(i + 1) === 45) {
      const nl = sql.indexOf("\n", i);
      i = nl < 0 ? n : nl;
      continue;
    }
    if (code === 47 && sql.charCodeAt(i + 1) === 42) {
      const close = sql.indexOf("*/", i + 2);
      i = close < 0 ? n : close + 2;
      continue;
    }
    if (code === 40) {
      if (start < 0) start = i + 1;
      depth++;
    } else if (start >= 0 && code === 41) {
      depth--;
      if (depth === 0) {
        items.push(sql.slice(start, i));
        return { items, tail: sql.slice(i + 1) };
      }
    } else if (depth === 1 && code === 44) {
      items.push(sql.slice(start, i));
      start = i + 1;
    }
    i++;
  }
  return undefined;
}
