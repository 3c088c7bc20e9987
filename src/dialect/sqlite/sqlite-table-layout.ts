/**
 * A TableLayout is a SQLite `CREATE TABLE` text cut at its structure: the text of each item (column
 * definition or table constraint: the top-level comma-separated parts inside the first
 * parentheses, comments and whitespace included) and the text after the closing `)`.
 */
export interface TableLayout {
  readonly items: readonly string[];
  readonly tail: string;
}

/** The characters `tableLayout` stops at: quotes, `[`, `-`, `/`, parentheses and commas. */
const structural = /['"`[\-/(),]/g;

/**
 * Cuts a SQLite `CREATE TABLE` text into its items without tokenizing it: one pass (a regex finds each
 * character that can matter) that only steps over what can hold a parenthesis or a comma without being one —
 * strings (`'…'`, `X'…'`), quoted identifiers (`"…"`, `` `…` ``, `[…]`) and comments (`-- …`,
 * `/* … *\/`) — and follows the parentheses. A doubled quote inside a quoted run is read as the
 * run closing and another opening, which covers the same characters. Cutting where the SQLite
 * tokens (`tokenize` with `sqliteSql`) put their first `(`, its closing `)` and the commas between
 * outside any inner parentheses, it gives the same items (a unit test compares the two). Undefined
 * when the text has no closed `(…)`.
 */
export function tableLayout(sql: string): TableLayout | undefined {
  const items: string[] = [];
  let depth = 0;
  let start = -1; // where the current item starts; -1 before the first "("
  const next = structural;
  next.lastIndex = 0;
  while (next.test(sql)) {
    const i = next.lastIndex - 1;
    const code = sql.charCodeAt(i);
    if (code === 40) {
      if (start < 0) start = i + 1;
      depth++;
    } else if (code === 41) {
      if (start >= 0 && --depth === 0) {
        items.push(sql.slice(start, i));
        return { items, tail: sql.slice(i + 1) };
      }
    } else if (code === 44) {
      if (depth === 1) {
        items.push(sql.slice(start, i));
        start = i + 1;
      }
    } else next.lastIndex = skipped(sql, i, code);
  }
  return undefined;
}

/**
 * The offset of the first `(` of a SQLite statement that is a token of its own (not inside a
 * string, a quoted identifier or a comment), as `tableLayout` finds it; -1 when there is none.
 */
export function firstParen(sql: string): number {
  const next = structural;
  next.lastIndex = 0;
  while (next.test(sql)) {
    const i = next.lastIndex - 1;
    const code = sql.charCodeAt(i);
    if (code === 40) {
      next.lastIndex = 0;
      return i;
    }
    if (code !== 41 && code !== 44) next.lastIndex = skipped(sql, i, code);
  }
  return -1;
}

/**
 * Where reading goes on after the character `code` at `i` (a quote, `[`, `-` or `/`): past the
 * string, quoted identifier or comment it opens, or just past it when it opens none.
 */
function skipped(sql: string, i: number, code: number): number {
  if (code === 39 || code === 34 || code === 96 || code === 91) {
    const close = sql.indexOf(code === 91 ? "]" : (sql[i] as string), i + 1);
    return close < 0 ? sql.length : close + 1;
  }
  if (code === 45 && sql.charCodeAt(i + 1) === 45) {
    const nl = sql.indexOf("\n", i);
    return nl < 0 ? sql.length : nl;
  }
  if (code === 47 && sql.charCodeAt(i + 1) === 42) {
    const close = sql.indexOf("*/", i + 2);
    return close < 0 ? sql.length : close + 2;
  }
  return i + 1;
}
