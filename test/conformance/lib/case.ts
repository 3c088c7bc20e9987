import type { DialectName } from "../../../src/core/dialect-name.ts";

/** The classes of the corpus, reported in the summary (issue 9 part 4). */
export const CLASSES = [
  "types",
  "defaults",
  "nullability",
  "keys",
  "checks",
  "foreign-keys",
  "indexes",
  "renames",
  "identity",
  "generated",
  "enums",
  "inheritance",
  "views",
  "extensions",
  "clauses",
  "quoting",
  "rebuilds",
  "sqlite-fidelity",
  "data-steps",
  "applications",
] as const;

export type CaseClass = (typeof CLASSES)[number];

/** What a careful user expects of a case. */
export type Expectation =
  /** The plan applies and the database then matches the `after` schema; `destructive` is the plan's flag. */
  | { readonly converges: true; readonly destructive: boolean }
  /**
   * pormg refuses with a documented error code — at plan time (`makemigrations`) unless `at` says
   * `migrate` — and a message naming every string of `names`.
   */
  | { readonly refused: string; readonly names: readonly string[]; readonly at?: "makemigrations" | "migrate" };

/** One conformance case: a `before` and an `after` schema of one dialect. */
export interface Case {
  /** Unique within its dialect, kebab-case. */
  readonly name: string;
  readonly dialect: DialectName;
  readonly class: CaseClass;
  /** The schema the database starts from (SQL run on a fresh database or schema). */
  readonly before: string;
  /** The schema the models are imported from (SQL run on another fresh database or schema). */
  readonly after: string;
  /** Rows inserted into the `before` database before planning. */
  readonly seed?: string;
  /** `makemigrations --rename` hints, e.g. `"old=new"` or `"table.old=table.new"`. */
  readonly renames?: readonly string[];
  /** PostgreSQL `extensions:` of both folders (the case then gets fresh databases, not schemas). */
  readonly extensions?: readonly string[];
  /** `ignore_tables:` prefixes of both folders. */
  readonly ignoreTables?: readonly string[];
  /** A `Data (pre):` step appended to the plan; every `rows` finding is then marked `handled=pre`. */
  readonly dataPre?: string;
  /** A `Data (post):` step appended to the plan. */
  readonly dataPost?: string;
  /** `table.column`s (names after the migration) whose values the case changes on purpose (a cast, a data step). */
  readonly valuesChange?: readonly string[];
  readonly expect: Expectation;
  /**
   * PostgreSQL: the first major whose syntax the case uses (`NULLS NOT DISTINCT` 15, `VIRTUAL` 18).
   * On an older server the case does not run; the summary counts it as `not-on-this-server`.
   */
  readonly since?: number;
  /** Where the schema comes from, or what the case reproduces (one line, for readers). */
  readonly note?: string;
}

/** The prefix of each dialect's case ids. */
const ID_PREFIX: Readonly<Record<string, string>> = { postgresql: "pg", sqlite: "sqlite", mysql: "my" };

/** `dialect/name` (`pg/…`, `sqlite/…`, `my/…`), the key of a case in the known-failures list and the test names. */
export function caseId(c: Pick<Case, "dialect" | "name">): string {
  return `${ID_PREFIX[c.dialect] ?? c.dialect}/${c.name}`;
}

/** Shorthands for the two expectations. */
export const converges = (destructive = false): Expectation => ({ converges: true, destructive });
export const refused = (code: string, ...names: string[]): Expectation => ({ refused: code, names });
