import { destructiveReason, leadingWords } from "../../sql/destructive.ts";
import type { SqlRules } from "../../sql/sql-rules.ts";
import { isKeyword, isName } from "../../sql/token-predicates.ts";
import { hasTopLevelKeyword } from "../../sql/token-ranges.ts";
import type { Token } from "../../sql/tokenize.ts";

const upper = (t: Token | undefined) => (t?.kind === "word" ? t.text.toUpperCase() : "");
const isPunct = (t: Token | undefined, text: string) => t?.kind === "punctuation" && t.text === text;

/** The stored programs whose body is a compound statement (`BEGIN … END`) with `;` inside. */
const programs = new Set(["TRIGGER", "PROCEDURE", "FUNCTION", "EVENT"]);

/** The index just past `DEFINER = user` at `k` (`'u'@'h'`, `u@h`, `CURRENT_USER[()]`), or `k` when there is none. */
function afterDefiner(code: readonly Token[], k: number): number {
  if (!isKeyword(code[k], "DEFINER") || !(code[k + 1]?.kind === "operator" && code[k + 1]?.text === "=")) return k;
  let j = k + 2;
  if (isKeyword(code[j], "CURRENT_USER")) return isPunct(code[j + 1], "(") && isPunct(code[j + 2], ")") ? j + 3 : j + 1;
  j++;
  // `'u'@'h'` and `u@h`: the host follows an `@` operator.
  return code[j]?.kind === "operator" && code[j]?.text === "@" ? j + 2 : j;
}

/** Whether a `CREATE` / `ALTER` statement defines a stored program (`CREATE [OR REPLACE] [DEFINER = u] [AGGREGATE] TRIGGER|PROCEDURE|FUNCTION|EVENT`). */
function definesProgram(code: readonly Token[]): boolean {
  if (!isKeyword(code[0], "CREATE") && !isKeyword(code[0], "ALTER")) return false;
  let k = 1;
  if (isKeyword(code[k], "OR") && isKeyword(code[k + 1], "REPLACE")) k += 2;
  k = afterDefiner(code, k);
  if (isKeyword(code[k], "AGGREGATE")) k++;
  return programs.has(upper(code[k]));
}

/**
 * Words that open a block of a stored program's body (closed by `END IF`, `END LOOP` …) when they
 * start a statement: MariaDB's `FOR … DO … END FOR` too, but not `HANDLER FOR`, `CURSOR FOR`, `FOR UPDATE`.
 */
const blockStatements = new Set(["IF", "LOOP", "WHILE", "REPEAT", "FOR"]);
/**
 * What comes just before a statement inside a body: a `;`, a label's `:`, or these words
 * (`ATOMIC`: the first statement of MariaDB's `BEGIN NOT ATOMIC`).
 */
const statementStarts = new Set(["BEGIN", "THEN", "ELSE", "DO", "LOOP", "REPEAT", "ATOMIC"]);

function startsStatement(previous: Token | undefined): boolean {
  if (previous === undefined || isPunct(previous, ";")) return true;
  if (previous.kind === "operator" && previous.text === ":") return true;
  return statementStarts.has(upper(previous));
}

const isOrder = (t: Token | undefined) => isKeyword(t, "FOLLOWS") || isKeyword(t, "PRECEDES");

/** Whether `code[k]` ends a trigger's or event's header: `FOR EACH ROW`, `FOR EACH ROW FOLLOWS|PRECEDES other`, or `DO`. */
function afterProgramHeader(code: readonly Token[], k: number): boolean {
  if (isKeyword(code[k], "ROW") || isKeyword(code[k], "DO")) return true;
  let j = k;
  while (j > 0 && !isOrder(code[j]) && (isName(code[j]) || isPunct(code[j], "."))) j--;
  return j < k && isOrder(code[j]) && isKeyword(code[j - 1], "ROW");
}

/**
 * Whether `code` has just opened a compound body: the `BEGIN` of a stored program (`CREATE
 * PROCEDURE p() BEGIN`, a labelled `l: BEGIN` too), a trigger or event body that is an `IF`,
 * `CASE`, `LOOP`, `WHILE`, `REPEAT` or `FOR` statement (`FOR EACH ROW [FOLLOWS t] IF …`, `DO IF …`),
 * or MariaDB's anonymous `BEGIN NOT ATOMIC`. (A procedure whose body is such a statement without a
 * `BEGIN` is not recognised: wrap it in `BEGIN … END`.)
 */
function opensBody(code: readonly Token[]): boolean {
  const n = code.length;
  const last = code[n - 1];
  if (n === 3 && isKeyword(last, "ATOMIC") && isKeyword(code[1], "NOT") && isKeyword(code[0], "BEGIN")) return true;
  if (isKeyword(last, "BEGIN")) return definesProgram(code);
  const word = upper(last);
  if (word !== "CASE" && !blockStatements.has(word)) return false;
  return afterProgramHeader(code, n - 2) && definesProgram(code);
}

/**
 * The nesting change of the last word of a body so far: `END` closes (also `END IF`, `END CASE`,
 * `END LOOP` …, whose second word then counts nothing); `BEGIN` and `CASE` (statement or
 * expression, both closed by an `END`) open; `IF`, `LOOP`, `WHILE`, `REPEAT` and `FOR` open where
 * they start a statement — not the `IF(…)` and `REPEAT(…)` functions, `IF [NOT] EXISTS` nor `HANDLER FOR`.
 */
function bodyDepth(code: readonly Token[]): number {
  const word = upper(code[code.length - 1]);
  const previous = code[code.length - 2];
  if (word === "END") return -1;
  if (isKeyword(previous, "END")) return 0;
  if (word === "BEGIN" || word === "CASE") return 1;
  return blockStatements.has(word) && startsStatement(previous) ? 1 : 0;
}

/**
 * Whether a statement may run inside a transaction. Every MySQL DDL statement commits the open
 * transaction first (an implicit commit, which the dialect's `transactionalDdl: false` stands for),
 * but runs; these refuse or end it instead: `XA …` (error 1400 inside one), `LOCK TABLE(S)` and
 * `UNLOCK TABLES` (which commit it), `SET autocommit`, and `SET TRANSACTION …` without a scope,
 * which refuses to change the transaction under way (error 1568; `SET SESSION TRANSACTION`, for
 * the next ones, runs).
 */
function transactional(code: readonly Token[], verb: string): boolean {
  if (verb === "XA" || verb === "LOCK" || verb === "UNLOCK") return false;
  if (verb !== "SET") return true;
  if (code.some((t) => isKeyword(t, "AUTOCOMMIT"))) return false;
  return !isKeyword(code[1], "TRANSACTION");
}

/** The words after an ALTER's `DROP` that drop an index or a constraint, never a column (all are reserved words). */
const keptDrops = new Set(["INDEX", "KEY", "PRIMARY", "FOREIGN", "CHECK"]);

/**
 * Why a statement only MySQL or MariaDB has is destructive: `CREATE OR REPLACE TABLE` (MariaDB
 * drops the table there first), `ALTER TABLE … TRUNCATE PARTITION`, `DISCARD TABLESPACE` and
 * `ENGINE = BLACKHOLE` (the rows go), a `DELETE` that names its tables before `FROM` (`DELETE t1
 * FROM t1 JOIN t2 …`, `DELETE LOW_PRIORITY FROM t`) without a `WHERE`, and MariaDB's `ANALYZE`
 * of a statement, which runs it.
 */
function mysqlDestructiveReason(code: readonly Token[], verb: string): string | undefined {
  if (verb === "CREATE" && isKeyword(code[1], "OR") && isKeyword(code[2], "REPLACE")) {
    let k = 3;
    if (isKeyword(code[k], "TEMPORARY")) k++;
    if (isKeyword(code[k], "TABLE"))
      return `CREATE OR REPLACE ${leadingWords(code, 3)} (replaces the table and its rows)`;
  }
  if (verb === "ALTER" && isKeyword(code[1], "TABLE")) {
    const what = leadingWords(code, 0);
    if (hasTopLevelKeyword(code, "TRUNCATE")) return `${what} … TRUNCATE PARTITION`;
    if (hasTopLevelKeyword(code, "DISCARD")) return `${what} … DISCARD TABLESPACE`;
    const engine = code.findIndex((t) => isKeyword(t, "ENGINE"));
    const value = code[engine + 1]?.text === "=" ? code[engine + 2] : code[engine + 1];
    if (engine >= 0 && value !== undefined && value.value.toUpperCase() === "BLACKHOLE")
      return `${what} … ENGINE = BLACKHOLE`;
  }
  if (verb === "DELETE" && !isKeyword(code[1], "FROM") && !hasTopLevelKeyword(code, "WHERE"))
    return `${leadingWords(code, 0)} without WHERE`;
  if (verb === "ANALYZE" && !isKeyword(code[1], "TABLE") && !isKeyword(code[1], "NO_WRITE_TO_BINLOG")) {
    let k = 1;
    if (isKeyword(code[k], "FORMAT")) k += code[k + 1]?.text === "=" ? 3 : 2;
    const inner = code.slice(k);
    const reason = destructiveReason(inner, upper(inner[0]), mysqlSql);
    return reason === undefined ? undefined : `ANALYZE runs ${reason}`;
  }
  return undefined;
}

/**
 * MySQL's and MariaDB's SQL rules, as their lexer reads text in the default `sql_mode` (neither
 * `ANSI_QUOTES` nor `NO_BACKSLASH_ESCAPES`, which `lexerModeConflicts` finds in a session): flat block
 * comments, `` `x` `` identifiers, `'…'` and `"…"` strings with backslash escapes (a `"…"` is a
 * string, not a name, without `ANSI_QUOTES`), `#` line comments and `-- ` only before a space or
 * control character, executable comments (`/*!50100 …*\/`, `/*M!…*\/`) whose contents are read as
 * code, `?` parameters; the bodies of stored programs (`BEGIN … END`, nesting `IF … END IF` …);
 * the statements that refuse or end a transaction; MySQL's own destructive statements, and its
 * `DROP INDEX|KEY|PRIMARY KEY|FOREIGN KEY|CHECK` actions as keeping every value.
 *
 * `DELIMITER` is a command of the `mysql` client, not SQL: the server refuses it (error 1064),
 * and pormg splits stored programs' bodies without it, so a script holding one is refused with
 * `delimiterCommand` before it runs.
 */
export const mysqlSql: SqlRules = {
  tokens: {
    nestedBlockComments: false,
    escapeStrings: false,
    unicodeEscapes: false,
    dollarQuotes: false,
    identifierQuotes: ["`"],
    parameters: "positional",
    operators: { oneOf: ["<=>", "->>", "->", ":=", "||", "&&", "<=", ">=", "<>", "!=", "<<", ">>"] },
    hashComments: true,
    dashCommentNeedsSpace: true,
    backslashStrings: true,
    executableComments: true,
  },
  opensBody,
  bodyDepth,
  transactional,
  destructiveReason: mysqlDestructiveReason,
  alterDropKeepsValues(code, at) {
    const next = upper(code[at + 1]);
    if (!keptDrops.has(next)) return false;
    // `DROP PRIMARY KEY`, `DROP FOREIGN KEY f`: the second word must follow; `DROP INDEX i`, `DROP CHECK c`: a name.
    if (next === "PRIMARY" || next === "FOREIGN") return isKeyword(code[at + 2], "KEY");
    return isName(code[at + 2]) || isKeyword(code[at + 2], "IF");
  },
};

/**
 * The refusal of a statement (comment-free tokens) that is the `mysql` client's `DELIMITER`
 * command, or undefined. The server does not know it (error 1064), and a script written for the
 * client (`DELIMITER $$ … END$$`) would split wrongly; pormg reads a stored program's `BEGIN …
 * END` body without one, so the advice is to drop the `DELIMITER` lines and end each statement
 * with `;`.
 */
export function delimiterCommand(code: readonly Token[]): string | undefined {
  if (!isKeyword(code[0], "DELIMITER")) return undefined;
  return (
    "`DELIMITER` is a command of the mysql client, not SQL, and the server refuses it. Remove the DELIMITER " +
    "lines and end each statement with `;` — pormg keeps a stored program's BEGIN … END body together by itself."
  );
}

/**
 * The flags of an `@@sql_mode` value under which the server would read text differently from
 * `mysqlSql` (and `quoteLiteral` would not mean its value): `ANSI_QUOTES` (and `ANSI`, which
 * includes it) makes `"…"` a name, `NO_BACKSLASH_ESCAPES` makes a backslash an ordinary character.
 * Empty when the mode is safe; a session that finds any should turn them off for its connection.
 */
export function lexerModeConflicts(sqlMode: string): string[] {
  const flags = sqlMode
    .toUpperCase()
    .split(",")
    .map((f) => f.trim());
  return ["ANSI", "ANSI_QUOTES", "NO_BACKSLASH_ESCAPES"].filter((f) => flags.includes(f));
}
