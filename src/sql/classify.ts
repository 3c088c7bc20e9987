import { destructiveReason } from "./destructive.ts";
import { type SqlStatement, splitStatements } from "./split-statements.ts";
import type { SqlRules } from "./sql-rules.ts";
import { isComment, isKeyword } from "./token-predicates.ts";
import type { Token } from "./tokenize.ts";

/** A ClassifiedStatement is one statement of hand-written SQL with what pormg must know before running it. */
export interface ClassifiedStatement {
  /** The statement's text, without its closing `;`. */
  readonly sql: string;
  /** Offset of the statement's first token in the classified text. */
  readonly start: number;
  /** The statement's first keyword, uppercased (`DROP`, `ALTER`, `WITH` …); empty when it starts otherwise. */
  readonly verb: string;
  /** Drops something or deletes rows wholesale (docs/design.md §7). */
  readonly destructive: boolean;
  /** Why it is destructive, e.g. `DROP TABLE "users"`; set only when `destructive`. */
  readonly reason?: string;
  /** False when the statement cannot run inside a transaction block (`CREATE INDEX CONCURRENTLY`, `VACUUM` …). */
  readonly transactional: boolean;
  /** True for statements that open or end transactions (`BEGIN`, `COMMIT`, `ROLLBACK` …), which a plan step must not hold. */
  readonly transactionControl: boolean;
}

/** A SqlClassification is the statements of a piece of SQL, each classified. */
export interface SqlClassification {
  readonly statements: readonly ClassifiedStatement[];
}

/**
 * Classifies hand-written SQL statement by statement with the SQL tokenizer, never with a regex
 * over text, so a keyword inside a string literal, an escape string, a dollar-quoted body, a quoted
 * identifier or a comment does not count. Destructive (docs/design.md §10, `destructiveReason`): a DROP of
 * an object that holds data (TABLE, SCHEMA, DATABASE, MATERIALIZED VIEW, OWNED, EXTENSION, SEQUENCE
 * …) and any `CASCADE`, `TRUNCATE`, `ALTER … DROP COLUMN`, `DELETE FROM` and `UPDATE` without a
 * `WHERE` at its own level (data-modifying CTEs and `EXPLAIN` included), and PostgreSQL `DO` blocks
 * whose body does one of these or runs dynamic SQL pormg cannot read. Not destructive: DROP INDEX,
 * DROP CONSTRAINT, DROP of a view, trigger, routine, type or domain without CASCADE, property drops
 * (`ALTER COLUMN c DROP NOT NULL|DEFAULT|IDENTITY|EXPRESSION`), a column re-created as a generated
 * column in the same ALTER TABLE, and a serial's sequence dropped right after its column's default.
 * `CREATE RULE` and `CREATE FUNCTION` bodies run later, not now, so they do not count. Pure.
 */
export function classifySql(sql: string, rules: SqlRules): SqlClassification {
  return { statements: classifyStatements(splitStatements(sql, rules), rules) };
}

/**
 * {@link classifySql} over statements already split (`splitStatements`, `statementsOf`), each
 * statement's `start` less `origin` (where the classified text starts in the statements' source).
 * Pure.
 */
export function classifyStatements(
  statements: readonly SqlStatement[],
  rules: SqlRules,
  origin = 0,
): ClassifiedStatement[] {
  const out: ClassifiedStatement[] = [];
  let previous: readonly Token[] | undefined;
  for (const statement of statements) {
    const code = statement.tokens.filter((t) => !isComment(t));
    out.push(classifiedStatement(statement.sql, statement.start - origin, code, rules, previous));
    previous = code;
  }
  return out;
}

/** A SqlSummary is what a whole piece of SQL (a plan step) needs: any statement destructive, every one transactional. */
export interface SqlSummary {
  readonly destructive: boolean;
  readonly transactional: boolean;
  /** The reasons of the destructive statements, in order. */
  readonly reasons: readonly string[];
}

/**
 * Summarizes `classifySql` for a whole step: destructive when any statement is, transactional only
 * when every statement is. Planners can OR a generated step's flags with this, so the flags they write
 * agree with what `readPlan` recomputes.
 */
export function summarizeSql(sql: string, rules: SqlRules): SqlSummary {
  const { statements } = classifySql(sql, rules);
  return {
    destructive: statements.some((s) => s.destructive),
    transactional: statements.every((s) => s.transactional),
    reasons: statements.flatMap((s) => (s.reason === undefined ? [] : [s.reason])),
  };
}

const upper = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/** One statement's classification, built as one object (its fields in the order of `ClassifiedStatement`). */
function classifiedStatement(
  sql: string,
  start: number,
  code: readonly Token[],
  rules: SqlRules,
  previous?: readonly Token[],
): ClassifiedStatement {
  // `EXPLAIN … stmt` is classified as `stmt` (without the statement before it), its verb `EXPLAIN`.
  let classified = code;
  for (let stripped = stripExplain(code); stripped !== classified; stripped = stripExplain(stripped))
    classified = stripped;
  const explain = classified !== code;
  const verb = upper(classified[0]);
  const destruction = destructiveReason(classified, verb, rules, explain ? undefined : previous);
  const transactional = rules.transactional(classified, verb);
  const transactionControl = isTransactionControl(classified, verb);
  const shownVerb = explain ? "EXPLAIN" : verb;
  return destruction === undefined
    ? { sql, start, verb: shownVerb, destructive: false, transactional, transactionControl }
    : { sql, start, verb: shownVerb, destructive: true, reason: destruction, transactional, transactionControl };
}

/** `EXPLAIN [ANALYZE] [VERBOSE] [(options)] stmt` (PostgreSQL, which runs it with ANALYZE) or `EXPLAIN [QUERY PLAN] stmt`. */
function stripExplain(code: readonly Token[]): readonly Token[] {
  if (!isKeyword(code[0], "EXPLAIN")) return code;
  let k = 1;
  if (isPunct(code[k], "(")) {
    let depth = 0;
    for (; k < code.length; k++) {
      if (isPunct(code[k], "(")) depth++;
      if (isPunct(code[k], ")") && --depth === 0) break;
    }
    k++;
  }
  while (["ANALYZE", "ANALYSE", "VERBOSE", "QUERY", "PLAN"].includes(upper(code[k]))) k++;
  return code.slice(k);
}

/**
 * Whether the statement opens, commits or rolls back a transaction (savepoints are allowed).
 * MariaDB's `BEGIN NOT ATOMIC … END` is an anonymous compound statement, not a transaction's start.
 */
function isTransactionControl(code: readonly Token[], verb: string): boolean {
  if (verb === "BEGIN" && isKeyword(code[1], "NOT") && isKeyword(code[2], "ATOMIC")) return false;
  if (["BEGIN", "COMMIT", "END", "ABORT"].includes(verb)) return true;
  if (verb === "START" && isKeyword(code[1], "TRANSACTION")) return true;
  if (verb === "PREPARE" && isKeyword(code[1], "TRANSACTION")) return true;
  if (verb === "ROLLBACK") return !code.slice(1).some((t) => isKeyword(t, "TO"));
  return false;
}
