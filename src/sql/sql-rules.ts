import type { Token, TokenRules } from "./tokenize.ts";

/**
 * SqlRules are what the SQL layer needs to know about a dialect to read its scripts: how its lexer
 * tokenizes, which statements open a compound body whose semicolons do not end them, which
 * statements cannot run in a transaction block, and any destructive statements only it has. Each
 * dialect implements them (`src/dialect/<d>/<d>-sql.ts`) as its `sql` part; tokenize,
 * splitStatements, classifySql and destructiveReason take them instead of a dialect name.
 */
export interface SqlRules {
  /** How the dialect's lexer reads text. */
  readonly tokens: TokenRules;
  /**
   * Whether `code` (a statement so far, comments left out) has just opened a compound body, such as
   * a `CREATE TRIGGER … BEGIN` or a `BEGIN ATOMIC`, whose `;` do not end the statement.
   */
  opensBody(code: readonly Token[]): boolean;
  /**
   * How the last word of `code` (a statement so far inside a compound body, comments left out)
   * changes the body's nesting: +1 where it opens a block, -1 where it closes one, 0 otherwise.
   * Absent: `BEGIN` and `CASE` open and `END` closes (PostgreSQL, SQLite). MySQL's bodies also nest
   * `IF`, `LOOP`, `WHILE`, `REPEAT` and `FOR`, closed by `END IF` … (its `-sql.ts` says how).
   */
  bodyDepth?(code: readonly Token[]): number;
  /** Whether a statement (comment-free tokens, first keyword `verb`) may run inside a transaction block. */
  transactional(code: readonly Token[], verb: string): boolean;
  /**
   * Why a statement the generic rules do not know is destructive (a PostgreSQL `DO` block whose
   * body drops or deletes), or undefined. Called for every statement that is not a DROP, TRUNCATE,
   * destructive ALTER or CREATE.
   */
  destructiveReason(code: readonly Token[], verb: string): string | undefined;
  /**
   * Whether the `DROP` at `at` in an ALTER statement (comment-free tokens) is an action that keeps
   * every value, beyond the generic ones (a column's property, a constraint without CASCADE): MySQL's
   * `DROP INDEX i`, `DROP KEY k`, `DROP PRIMARY KEY`, `DROP FOREIGN KEY f`, `DROP CHECK c`. Absent: none.
   */
  alterDropKeepsValues?(code: readonly Token[], at: number): boolean;
}
