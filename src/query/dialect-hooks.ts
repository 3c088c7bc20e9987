/**
 * What differs between the PostgreSQL and SQLite SQL the query compiler writes: placeholders,
 * how parameters are bound, text pattern matching, and LIMIT/OFFSET. Everything else is shared.
 */
import type { DialectName } from "../core/dialect-name.ts";
import type { FieldKind } from "../model/types.ts";
import { isTextKind } from "./catalog.ts";
import {
  escapeGlob,
  escapeLike,
  ignoresCase,
  type PatternLookup,
  patternAnchor,
  type Scalar,
  wrapPattern,
} from "./lookups.ts";

/** Bucketing says how placeholders address parameters: `$1…` by number, or `?` by position. */
export type Bucketing = "numbered" | "positional";

/** DialectHooks are the dialect-specific parts of query compilation. */
export interface DialectHooks {
  readonly bucketing: Bucketing;
  /** The placeholder of the parameter at 1-based `index`. */
  placeholder(index: number): string;
  /** The value bound for `value` (SQLite has no booleans or dates: 1/0 and ISO text). */
  parameter(value: Scalar): unknown;
  /** A pattern match of `column` (a quoted reference to a field of `kind`); `bind` binds the pattern and returns its placeholder. */
  pattern(
    column: string,
    kind: FieldKind,
    lookup: PatternLookup,
    text: string,
    bind: (value: string) => string,
  ): string;
  /** The LIMIT/OFFSET lines. */
  limitOffset(limit: number | undefined, offset: number | undefined): string[];
}

const postgres: DialectHooks = {
  bucketing: "numbered",
  placeholder: (index) => `$${index}`,
  parameter: (value) => value,
  pattern(column, kind, lookup, text, bind) {
    // LIKE needs text: other columns (integers, uuid, dates) are cast, as a user would write it.
    const subject = isTextKind(kind) ? column : `CAST(${column} AS text)`;
    const operator = ignoresCase(lookup) ? "ILIKE" : "LIKE";
    return `${subject} ${operator} ${bind(wrapPattern(escapeLike(text), patternAnchor(lookup), "%"))} ESCAPE '\\'`;
  },
  limitOffset: (limit, offset) => [
    ...(limit !== undefined ? [`LIMIT ${limit}`] : []),
    ...(offset !== undefined ? [`OFFSET ${offset}`] : []),
  ],
};

const sqlite: DialectHooks = {
  bucketing: "positional",
  placeholder: () => "?",
  parameter: (value) =>
    typeof value === "boolean" ? (value ? 1 : 0) : value instanceof Date ? value.toISOString() : value,
  pattern(column, _kind, lookup, text, bind) {
    const anchor = patternAnchor(lookup);
    // SQLite's LIKE ignores (ASCII) case whatever the pattern says, so the case-sensitive lookups use GLOB.
    if (!ignoresCase(lookup)) return `${column} GLOB ${bind(wrapPattern(escapeGlob(text), anchor, "*"))}`;
    return `lower(${column}) LIKE lower(${bind(wrapPattern(escapeLike(text), anchor, "%"))}) ESCAPE '\\'`;
  },
  // SQLite has no OFFSET without LIMIT; LIMIT -1 means no limit.
  limitOffset: (limit, offset) =>
    limit === undefined && offset === undefined
      ? []
      : [`LIMIT ${limit ?? -1}`, ...(offset !== undefined ? [`OFFSET ${offset}`] : [])],
};

/** The hooks of `dialect`. */
export function dialectHooks(dialect: DialectName): DialectHooks {
  return dialect === "postgresql" ? postgres : sqlite;
}
