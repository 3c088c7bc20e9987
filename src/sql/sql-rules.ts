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
  /** Whether a statement (comment-free tokens, first keyword `verb`) may run inside a transaction block. */
  transactional(code: readonly Token[], verb: string): boolean;
  /**
   * Why a statement the generic rules do not know is destructive (a PostgreSQL `DO` block whose
   * body drops or deletes), or undefined. Called for every statement that is not a DROP, TRUNCATE,
   * destructive ALTER or CREATE.
   */
  destructiveReason(code: readonly Token[], verb: string): string | undefined;
}
