import type { Dialect } from "../driver/driver.ts";
import { recreatesGenerated } from "./recreated-column.ts";
import { splitStatements } from "./split-statements.ts";
import { isComment, isKeyword, isName, type Token, tokenize } from "./tokenize.ts";

/** A ClassifiedStatement is one statement of hand-written SQL with what pormg must know before running it. */
export interface ClassifiedStatement {
  /** The statement's text, without its closing `;`. */
  readonly sql: string;
  /** Offset of the statement's first token in the classified text. */
  readonly start: number;
  /** The statement's first keyword, uppercased (`DROP`, `ALTER`, `WITH` …); empty when it starts otherwise. */
  readonly verb: string;
  /** Drops something or deletes rows wholesale (design §7, reference §4.8). */
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
 * identifier or a comment does not count. Destructive: every `DROP …` statement, `TRUNCATE`,
 * `ALTER … DROP` actions (`DROP COLUMN`, `DROP CONSTRAINT` …) except property drops
 * (`ALTER COLUMN c DROP NOT NULL|DEFAULT|IDENTITY|EXPRESSION`) and a column re-created as a generated
 * column in the same ALTER TABLE (`recreatesGenerated`), `DELETE FROM` and `UPDATE` without a `WHERE` at
 * its own level (data-modifying CTEs and `EXPLAIN` included), and PostgreSQL `DO` blocks whose body
 * drops, truncates, deletes without `WHERE` or runs dynamic SQL (`EXECUTE`). `CREATE TRIGGER`,
 * `CREATE RULE` and `CREATE FUNCTION` bodies run later, not now, so they do not count. Pure.
 */
export function classifySql(sql: string, dialect: Dialect): SqlClassification {
  return {
    statements: splitStatements(sql, dialect).map((statement) => ({
      sql: statement.sql,
      start: statement.start,
      ...classifyCode(
        statement.tokens.filter((t) => !isComment(t)),
        dialect,
      ),
    })),
  };
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
export function summarizeSql(sql: string, dialect: Dialect): SqlSummary {
  const { statements } = classifySql(sql, dialect);
  return {
    destructive: statements.some((s) => s.destructive),
    transactional: statements.every((s) => s.transactional),
    reasons: statements.flatMap((s) => (s.reason === undefined ? [] : [s.reason])),
  };
}

type Classification = Omit<ClassifiedStatement, "sql" | "start">;

const upper = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

function classifyCode(code: readonly Token[], dialect: Dialect): Classification {
  const explained = stripExplain(code);
  if (explained !== code) return { ...classifyCode(explained, dialect), verb: "EXPLAIN" };
  const verb = upper(code[0]);
  const destruction = destructiveReason(code, verb, dialect);
  return {
    verb,
    destructive: destruction !== undefined,
    ...(destruction !== undefined && { reason: destruction }),
    transactional: isTransactional(code, verb, dialect),
    transactionControl: isTransactionControl(code, verb),
  };
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

function destructiveReason(code: readonly Token[], verb: string, dialect: Dialect): string | undefined {
  if (verb === "DROP") return leadingWords(code, 0);
  if (verb === "TRUNCATE") return leadingWords(code, 0);
  if (verb === "ALTER") {
    const drop = alterDrop(code, 0, code.length);
    if (drop !== undefined) return drop;
  }
  if (verb === "DO" && dialect === "postgresql") return doBlockReason(code);
  // A DELETE inside CREATE TRIGGER / RULE / FUNCTION bodies runs later, when fired or called.
  if (verb === "CREATE") return undefined;
  return deleteWithoutWhere(code);
}

/** Words that introduce or qualify the object a DROP, TRUNCATE, ALTER or DELETE acts on (not its name). */
const objectWords = new Set(
  (
    "ACCESS AGGREGATE ALTER BY CAST CLASS COLLATION COLUMN CONCURRENTLY CONFIGURATION CONSTRAINT CONVERSION DATA " +
    "DATABASE DELETE DICTIONARY DOMAIN DROP EVENT EXISTS EXTENSION FAMILY FOREIGN FROM FUNCTION GROUP IF INDEX " +
    "LANGUAGE MAPPING MATERIALIZED METHOD ONLY OPERATOR OWNED PARSER POLICY PROCEDURE PUBLICATION ROLE ROUTINE RULE " +
    "SCHEMA SEARCH SEQUENCE SERVER STATISTICS SUBSCRIPTION TABLE TABLESPACE TEMPLATE TEXT TRANSFORM TRIGGER TRUNCATE " +
    "TYPE USER VIEW WRAPPER"
  ).split(" "),
);

/** The words of a statement from `from` up to and including the first name, e.g. `DROP TABLE IF EXISTS "t"`. */
function leadingWords(code: readonly Token[], from: number): string {
  const words: string[] = [];
  for (let k = from; k < code.length && words.length < 8; k++) {
    const t = code[k] as Token;
    words.push(t.text);
    if (k > from && isName(t) && !(t.kind === "word" && objectWords.has(upper(t)))) {
      while (isPunct(code[k + 1], ".") && isName(code[k + 2])) {
        words[words.length - 1] += `.${(code[k + 2] as Token).text}`;
        k += 2;
      }
      break;
    }
  }
  return words.join(" ");
}

/**
 * The reason an ALTER statement (tokens `[from, to)`) is destructive: a `DROP` action at its top
 * level that is not a property drop. PostgreSQL `ALTER [COLUMN] c DROP NOT NULL|DEFAULT|IDENTITY|
 * EXPRESSION` and `ALTER DOMAIN d DROP NOT NULL|DEFAULT` keep every value.
 */
function alterDrop(code: readonly Token[], from: number, to: number): string | undefined {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = code[k] as Token;
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    if (depth !== 0 || !isKeyword(t, "DROP")) continue;
    const next = upper(code[k + 1]);
    const property = next === "DEFAULT" || next === "IDENTITY" || next === "EXPRESSION";
    const notNull = next === "NOT" && isKeyword(code[k + 2], "NULL");
    if (property || notNull) {
      const onColumn =
        isName(code[k - 1]) &&
        (isKeyword(code[k - 2], "ALTER") || (isKeyword(code[k - 2], "COLUMN") && isKeyword(code[k - 3], "ALTER")));
      const onDomain = isKeyword(code[from + 1], "DOMAIN") && (notNull || next === "DEFAULT");
      if (onColumn || onDomain) continue;
    }
    if (recreatesGenerated(code, k, to)) continue;
    return `${leadingWords(code.slice(from, to), 0)} … ${leadingWords(code.slice(k, to), 0)}`;
  }
  return undefined;
}

/**
 * The reason a `DELETE FROM` or `UPDATE … SET` in the statement is destructive: it has no `WHERE`
 * at its own level, so it deletes or overwrites every row. It may be the statement itself, follow
 * a `WITH`, or sit in a data-modifying CTE; its scope ends at the `)` closing its CTE, a `;` or the end.
 */
function deleteWithoutWhere(code: readonly Token[]): string | undefined {
  for (let k = 0; k < code.length; k++) {
    const deletes = isKeyword(code[k], "DELETE") && isKeyword(code[k + 1], "FROM");
    // A statement-level UPDATE (first, or opening a CTE or subquery) — not ON UPDATE, FOR UPDATE,
    // DO UPDATE (an upsert touches only the conflicting rows) or a trigger's BEFORE UPDATE.
    const previous = code[k - 1];
    const updates =
      isKeyword(code[k], "UPDATE") && (previous === undefined || isPunct(previous, "(") || isPunct(previous, ")"));
    if (!deletes && !updates) continue;
    let depth = 0;
    let hasWhere = false;
    for (let j = k + (deletes ? 2 : 1); j < code.length; j++) {
      const t = code[j] as Token;
      if (isPunct(t, "(")) depth++;
      else if (isPunct(t, ")") && depth-- === 0) break;
      else if (depth === 0 && isPunct(t, ";")) break;
      else if (depth === 0 && isKeyword(t, "WHERE")) {
        hasWhere = true;
        break;
      }
    }
    if (!hasWhere) return `${leadingWords(code.slice(k), 0)} without WHERE`;
  }
  return undefined;
}

/**
 * The reason a PostgreSQL `DO` block is destructive, read from its body tokenized as SQL: a DROP
 * that is not a property drop, TRUNCATE, DELETE without WHERE, or EXECUTE (dynamic SQL cannot be checked).
 */
function doBlockReason(code: readonly Token[]): string | undefined {
  const body = code.find((t) => t.kind === "string");
  if (!body) return undefined;
  const tokens = tokenize(body.value, "postgresql").filter((t) => !isComment(t));
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isKeyword(t, "EXECUTE")) return "DO block runs dynamic SQL (EXECUTE), which pormg cannot check";
    if (isKeyword(t, "TRUNCATE")) return `DO block runs ${leadingWords(tokens, k)}`;
    if (isKeyword(t, "DROP")) {
      const start = statementStart(tokens, k);
      if (isKeyword(tokens[start], "ALTER")) {
        const end = statementEnd(tokens, k);
        const reason = alterDrop(tokens, start, end);
        if (reason !== undefined) return `DO block runs ${reason}`;
        k = end;
        continue;
      }
      return `DO block runs ${leadingWords(tokens, k)}`;
    }
  }
  const deletion = deleteWithoutWhere(tokens);
  return deletion === undefined ? undefined : `DO block runs ${deletion}`;
}

/** Within a PL/pgSQL body: the index just after the `;` (or block keyword) before `at`. */
function statementStart(tokens: readonly Token[], at: number): number {
  for (let k = at - 1; k >= 0; k--) {
    const t = tokens[k];
    if (isPunct(t, ";") || ["BEGIN", "THEN", "ELSE", "LOOP"].includes(upper(t))) return k + 1;
  }
  return 0;
}

/** Within a PL/pgSQL body: the index of the `;` ending the statement holding `at`, or the end. */
function statementEnd(tokens: readonly Token[], at: number): number {
  for (let k = at; k < tokens.length; k++) if (isPunct(tokens[k], ";")) return k;
  return tokens.length;
}

/** Whether a top-level keyword `word` appears among the statement's top-level tokens. */
function hasTopLevelKeyword(code: readonly Token[], word: string): boolean {
  let depth = 0;
  for (const t of code) {
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    else if (depth === 0 && isKeyword(t, word)) return true;
  }
  return false;
}

/**
 * Whether the statement may run inside a transaction block. PostgreSQL refuses `CREATE|DROP INDEX
 * CONCURRENTLY`, `REINDEX … CONCURRENTLY`, `REINDEX DATABASE|SYSTEM`, `DETACH PARTITION …
 * CONCURRENTLY`, `VACUUM`, `CREATE|DROP DATABASE`, `ALTER DATABASE … SET TABLESPACE`, `ALTER SYSTEM`,
 * `CREATE|DROP TABLESPACE`, `CREATE|DROP SUBSCRIPTION`, `CLUSTER` without a table and `DISCARD ALL`
 * there; SQLite refuses `VACUUM`, `ATTACH` and `DETACH`.
 * https://www.postgresql.org/docs/current/sql-createindex.html#SQL-CREATEINDEX-CONCURRENTLY
 */
function isTransactional(code: readonly Token[], verb: string, dialect: Dialect): boolean {
  const second = upper(code[1]);
  if (dialect === "sqlite") return !["VACUUM", "ATTACH", "DETACH"].includes(verb);
  if (verb === "VACUUM" || (verb === "ALTER" && second === "SYSTEM")) return false;
  if (verb === "DISCARD" && second === "ALL") return false;
  if (verb === "CLUSTER" && (code.length === 1 || (code.length === 2 && second === "VERBOSE"))) return false;
  if ((verb === "CREATE" || verb === "DROP") && ["DATABASE", "TABLESPACE", "SUBSCRIPTION"].includes(second)) {
    return false;
  }
  if (verb === "ALTER" && second === "DATABASE" && hasTopLevelKeyword(code, "TABLESPACE")) return false;
  if (verb === "REINDEX" && code.slice(1, 4).some((t) => ["DATABASE", "SYSTEM"].includes(upper(t)))) return false;
  const indexLike = (verb === "CREATE" || verb === "DROP") && code.slice(1, 3).some((t) => isKeyword(t, "INDEX"));
  const detach = verb === "ALTER" && hasTopLevelKeyword(code, "DETACH");
  if ((indexLike || detach || verb === "REINDEX") && hasTopLevelKeyword(code, "CONCURRENTLY")) return false;
  return true;
}

/** Whether the statement opens, commits or rolls back a transaction (savepoints are allowed). */
function isTransactionControl(code: readonly Token[], verb: string): boolean {
  if (["BEGIN", "COMMIT", "END", "ABORT"].includes(verb)) return true;
  if (verb === "START" && isKeyword(code[1], "TRANSACTION")) return true;
  if (verb === "PREPARE" && isKeyword(code[1], "TRANSACTION")) return true;
  if (verb === "ROLLBACK") return !code.slice(1).some((t) => isKeyword(t, "TO"));
  return false;
}
