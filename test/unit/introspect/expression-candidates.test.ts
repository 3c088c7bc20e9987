import { describe, expect, test } from "bun:test";
import { expressionCandidates } from "../../../src/dialect/postgres/postgres-expression-candidates.ts";

describe("expressionCandidates: spellings without the casts PostgreSQL adds itself", () => {
  test("an IN list on a varchar column: the array's cast, then the column's too", () => {
    expect(
      expressionCandidates("status::text = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])"),
    ).toEqual([
      "status::text = ANY (ARRAY['a'::character varying, 'b'::character varying])",
      "status = ANY (ARRAY['a'::character varying, 'b'::character varying])",
      "status = ANY (ARRAY['a'::character varying, 'b'::character varying]::text[])",
    ]);
  });

  test("the server's parenthesized print is read the same way", () => {
    expect(expressionCandidates("(status)::text = ANY ((ARRAY['a'::character varying])::text[])")[0]).toBe(
      "(status)::text = ANY (ARRAY['a'::character varying])",
    );
    expect(expressionCandidates("(\"Status\")::text <> ''::text")).toEqual(["\"Status\" <> ''::text"]);
  });

  test("literal casts, value keywords and multi-word or sized types are kept or cut whole", () => {
    expect(expressionCandidates("price >= 0::numeric")).toEqual([]);
    expect(expressionCandidates("d > '2000-01-01'::date AND NULL::text IS NULL")).toEqual([]);
    expect(expressionCandidates("code::character varying(10) = 'x'::character varying")).toEqual([
      "code = 'x'::character varying",
    ]);
    expect(expressionCandidates("a = ANY (ARRAY[1, 2]::bigint[])")).toEqual(["a = ANY (ARRAY[1, 2])"]);
  });

  test("strings that spell casts are not touched", () => {
    expect(expressionCandidates("note = 'x::text'")).toEqual([]);
  });
});
