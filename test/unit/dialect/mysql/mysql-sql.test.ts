import { describe, expect, test } from "bun:test";
import { quoteIdent, quoteLiteral } from "../../../../src/dialect/mysql/mysql-quote.ts";
import { delimiterCommand, mysqlSql } from "../../../../src/dialect/mysql/mysql-sql.ts";
import { classifySql } from "../../../../src/sql/classify.ts";
import { splitStatements } from "../../../../src/sql/split-statements.ts";
import { isComment } from "../../../../src/sql/token-predicates.ts";
import { sourceText } from "../../../../src/sql/token-ranges.ts";
import { tokenize } from "../../../../src/sql/tokenize.ts";

const kinds = (sql: string) => tokenize(sql, mysqlSql).map((t) => [t.kind, t.text]);
const values = (sql: string) => tokenize(sql, mysqlSql).map((t) => t.value);
const texts = (sql: string) => splitStatements(sql, mysqlSql).map((s) => s.sql);
const classified = (sql: string) => classifySql(sql, mysqlSql).statements;
const reasons = (sql: string) => classified(sql).map((s) => s.reason);

describe("quoteIdent and quoteLiteral", () => {
  test("identifiers are backquoted, an embedded backtick doubled, nothing else touched", () => {
    expect(quoteIdent("users")).toBe("`users`");
    expect(quoteIdent("a`b")).toBe("`a``b`");
    expect(quoteIdent(`q"'\\x`)).toBe(`\`q"'\\x\``);
    expect(tokenize(quoteIdent("a``b`"), mysqlSql)).toMatchObject([{ kind: "quoted_identifier", value: "a``b`" }]);
  });

  test("literals double quotes and backslashes, write NUL as \\0, and read back as one string", () => {
    expect(quoteLiteral("it's")).toBe("'it''s'");
    expect(quoteLiteral("a\\b")).toBe("'a\\\\b'");
    expect(quoteLiteral("\\'")).toBe("'\\\\'''");
    expect(quoteLiteral("x\0y")).toBe("'x\\0y'");
    for (const value of ["", "'", "\\", "\\'", "'\\", "\\\\''", "%_\\%", '"', "\n\r\t\x1a", "é😀", "x\0y", "a*/b"]) {
      const tokens = tokenize(quoteLiteral(value), mysqlSql);
      expect(tokens).toMatchObject([{ kind: "string", value }]);
      expect(tokens[0]?.unterminated).toBeUndefined();
    }
  });
});

describe("mysqlSql tokens", () => {
  test("backticks are names; '…' and \"…\" are strings with backslash escapes", () => {
    expect(kinds("SELECT `a``b`, 'c', \"d\"")).toEqual([
      ["word", "SELECT"],
      ["quoted_identifier", "`a``b`"],
      ["punctuation", ","],
      ["string", "'c'"],
      ["punctuation", ","],
      ["string", '"d"'],
    ]);
    expect(values(`'a\\'b' "c\\"d" 'e''f' "g""h" 'i\\\\' '\\n\\t\\0\\Z\\q' '\\%\\_'`)).toEqual([
      "a'b",
      'c"d',
      "e'f",
      'g"h',
      "i\\",
      "\n\t\0\x1aq",
      "\\%\\_",
    ]);
    expect(values("N'a\\'b' X'41' _utf8mb4'c\\'d'")).toEqual(["a'b", "41", "_utf8mb4", "c'd"]);
    // A backslash before the quote does not close the string.
    expect(tokenize("'a\\'", mysqlSql)).toMatchObject([{ kind: "string", unterminated: true }]);
  });

  test("# and '-- ' are line comments; -- before another character is two minus signs", () => {
    expect(kinds("SELECT 1 # c\n, 2 -- d\n, 3--\te\n, 4--")).toEqual([
      ["word", "SELECT"],
      ["number", "1"],
      ["line_comment", "# c"],
      ["punctuation", ","],
      ["number", "2"],
      ["line_comment", "-- d"],
      ["punctuation", ","],
      ["number", "3"],
      ["line_comment", "--\te"],
      ["punctuation", ","],
      ["number", "4"],
      ["line_comment", "--"],
    ]);
    expect(kinds("SELECT 1--1")).toEqual([
      ["word", "SELECT"],
      ["number", "1"],
      ["operator", "-"],
      ["operator", "-"],
      ["number", "1"],
    ]);
    expect(kinds("1--\x7f")).toEqual([
      ["number", "1"],
      ["line_comment", "--\x7f"],
    ]);
    expect(kinds("a#b")).toEqual([
      ["word", "a"],
      ["line_comment", "#b"],
    ]);
  });

  test("executable comments: the opener and closer are comments, the contents are code", () => {
    expect(kinds("/*!50100 DROP TABLE `t` */ /*M!100500 '*/' */ /*+ hint */ /* plain */")).toEqual([
      ["block_comment", "/*!50100"],
      ["word", "DROP"],
      ["word", "TABLE"],
      ["quoted_identifier", "`t`"],
      ["block_comment", "*/"],
      ["block_comment", "/*M!100500"],
      ["string", "'*/'"],
      ["block_comment", "*/"],
      ["block_comment", "/*+ hint */"],
      ["block_comment", "/* plain */"],
    ]);
    expect(tokenize("/*! SELECT 1", mysqlSql)[0]).toMatchObject({ kind: "block_comment", unterminated: true });
    // Block comments do not nest.
    expect(kinds("/* a /* b */ c")).toEqual([
      ["block_comment", "/* a /* b */"],
      ["word", "c"],
    ]);
  });

  test("? is a parameter; $ starts a name; MySQL's operators", () => {
    expect(kinds("? $x a$b @v := 1 <=> 2 && 3 ->> '$.a'")).toEqual([
      ["parameter", "?"],
      ["word", "$x"],
      ["word", "a$b"],
      ["operator", "@"],
      ["word", "v"],
      ["operator", ":="],
      ["number", "1"],
      ["operator", "<=>"],
      ["number", "2"],
      ["operator", "&&"],
      ["number", "3"],
      ["operator", "->>"],
      ["string", "'$.a'"],
    ]);
  });

  test("sourceText leaves # comments out", () => {
    const sql = "a > 0 # why\n AND b > 0";
    const tokens = tokenize(sql, mysqlSql).filter((t) => !isComment(t));
    expect(sourceText(sql, tokens, mysqlSql)).toBe("a > 0  \n AND b > 0");
  });
});

describe("mysqlSql tokens: total on any text", () => {
  const pieces = [
    "a",
    "É",
    "$",
    "_",
    " ",
    "\n",
    "\t",
    "'",
    "''",
    '"',
    '""',
    "`",
    "``",
    "\\",
    "\\'",
    '\\"',
    "#",
    "--",
    "-- ",
    "-",
    "/*",
    "*/",
    "/*!",
    "/*!50100",
    "/*M!",
    "/*+",
    "*",
    "/",
    ";",
    "(",
    ")",
    ",",
    ".",
    "?",
    "@",
    ":",
    ":=",
    "<=>",
    "->>",
    "N'",
    "X'",
    "0x1F",
    "1",
    "1e3",
    "DROP",
    "TABLE",
    "BEGIN",
    "END",
    "IF",
    "\u00a0",
    "😀",
  ];
  test("tokens are the text's own slices, in order, with only whitespace between", () => {
    let state = 7;
    const next = () => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state;
    };
    for (let run = 0; run < 3000; run++) {
      let sql = "";
      for (let k = 0, n = 1 + (run % 30); k < n; k++) sql += pieces[next() % pieces.length];
      let at = 0;
      for (const t of tokenize(sql, mysqlSql)) {
        expect(t.text).toBe(sql.slice(t.start, t.end));
        expect(t.end).toBeGreaterThan(t.start);
        expect(sql.slice(at, t.start).trim()).toBe("");
        at = t.end;
      }
      expect(sql.slice(at).trim()).toBe("");
      splitStatements(sql, mysqlSql);
      classifySql(sql, mysqlSql);
    }
  });
});

describe("mysqlSql statements", () => {
  test("semicolons in strings, names and comments do not split", () => {
    expect(texts("SELECT 'a;\\';b', \"c;d\", `e;f` # g;h\n; SELECT 2 -- i;j\n; /* k;l */ SELECT 3")).toEqual([
      "SELECT 'a;\\';b', \"c;d\", `e;f` # g;h",
      "SELECT 2 -- i;j",
      "/* k;l */ SELECT 3",
    ]);
  });

  test("a stored program's body stays one statement, with its nested IF, CASE, LOOP, WHILE and REPEAT", () => {
    const procedure = `CREATE DEFINER = 'root'@'%' PROCEDURE p(IN n INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  l: LOOP
    SET i = i + 1;
    IF i > n THEN LEAVE l; ELSEIF i = 2 THEN SELECT IF(i, 1, 2); ELSE IF i = 3 THEN SELECT 3; END IF; END IF;
    CASE i WHEN 1 THEN SELECT CASE WHEN i THEN 1 END; ELSE BEGIN END; END CASE;
    WHILE i < 0 DO SET i = REPEAT('x', 1); END WHILE;
    REPEAT SET i = i + 1; UNTIL i > 9 END REPEAT;
    DROP TABLE IF EXISTS tmp;
  END LOOP l;
END`;
    expect(texts(`${procedure};\nSELECT 1;`)).toEqual([procedure, "SELECT 1"]);
    const trigger = "CREATE TRIGGER t BEFORE INSERT ON x FOR EACH ROW IF NEW.a < 0 THEN SET NEW.a = 0; END IF";
    expect(texts(`${trigger}; SELECT 2`)).toEqual([trigger, "SELECT 2"]);
    const ordered = "CREATE TRIGGER t2 AFTER INSERT ON x FOR EACH ROW FOLLOWS db.t WHILE 0 DO SET @a = 1; END WHILE";
    expect(texts(`${ordered}; SELECT 2`)).toEqual([ordered, "SELECT 2"]);
    const forLoop =
      "CREATE PROCEDURE f() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; FOR i IN 1..3 DO SELECT i FOR UPDATE; END FOR; END";
    expect(texts(`${forLoop}; SELECT 2`)).toEqual([forLoop, "SELECT 2"]);
    const event = "CREATE EVENT e ON SCHEDULE EVERY 1 DAY DO BEGIN DELETE FROM log WHERE at < NOW(); END";
    expect(texts(`${event}; SELECT 3`)).toEqual([event, "SELECT 3"]);
    const block = "BEGIN NOT ATOMIC SELECT 1; SELECT 2; END";
    expect(texts(`${block}; SELECT 4`)).toEqual([block, "SELECT 4"]);
    // A function whose body is one RETURN, and a table with a column named `begin`, open nothing.
    expect(texts("CREATE FUNCTION f() RETURNS INT RETURN IF(1, 2, 3); SELECT 5")).toEqual([
      "CREATE FUNCTION f() RETURNS INT RETURN IF(1, 2, 3)",
      "SELECT 5",
    ]);
    expect(texts("BEGIN; SELECT 6; COMMIT")).toEqual(["BEGIN", "SELECT 6", "COMMIT"]);
  });

  test("DELIMITER is refused with advice", () => {
    const [first] = splitStatements("DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$", mysqlSql);
    const code = (first?.tokens ?? []).filter((t) => !isComment(t));
    expect(delimiterCommand(code)).toContain("mysql client");
    expect(delimiterCommand(tokenize("SELECT 1", mysqlSql))).toBeUndefined();
  });
});

describe("mysqlSql classification", () => {
  test("drops, truncates and column drops are destructive through backticks and comments", () => {
    expect(reasons("DROP TABLE `us``ers`")).toEqual(["DROP TABLE `us``ers`"]);
    expect(reasons("/* x */ DROP /* y */ TABLE # z\n IF EXISTS `db`.`t`")).toEqual(["DROP TABLE IF EXISTS `db`.`t`"]);
    expect(reasons("TRUNCATE TABLE `t`")).toEqual(["TRUNCATE TABLE `t`"]);
    expect(reasons("ALTER TABLE `t` DROP COLUMN `c`")).toEqual(["ALTER TABLE `t` … DROP COLUMN `c`"]);
    expect(reasons("ALTER TABLE `t` DROP `c`, ADD INDEX (d)")).toEqual(["ALTER TABLE `t` … DROP `c`"]);
    expect(reasons("ALTER TABLE t DROP PARTITION p0")).toEqual(["ALTER TABLE t … DROP PARTITION"]);
    expect(reasons("DROP DATABASE `app`")).toEqual(["DROP DATABASE `app`"]);
    expect(reasons("/*!40000 DROP TABLE `t` */")).toEqual(["DROP TABLE `t`"]);
  });

  test("keywords in strings, names and comments do not count", () => {
    for (const sql of [
      "SELECT 'DROP TABLE t'",
      'SELECT "DROP TABLE t"',
      "SELECT 'it\\'s; DROP TABLE t'",
      "SELECT 1 # DROP TABLE t",
      "SELECT 1 -- DROP TABLE t",
      "SELECT `DROP TABLE t` FROM x",
      "SELECT 1 /* DROP TABLE t */",
    ])
      expect([sql, ...classified(sql).map((s) => s.destructive)]).toEqual([sql, false]);
    // `--` before a letter is no comment in MySQL: what follows is code.
    expect(classified("SELECT 1--x\n; DROP TABLE t").map((s) => s.destructive)).toEqual([false, true]);
  });

  test("dropping an index, a key or a constraint keeps every value", () => {
    for (const sql of [
      "ALTER TABLE t DROP INDEX i",
      "ALTER TABLE t DROP KEY `k`",
      "ALTER TABLE t DROP INDEX IF EXISTS i",
      "ALTER TABLE t DROP PRIMARY KEY",
      "ALTER TABLE t DROP FOREIGN KEY `fk`",
      "ALTER TABLE t DROP CHECK c",
      "ALTER TABLE t DROP CONSTRAINT c",
      "ALTER TABLE t ALTER COLUMN c DROP DEFAULT",
      "ALTER TABLE t DROP INDEX i, ADD UNIQUE INDEX i (a)",
      "DROP INDEX i ON t",
    ])
      expect([sql, ...classified(sql).map((s) => s.destructive)]).toEqual([sql, false]);
    expect(reasons("ALTER TABLE t DROP INDEX i, DROP COLUMN c")).toEqual(["ALTER TABLE t … DROP COLUMN c"]);
    expect(reasons("ALTER TABLE t DROP `index`")).toEqual(["ALTER TABLE t … DROP `index`"]);
  });

  test("MySQL's and MariaDB's own destructive statements", () => {
    expect(reasons("CREATE OR REPLACE TABLE t (a int)")).toEqual([
      "CREATE OR REPLACE TABLE t (replaces the table and its rows)",
    ]);
    expect(reasons("ALTER TABLE t TRUNCATE PARTITION p0")).toEqual(["ALTER TABLE t … TRUNCATE PARTITION"]);
    expect(reasons("ALTER TABLE t DISCARD TABLESPACE")).toEqual(["ALTER TABLE t … DISCARD TABLESPACE"]);
    expect(reasons("ALTER TABLE t ENGINE = BLACKHOLE")).toEqual(["ALTER TABLE t … ENGINE = BLACKHOLE"]);
    expect(reasons("DELETE t1 FROM t1 JOIN t2 ON t1.a = t2.a")).toEqual(["DELETE t1 without WHERE"]);
    expect(reasons("DELETE LOW_PRIORITY FROM t")).toEqual(["DELETE LOW_PRIORITY without WHERE"]);
    expect(reasons("DELETE FROM t")).toEqual(["DELETE FROM t without WHERE"]);
    expect(reasons("ANALYZE FORMAT=JSON UPDATE t SET a = 1")).toEqual(["ANALYZE runs UPDATE t without WHERE"]);
    for (const sql of [
      "CREATE OR REPLACE VIEW v AS SELECT 1",
      "CREATE TABLE t (a int) ENGINE = InnoDB",
      "ALTER TABLE t ENGINE = InnoDB",
      "DELETE t1 FROM t1 JOIN t2 ON t1.a = t2.a WHERE t2.b = 1",
      "ANALYZE TABLE t",
      "ANALYZE SELECT 1",
      "UPDATE t SET a = 1 WHERE b = 2",
      "EXPLAIN FORMAT=JSON SELECT * FROM t",
    ])
      expect([sql, ...classified(sql).map((s) => s.destructive)]).toEqual([sql, false]);
  });

  test("what refuses or ends a transaction is not transactional; DDL runs (and commits implicitly)", () => {
    const tx = (sql: string) => classified(sql).map((s) => s.transactional);
    expect(tx("XA START 'x'; LOCK TABLES t WRITE; UNLOCK TABLES; SET autocommit = 1")).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(tx("SET TRANSACTION ISOLATION LEVEL READ COMMITTED; SET SESSION TRANSACTION READ ONLY")).toEqual([
      false,
      true,
    ]);
    expect(
      tx("CREATE TABLE t (a int); ALTER TABLE t ADD b int; SET NAMES utf8mb4; INSERT INTO t VALUES (1, 2)"),
    ).toEqual([true, true, true, true]);
    expect(classified("START TRANSACTION; COMMIT; SAVEPOINT a").map((s) => s.transactionControl)).toEqual([
      true,
      true,
      false,
    ]);
  });
});
