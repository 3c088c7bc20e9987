/**
 * mysqlSql against a real MariaDB / MySQL server: a script split by `splitStatements` runs one
 * statement at a time (stored programs with nested blocks, executable comments, `#` and `-- `
 * comments), and the statements `transactional` calls non-transactional are the ones the server
 * refuses inside a transaction.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { Driver } from "../../../src/core/driver.ts";
import { delimiterCommand, mysqlSql } from "../../../src/dialect/mysql/mysql-sql.ts";
import { classifySql } from "../../../src/sql/classify.ts";
import { splitStatements } from "../../../src/sql/split-statements.ts";
import { isComment } from "../../../src/sql/token-predicates.ts";
import { freshMysqlDatabase, type MysqlTestDatabase } from "../../lib/mysql.ts";

let db: MysqlTestDatabase;
let driver: Driver;

beforeAll(async () => {
  db = await freshMysqlDatabase("sql");
  driver = db.driver;
});
afterAll(async () => {
  await db?.dispose();
});

/** Runs each statement of `script` on its own, as pormg's executor does. */
async function runSplit(script: string): Promise<number> {
  const statements = splitStatements(script, mysqlSql);
  for (const s of statements) await driver.execute(s.sql);
  return statements.length;
}

describe("splitStatements on the server", () => {
  test("a script with stored programs, nested blocks and every comment style runs statement by statement", async () => {
    const script = `
# a hash comment; with a semicolon
CREATE TABLE \`log\` (\`n\` int, \`note\` varchar(50)); -- a dash comment; too
/*!40101 SET @pormg_version_comment = 1 */;
/*M!100100 SET @pormg_mariadb_comment = 2 */;
CREATE PROCEDURE fill(IN upto INT)
BEGIN
  DECLARE i INT DEFAULT 0;
  outer_loop: LOOP
    SET i = i + 1;
    IF i > upto THEN LEAVE outer_loop; END IF;
    CASE WHEN i % 2 = 0 THEN INSERT INTO log VALUES (i, 'even;'); ELSE BEGIN INSERT INTO log VALUES (i, IF(i = 1, 'one', 'odd')); END; END CASE;
    WHILE 0 DO SET i = i; END WHILE;
    REPEAT SET @r = REPEAT('x', 2); UNTIL 1 END REPEAT;
  END LOOP outer_loop;
END;
CREATE TRIGGER log_bi BEFORE INSERT ON log FOR EACH ROW IF NEW.note = 'odd' THEN SET NEW.note = 'odd;'; END IF;
CREATE FUNCTION twice(x INT) RETURNS INT DETERMINISTIC RETURN x * 2;
CALL fill(4);
`;
    expect(await runSplit(script)).toBe(7);
    expect(await driver.query("SELECT n, note FROM log ORDER BY n")).toEqual([
      { n: 1, note: "one" },
      { n: 2, note: "even;" },
      { n: 3, note: "odd;" },
      { n: 4, note: "even;" },
    ]);
    expect(
      await driver.query("SELECT @pormg_version_comment AS a, @pormg_mariadb_comment AS b, twice(3) AS c"),
    ).toEqual([{ a: "1", b: db.driver.serverVersion.includes("MariaDB") ? "2" : null, c: 6 }]);
  });

  test("an ordered trigger whose body is a WHILE, and (MariaDB) a FOR loop beside handlers and FOR UPDATE", async () => {
    const mariadb = driver.serverVersion.includes("MariaDB");
    const script = `
CREATE TABLE counted (n int);
CREATE TRIGGER counted_a BEFORE INSERT ON counted FOR EACH ROW SET NEW.n = NEW.n + 1;
CREATE TRIGGER counted_b BEFORE INSERT ON counted FOR EACH ROW FOLLOWS counted_a WHILE NEW.n < 10 DO SET NEW.n = NEW.n * 2; END WHILE;
${
  mariadb
    ? `CREATE PROCEDURE loop3() BEGIN DECLARE CONTINUE HANDLER FOR SQLEXCEPTION BEGIN END; FOR i IN 1..3 DO INSERT INTO counted SELECT i FROM DUAL; SELECT n FROM counted LIMIT 1 FOR UPDATE; END FOR; END;
CALL loop3();`
    : "INSERT INTO counted VALUES (1), (2), (3);"
}`;
    expect(await runSplit(script)).toBe(mariadb ? 5 : 4);
    expect(await driver.query("SELECT n FROM counted ORDER BY n")).toEqual([{ n: 12 }, { n: 16 }, { n: 16 }]);
  });

  test("the server refuses DELIMITER, which pormg refuses first", async () => {
    const script = "DELIMITER $$\nCREATE PROCEDURE p() BEGIN SELECT 1; END$$\nDELIMITER ;";
    const [first] = splitStatements(script, mysqlSql);
    expect(delimiterCommand((first?.tokens ?? []).filter((t) => !isComment(t)))).toBeDefined();
    await expect(driver.execute("DELIMITER $$")).rejects.toMatchObject({ errno: 1064 });
  });

  test("'--' before a letter is code, as the server reads it", async () => {
    const [row] = await driver.query<Record<string, number>>("SELECT 5--2 AS v");
    expect(row?.v).toBe(7);
    expect(splitStatements("SELECT 5--2 AS v", mysqlSql).map((s) => s.sql)).toEqual(["SELECT 5--2 AS v"]);
  });
});

describe("transactional on the server", () => {
  test("what it calls non-transactional the server refuses inside a transaction; the rest runs", async () => {
    const refused = ["SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "XA START 'pormg_x'"];
    const accepted = ["SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ", "SET NAMES utf8mb4", "SELECT 1"];
    for (const sql of [...refused, ...accepted]) {
      const [statement] = classifySql(sql, mysqlSql).statements;
      await driver.execute("START TRANSACTION");
      await driver.execute("SELECT 1");
      const error = await driver.execute(sql).then(
        () => undefined,
        (e: { errno?: number }) => e.errno,
      );
      await driver.execute("ROLLBACK");
      expect([sql, statement?.transactional, error === undefined]).toEqual([
        sql,
        !refused.includes(sql),
        !refused.includes(sql),
      ]);
    }
  });
});
