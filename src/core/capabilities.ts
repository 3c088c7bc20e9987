/**
 * DialectCapabilities say, as data, what a dialect can do. Generic code asks these instead of
 * comparing dialect names, so a new dialect takes the right path by declaring what it supports.
 */
export interface DialectCapabilities {
  /** DDL runs inside a transaction and rolls back with it: a plan applies as one transaction. */
  readonly transactionalDdl: boolean;
  /** How a column's type, nullability or default changes: `alter` in place, or `rebuild` the table. */
  readonly columnChange: "alter" | "rebuild";
  /** The migration lock: a server-side `advisory` lock, or the database `file`'s write lock. */
  readonly lock: "advisory" | "file";
  /** Tables live in named schemas chosen through `search_path` (`--schema`). */
  readonly schemas: boolean;
  /** Foreign keys can be `DEFERRABLE INITIALLY DEFERRED`. */
  readonly deferrableForeignKeys: boolean;
  /** How statement parameters are written: `numbered` (`$1`, `$2` …) or `positional` (`?`). */
  readonly placeholders: "numbered" | "positional";
  /** Indexes can be built without blocking writes (`CREATE INDEX CONCURRENTLY`, outside a transaction). */
  readonly concurrentIndexes: boolean;
  /**
   * How names compare: `foldLower` — an unquoted name folds to lower case, then names compare
   * exactly (PostgreSQL); `insensitive` — every name compares ignoring ASCII case (SQLite).
   */
  readonly identifierCase: "foldLower" | "insensitive";
  /**
   * How foreign keys, uniques and checks change on an existing table: `alter` — added and dropped
   * with ALTER TABLE, one at a time (so a new table's foreign keys can come after every table
   * exists); `rebuild` — only by rebuilding the table, so they stay inline in CREATE TABLE.
   */
  readonly constraintChange: "alter" | "rebuild";
  /**
   * Keys, uniques, foreign keys and checks are named objects of their own that can be renamed
   * (`ALTER TABLE … RENAME CONSTRAINT`, a key's index); otherwise they are unnamed parts of the
   * table's text.
   */
  readonly namedConstraints: boolean;
  /**
   * Where columns change in place (`columnChange: "alter"`), what becomes of a generated column's
   * indexes and constraints when the column is re-created (it becomes generated, or its expression
   * or STORED/VIRTUAL kind changes) or a column it reads is retyped: `drop` — they go with it
   * (PostgreSQL drops and re-adds the column, and must around a retype), so the plan adds them
   * again; `keep` — the server keeps them (MariaDB keeps them through `DROP COLUMN` and `ADD
   * COLUMN` of the same name in one statement, and a retype recomputes the column in place).
   */
  readonly generatedColumnDependents: "drop" | "keep";
  /**
   * Which retypes a foreign key survives: `compatibleTypes` — a change that keeps both sides of
   * compatible types (PostgreSQL: `integer` against `bigint`; `foreignKeyTypesCompatible`); `none`
   * — no retype of either side while the key exists (MySQL: ER_FK_COLUMN_CANNOT_CHANGE), so the
   * diff drops the key before any retype of its columns and re-creates it after.
   */
  readonly foreignKeyRetypes: "compatibleTypes" | "none";
}
