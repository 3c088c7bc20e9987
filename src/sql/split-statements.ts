import type { SqlRules } from "./sql-rules.ts";
import { isKeyword } from "./token-predicates.ts";
import { type Token, tokenize } from "./tokenize.ts";

/** A SqlStatement is one statement of a script: its text (without the closing `;`) and its tokens. */
export interface SqlStatement {
  /** The statement's source text from its first token to its last, comments inside it kept. */
  readonly sql: string;
  /** Offset of the statement's first token in the script. */
  readonly start: number;
  /** Every token of the statement, comments included, the closing `;` excluded. */
  readonly tokens: readonly Token[];
}

/**
 * Splits a script into statements at top-level semicolons: a `;` inside a string, a quoted
 * identifier, a dollar-quoted body or a comment does not split, nor does one inside a compound
 * `… END` body the dialect's rules open (`rules.opensBody`: the `BEGIN` of a SQLite `CREATE
 * TRIGGER`, a PostgreSQL `BEGIN ATOMIC`). Statements holding nothing but comments are left out. Pure.
 */
export function splitStatements(sql: string, rules: SqlRules): SqlStatement[] {
  return statementsOf(sql, tokenize(sql, rules), rules);
}

/**
 * {@link splitStatements} over tokens already read from `source` (`tokenize(source, rules)`, or a
 * run of them that starts and ends at token boundaries): statements' `sql` and `start` are taken
 * from `source`, so a caller that tokenized a larger text splits a part of it without tokenizing
 * it again. Pure.
 */
export function statementsOf(source: string, tokens: readonly Token[], rules: SqlRules): SqlStatement[] {
  const sql = source;
  const statements: SqlStatement[] = [];
  let current: Token[] = [];
  // The statement's tokens without comments, kept as it grows (what `opensBody` reads at each word).
  let code: Token[] = [];
  let depth = 0;
  let body = false;
  const flush = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (code.length > 0 && first && last) {
      statements.push({ sql: sql.slice(first.start, last.end), start: first.start, tokens: current });
    }
    current = [];
    code = [];
    depth = 0;
    body = false;
  };
  for (const token of tokens) {
    if (token.kind === "punctuation" && token.text === ";" && depth === 0) {
      flush();
      continue;
    }
    current.push(token);
    if (token.kind === "word") code.push(token);
    else {
      if (token.kind !== "line_comment" && token.kind !== "block_comment") code.push(token);
      continue;
    }
    if (!body && rules.opensBody(code)) {
      body = true;
      depth = 1;
    } else if (body && rules.bodyDepth !== undefined) depth = Math.max(0, depth + rules.bodyDepth(code));
    else if (body && (isKeyword(token, "BEGIN") || isKeyword(token, "CASE"))) depth++;
    else if (body && isKeyword(token, "END") && depth > 0) depth--;
  }
  flush();
  return statements;
}
