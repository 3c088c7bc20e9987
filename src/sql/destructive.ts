import { recreatesGenerated } from "./recreated-column.ts";
import { splitStatements } from "./split-statements.ts";
import type { SqlRules } from "./sql-rules.ts";
import { isComment, isKeyword, isName } from "./token-predicates.ts";
import { type Token, tokenize } from "./tokenize.ts";

const upper = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/**
 * The objects whose `DROP` (without `CASCADE`) removes no stored data (docs/design.md §10 "What destructive
 * means"): an index is rebuilt from its table, a plain view, trigger or routine holds no rows, and a
 * type or domain cannot be dropped while a column still uses it (PostgreSQL refuses without
 * `CASCADE`). Every other `DROP` (TABLE, SCHEMA, DATABASE, MATERIALIZED VIEW, OWNED, EXTENSION,
 * SEQUENCE, FOREIGN TABLE, ROLE …) stays destructive, and so does any `DROP … CASCADE`.
 */
const dataFreeDrops = new Set([
  "INDEX",
  "VIEW",
  "TRIGGER",
  "FUNCTION",
  "PROCEDURE",
  "ROUTINE",
  "AGGREGATE",
  "TYPE",
  "DOMAIN",
]);

/**
 * Why a statement (its comment-free tokens, first keyword `verb`) removes data or changes values
 * silently, or undefined when it does not (docs/design.md §10): `DROP` of an object that holds data or any
 * `DROP … CASCADE`, `TRUNCATE`, an `ALTER … DROP` action that drops a column (property drops,
 * `DROP CONSTRAINT` without `CASCADE` and a generated column re-created in the same ALTER keep every
 * value), `DELETE`/`UPDATE` without `WHERE`, and what the dialect's own rule says
 * (`rules.destructiveReason`, e.g. a PostgreSQL `DO` block whose body does one of these or runs
 * dynamic SQL pormg cannot read). `previous` is the statement before it in the same
 * SQL: `DROP SEQUENCE s` right after `ALTER TABLE t ALTER COLUMN c DROP DEFAULT` is how pormg drops
 * a serial's own sequence when the column stops being serial (`DROP IDENTITY` does the same for an
 * identity), so it keeps every row; the sequence cannot be dropped without `CASCADE` while any other
 * default still reads it.
 */
export function destructiveReason(
  code: readonly Token[],
  verb: string,
  rules: SqlRules,
  previous?: readonly Token[],
): string | undefined {
  if (verb === "DROP") {
    if (previous !== undefined && dropsSerialSequence(code, previous)) return undefined;
    return dropReason(code, 0, code.length);
  }
  if (verb === "TRUNCATE") return leadingWords(code, 0);
  if (verb === "ALTER") {
    const drop = alterDrop(code, 0, code.length, rules);
    if (drop !== undefined) return drop;
  }
  const own = rules.destructiveReason(code, verb);
  if (own !== undefined) return own;
  // A DELETE inside CREATE TRIGGER / RULE / FUNCTION bodies runs later, when fired or called.
  if (verb === "CREATE") return undefined;
  return deleteWithoutWhere(code);
}

/** Whether a top-level `CASCADE` appears among tokens `[from, to)`. */
function hasCascade(code: readonly Token[], from: number, to: number): boolean {
  let depth = 0;
  for (let k = from; k < to; k++) {
    const t = code[k];
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    else if (depth === 0 && isKeyword(t, "CASCADE")) return true;
  }
  return false;
}

/** The reason the `DROP` statement in tokens `[from, to)` is destructive (see `dataFreeDrops`), or undefined. */
function dropReason(code: readonly Token[], from: number, to: number): string | undefined {
  const words = leadingWords(code.slice(from, to), 0);
  if (hasCascade(code, from, to)) return `${words} … CASCADE`;
  const kind = upper(code[from + 1]);
  if (dataFreeDrops.has(kind)) return undefined;
  return words;
}

/** `ALTER TABLE [ONLY] [IF EXISTS] t ALTER [COLUMN] c DROP DEFAULT`, as pormg writes before dropping a serial's sequence. */
function dropsDefault(code: readonly Token[]): boolean {
  const n = code.length;
  return (
    isKeyword(code[0], "ALTER") &&
    isKeyword(code[1], "TABLE") &&
    isKeyword(code[n - 1], "DEFAULT") &&
    isKeyword(code[n - 2], "DROP") &&
    isName(code[n - 3]) &&
    (isKeyword(code[n - 4], "ALTER") || (isKeyword(code[n - 4], "COLUMN") && isKeyword(code[n - 5], "ALTER"))) &&
    !code.some((t) => isPunct(t, ","))
  );
}

/** `DROP SEQUENCE [IF EXISTS] s` (one sequence, no CASCADE) right after the column's `DROP DEFAULT`. */
function dropsSerialSequence(code: readonly Token[], previous: readonly Token[]): boolean {
  if (!isKeyword(code[1], "SEQUENCE") || hasCascade(code, 0, code.length) || !dropsDefault(previous)) return false;
  return !code.some((t) => isPunct(t, ","));
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
export function leadingWords(code: readonly Token[], from: number): string {
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

/** The index of the top-level `,` ending the ALTER action that holds `at` (or `to`). */
function actionEnd(code: readonly Token[], at: number, to: number): number {
  let depth = 0;
  for (let k = at; k < to; k++) {
    const t = code[k];
    if (isPunct(t, "(")) depth++;
    else if (isPunct(t, ")")) depth--;
    else if (depth === 0 && isPunct(t, ",")) return k;
  }
  return to;
}

/**
 * The reason an ALTER statement (tokens `[from, to)`) is destructive: a `DROP` action at its top
 * level that removes values. PostgreSQL `ALTER [COLUMN] c DROP NOT NULL|DEFAULT|IDENTITY|
 * EXPRESSION`, `ALTER DOMAIN d DROP NOT NULL|DEFAULT`, `DROP CONSTRAINT c` without `CASCADE` (a
 * constraint holds no values), a column re-created as generated and what the dialect's
 * `alterDropKeepsValues` says (MySQL's `DROP INDEX`) keep every value.
 */
function alterDrop(code: readonly Token[], from: number, to: number, rules: SqlRules): string | undefined {
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
    if (rules.alterDropKeepsValues?.(code, k) === true) continue;
    const end = actionEnd(code, k, to);
    const action = leadingWords(code.slice(k, to), 0);
    if (next === "CONSTRAINT") {
      if (!hasCascade(code, k, end)) continue;
      return `${leadingWords(code.slice(from, to), 0)} … ${action} … CASCADE`;
    }
    if (recreatesGenerated(code, k, to)) continue;
    return `${leadingWords(code.slice(from, to), 0)} … ${action}`;
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
 * The reason a procedural block's body (a PostgreSQL `DO` block's text) is destructive, read as SQL
 * tokenized by `rules` with the same rules as a statement: a destructive DROP or ALTER … DROP,
 * TRUNCATE, DELETE/UPDATE without WHERE, or dynamic SQL pormg cannot read. `EXECUTE 'constant SQL'`
 * is read as that SQL; `EXECUTE` of anything built at run time (`format(…)`, `||`, a variable)
 * cannot be classified and is destructive. A dialect's `destructiveReason` rule calls it.
 */
export function blockBodyReason(body: string, rules: SqlRules): string | undefined {
  const tokens = tokenize(body, rules).filter((t) => !isComment(t));
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k];
    if (isKeyword(t, "EXECUTE")) {
      const reason = executeReason(tokens, k, rules);
      if (reason !== undefined) return reason;
      continue;
    }
    if (isKeyword(t, "TRUNCATE")) return `DO block runs ${leadingWords(tokens, k)}`;
    if (isKeyword(t, "DROP")) {
      const start = statementStart(tokens, k);
      const end = statementEnd(tokens, k);
      const reason = isKeyword(tokens[start], "ALTER")
        ? alterDrop(tokens, start, end, rules)
        : start === k
          ? dropReason(tokens, k, end)
          : undefined;
      if (reason !== undefined) return `DO block runs ${reason}`;
      k = end;
    }
  }
  const deletion = deleteWithoutWhere(tokens);
  return deletion === undefined ? undefined : `DO block runs ${deletion}`;
}

/** The reason `EXECUTE` at `k` in a PL/pgSQL body is destructive: its constant SQL is, or it is not constant. */
function executeReason(tokens: readonly Token[], k: number, rules: SqlRules): string | undefined {
  const literal = tokens[k + 1];
  const after = tokens[k + 2];
  const constant =
    literal?.kind === "string" &&
    (after === undefined || isPunct(after, ";") || isKeyword(after, "USING") || isKeyword(after, "INTO"));
  if (!constant) return "DO block runs dynamic SQL (EXECUTE), which pormg cannot check";
  for (const statement of splitStatements(literal.value, rules)) {
    const code = statement.tokens.filter((t) => !isComment(t));
    const reason = destructiveReason(code, upper(code[0]), rules);
    if (reason !== undefined) return `DO block runs ${reason}`;
  }
  return undefined;
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
