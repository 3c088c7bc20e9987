import { type Case, converges } from "../lib/case.ts";

const my = (c: Omit<Case, "dialect">): Case => ({ ...c, dialect: "mysql" });

/**
 * MySQL / MariaDB, written the way MySQL users write it: backquoted names, `#` comments,
 * backslash escapes in strings, MySQL's destructive statements, and stored programs whose
 * `BEGIN … END` bodies hold semicolons (run without the client's DELIMITER).
 */
export const MYSQL_EVERYDAY: readonly Case[] = [
  // ── types, defaults, quoting ──
  my({
    name: "types-widened",
    class: "types",
    note: "int → bigint, varchar widened, a decimal gains digits: nothing lost, nothing destructive",
    before: `# the shop as first deployed
      CREATE TABLE \`product\` (
        \`id\` int NOT NULL AUTO_INCREMENT, -- the key
        \`sku\` varchar(10) NOT NULL,
        \`price\` decimal(6,2) NOT NULL DEFAULT 0.00,
        \`stock\` smallint NOT NULL DEFAULT 0,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB;`,
    after: `# widened for the new catalogue
      CREATE TABLE \`product\` (
        \`id\` bigint NOT NULL AUTO_INCREMENT,
        \`sku\` varchar(40) NOT NULL,
        \`price\` decimal(12,2) NOT NULL DEFAULT 0.00,
        \`stock\` int NOT NULL DEFAULT 0,
        PRIMARY KEY (\`id\`)
      ) ENGINE=InnoDB;`,
    seed: "INSERT INTO `product` (`sku`, `price`, `stock`) VALUES ('A-1', 9.99, 3), ('B-2', 1234.50, -1);",
    expect: converges(false),
  }),
  my({
    name: "backquoted-reserved-and-odd-names",
    class: "quoting",
    note: "reserved words, a space, a backquote and mixed case as names; a column added to such a table",
    before: "CREATE TABLE `order` (`select` int NOT NULL, `from` varchar(20), `a``b` int, PRIMARY KEY (`select`));",
    after: `CREATE TABLE \`order\` (\`select\` int NOT NULL, \`from\` varchar(20), \`a\`\`b\` int, \`Group By\` int DEFAULT 7,
        PRIMARY KEY (\`select\`), KEY \`order_from_idx\` (\`from\`));`,
    seed: "INSERT INTO `order` (`select`, `from`, `a``b`) VALUES (1, 'x', 2), (2, NULL, NULL);",
    expect: converges(false),
  }),
  my({
    name: "defaults-with-backslash-escapes",
    class: "defaults",
    note: "string defaults and rows holding backslashes and quotes, written with MySQL's backslash escapes",
    before: "CREATE TABLE setting (id int NOT NULL PRIMARY KEY, path varchar(100));",
    after: `CREATE TABLE setting (id int NOT NULL PRIMARY KEY, path varchar(100),
        dir varchar(100) NOT NULL DEFAULT 'C:\\\\temp\\\\', quote varchar(20) DEFAULT 'it\\'s', tab varchar(10) DEFAULT 'a\\tb');`,
    seed: "INSERT INTO setting VALUES (1, 'C:\\\\Users\\\\x'), (2, 'it\\'s \"here\"');",
    expect: converges(false),
  }),
  // ── destructive changes ──
  my({
    name: "drop-column-is-destructive",
    class: "nullability",
    before: "CREATE TABLE person (id int NOT NULL PRIMARY KEY, name varchar(50), legacy_code char(4));",
    after: "CREATE TABLE person (id int NOT NULL PRIMARY KEY, name varchar(50));",
    seed: "INSERT INTO person VALUES (1, 'a', 'X1'), (2, 'b', NULL);",
    expect: converges(true),
  }),
  my({
    name: "drop-table-is-destructive",
    class: "keys",
    before: `CREATE TABLE keep_me (id int NOT NULL PRIMARY KEY);
      CREATE TABLE old_log (id int NOT NULL PRIMARY KEY, line text);`,
    after: "CREATE TABLE keep_me (id int NOT NULL PRIMARY KEY);",
    seed: "INSERT INTO keep_me VALUES (1); INSERT INTO old_log VALUES (1, 'x');",
    expect: converges(true),
  }),
  // ── keys, indexes, foreign keys ──
  my({
    name: "primary-key-widened-in-one-statement",
    class: "keys",
    note: "DROP PRIMARY KEY, ADD PRIMARY KEY in one statement: the AUTO_INCREMENT column never lacks its key",
    before: "CREATE TABLE visit (id int NOT NULL AUTO_INCREMENT, day date NOT NULL, PRIMARY KEY (id));",
    after: "CREATE TABLE visit (id int NOT NULL AUTO_INCREMENT, day date NOT NULL, PRIMARY KEY (id, day));",
    seed: "INSERT INTO visit (day) VALUES ('2024-01-01'), ('2024-01-02');",
    expect: converges(false),
  }),
  my({
    name: "foreign-key-unique-and-index-added",
    class: "foreign-keys",
    before: `CREATE TABLE author (id int NOT NULL PRIMARY KEY, email varchar(100));
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id int, title varchar(100));`,
    after: `CREATE TABLE author (id int NOT NULL PRIMARY KEY, email varchar(100), UNIQUE KEY author_email_key (email));
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id int, title varchar(100), KEY book_title_idx (title),
        CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id) ON DELETE CASCADE);`,
    seed: "INSERT INTO author VALUES (1, 'a@x'), (2, NULL); INSERT INTO book VALUES (1, 1, 'T'), (2, NULL, 'U');",
    expect: converges(false),
  }),
  my({
    name: "both-sides-of-a-key-widened",
    class: "foreign-keys",
    note: "a key's column and the column it references widened to bigint: MySQL refuses either MODIFY while the key stands, so the plan re-creates it around them",
    before: `CREATE TABLE author (id int NOT NULL PRIMARY KEY);
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id int,
        CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id));`,
    after: `CREATE TABLE author (id bigint NOT NULL PRIMARY KEY);
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id bigint,
        CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id));`,
    seed: "INSERT INTO author VALUES (1), (2); INSERT INTO book VALUES (1, 1), (2, NULL);",
    expect: converges(false),
  }),
  my({
    name: "dropped-table-keeps-no-key-to-a-retyped-column",
    class: "foreign-keys",
    note: "a table dropped while the column its key references is widened: the key goes first, the table last",
    before: `CREATE TABLE author (id int NOT NULL PRIMARY KEY);
      CREATE TABLE legacy_book (id int NOT NULL PRIMARY KEY, author_id int,
        CONSTRAINT legacy_book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id));`,
    after: "CREATE TABLE author (id bigint NOT NULL PRIMARY KEY);",
    seed: "INSERT INTO author VALUES (1); INSERT INTO legacy_book VALUES (1, 1);",
    expect: converges(true),
  }),
  // ── renames ──
  my({
    name: "rename-table-with-primary-key-and-unique",
    class: "renames",
    note: "the unique's default name follows the table; the primary key is always PRIMARY",
    before: `CREATE TABLE author (id int NOT NULL PRIMARY KEY, name varchar(40), UNIQUE KEY author_name_key (name));
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id int,
        CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES author (id));`,
    after: `CREATE TABLE writer (id int NOT NULL PRIMARY KEY, name varchar(40), UNIQUE KEY writer_name_key (name));
      CREATE TABLE book (id int NOT NULL PRIMARY KEY, author_id int,
        CONSTRAINT book_author_id_fkey FOREIGN KEY (author_id) REFERENCES writer (id));`,
    seed: "INSERT INTO author VALUES (1, 'a'); INSERT INTO book VALUES (1, 1);",
    renames: ["author=writer"],
    expect: converges(false),
  }),
  my({
    name: "rename-column",
    class: "renames",
    before:
      "CREATE TABLE city (id int NOT NULL PRIMARY KEY, nm varchar(40) NOT NULL DEFAULT '', KEY city_nm_idx (nm));",
    after:
      "CREATE TABLE city (id int NOT NULL PRIMARY KEY, name varchar(40) NOT NULL DEFAULT '', KEY city_nm_idx (name));",
    seed: "INSERT INTO city VALUES (1, 'Lyon'), (2, 'Porto');",
    renames: ["city.nm=city.name"],
    expect: converges(false),
  }),
  // ── generated columns ──
  my({
    name: "generated-expression-changed-keeps-its-index",
    class: "generated",
    note: "MariaDB keeps the index through DROP COLUMN + ADD COLUMN in one statement: no second CREATE INDEX",
    before: `CREATE TABLE line (id int NOT NULL PRIMARY KEY, qty int NOT NULL, price int NOT NULL,
        total int GENERATED ALWAYS AS (qty * price) STORED, KEY line_total_idx (total));`,
    after: `CREATE TABLE line (id int NOT NULL PRIMARY KEY, qty int NOT NULL, price int NOT NULL,
        total int GENERATED ALWAYS AS (qty * price + 1) STORED, KEY line_total_idx (total));`,
    seed: "INSERT INTO line (id, qty, price) VALUES (1, 2, 3), (2, 5, 7);",
    valuesChange: ["line.total"],
    expect: converges(false),
  }),
  my({
    name: "retype-column-a-generated-column-reads",
    class: "generated",
    before: `CREATE TABLE m (id int NOT NULL PRIMARY KEY, n int, twice bigint GENERATED ALWAYS AS (n * 2) VIRTUAL,
        KEY m_twice_idx (twice));`,
    after: `CREATE TABLE m (id int NOT NULL PRIMARY KEY, n bigint, twice bigint GENERATED ALWAYS AS (n * 2) VIRTUAL,
        KEY m_twice_idx (twice));`,
    seed: "INSERT INTO m (id, n) VALUES (1, 21), (2, NULL);",
    expect: converges(false),
  }),
  // ── stored programs ──
  my({
    name: "trigger-and-procedure-bodies-survive",
    class: "clauses",
    note: "a trigger and a procedure with BEGIN … END bodies (IF … END IF; inside), not managed, kept through a change",
    before: `CREATE TABLE account (id int NOT NULL PRIMARY KEY, balance int NOT NULL DEFAULT 0);
      CREATE TRIGGER account_floor BEFORE UPDATE ON account FOR EACH ROW
      BEGIN
        IF NEW.balance < 0 THEN SET NEW.balance = 0; END IF; # clamp
      END;
      CREATE PROCEDURE account_reset() BEGIN UPDATE account SET balance = 0 WHERE balance < 0; SELECT 'done;'; END;`,
    after: `CREATE TABLE account (id int NOT NULL PRIMARY KEY, balance int NOT NULL DEFAULT 0, note varchar(200));
      CREATE TRIGGER account_floor BEFORE UPDATE ON account FOR EACH ROW
      BEGIN
        IF NEW.balance < 0 THEN SET NEW.balance = 0; END IF; # clamp
      END;
      CREATE PROCEDURE account_reset() BEGIN UPDATE account SET balance = 0 WHERE balance < 0; SELECT 'done;'; END;`,
    seed: "INSERT INTO account VALUES (1, 10), (2, 0);",
    expect: converges(false),
  }),
  // ── data steps ──
  my({
    name: "not-null-with-a-data-step",
    class: "data-steps",
    note: "a Data (pre) step fills the NULLs (a backslash in its string) before the column becomes NOT NULL",
    before: "CREATE TABLE doc (id int NOT NULL PRIMARY KEY, path varchar(60));",
    after: "CREATE TABLE doc (id int NOT NULL PRIMARY KEY, path varchar(60) NOT NULL);",
    seed: "INSERT INTO doc VALUES (1, 'a'), (2, NULL);",
    dataPre: "UPDATE doc SET path = 'C:\\\\none' WHERE path IS NULL;",
    valuesChange: ["doc.path"],
    expect: converges(false),
  }),
  my({
    name: "data-step-in-a-compound-block",
    class: "data-steps",
    note: "MariaDB's BEGIN NOT ATOMIC … END (an IF inside) as a Data (pre) step: a compound statement, not transaction control",
    before: "CREATE TABLE counter (id int NOT NULL PRIMARY KEY, n int);",
    after: "CREATE TABLE counter (id int NOT NULL PRIMARY KEY, n int NOT NULL, label varchar(20));",
    seed: "INSERT INTO counter VALUES (1, 1), (2, NULL);",
    dataPre: `BEGIN NOT ATOMIC
        IF (SELECT count(*) FROM counter WHERE n IS NULL) > 0 THEN UPDATE counter SET n = 0 WHERE n IS NULL; END IF;
      END;`,
    valuesChange: ["counter.n"],
    expect: converges(false),
  }),
  my({
    name: "data-post-step-runs-after-the-schema",
    class: "data-steps",
    note: "a Data (post) step fills the column the plan adds: it must run after the ADD COLUMN",
    before: "CREATE TABLE counter (id int NOT NULL PRIMARY KEY, n int);",
    after: "CREATE TABLE counter (id int NOT NULL PRIMARY KEY, n int, label varchar(20));",
    seed: "INSERT INTO counter VALUES (1, 1), (2, NULL);",
    dataPost: "UPDATE counter SET label = 'had-null' WHERE n IS NULL;",
    valuesChange: ["counter.label"],
    expect: converges(false),
  }),
];
