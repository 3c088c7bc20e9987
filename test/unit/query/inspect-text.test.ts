import { describe, expect, test } from "bun:test";
import { queryFromInspectText } from "../../../src/api/query.ts";
import { isPormgError } from "../../../src/core/errors.ts";
import { inspectQuery } from "../../../src/query/inspect-query.ts";
import {
  parseInspectArgs,
  parseInspectText,
  tokenizeInspectText,
  typeInspectValue,
} from "../../../src/query/inspect-text.ts";
import { F1 } from "./f1-models.ts";

function usage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isPormgError(e) && e.code === "USAGE") return e.message;
    throw e;
  }
  throw new Error("expected a USAGE error");
}

describe("parseInspectText", () => {
  test("the issue's example", () => {
    expect(parseInspectText("Result race__year=2024 driver__surname__@icontains=ham")).toEqual({
      model: "Result",
      filters: { race__year: 2024, "driver__surname__@icontains": "ham" },
    });
  });

  test("values are typed", () => {
    expect(typeInspectValue("2024")).toBe(2024);
    expect(typeInspectValue("-3")).toBe(-3);
    expect(typeInspectValue("19.99")).toBe(19.99);
    expect(typeInspectValue("1.50")).toBe("1.50");
    expect(typeInspectValue("007")).toBe("007");
    expect(typeInspectValue("99999999999999999999")).toBe("99999999999999999999");
    expect(typeInspectValue("true")).toBe(true);
    expect(typeInspectValue("FALSE")).toBe(false);
    expect(typeInspectValue("null")).toBeNull();
    expect(typeInspectValue('"null"')).toBe("null");
    expect(typeInspectValue('"2024"')).toBe("2024");
    expect(typeInspectValue("'a b'")).toBe("a b");
    expect(typeInspectValue('"say \\"hi\\""')).toBe('say "hi"');
    expect(typeInspectValue("2009-01-01")).toBe("2009-01-01");
    expect(typeInspectValue("")).toBe("");
  });

  test("quotes keep spaces; lists and ranges", () => {
    expect(tokenizeInspectText(`Driver  surname="Van der Berg" code='a b'  `)).toEqual([
      "Driver",
      'surname="Van der Berg"',
      "code='a b'",
    ]);
    expect(
      parseInspectText(
        `Result position__@in=1,2,3 points__@range=1.5..25 race__year__range=2010,2020 driver__code__@nin="A,B",C position__in=`,
      ).filters,
    ).toEqual({
      "position__@in": [1, 2, 3],
      "points__@range": [1.5, 25],
      race__year__range: [2010, 2020],
      "driver__code__@nin": ["A,B", "C"],
      position__in: [],
    });
    expect(parseInspectArgs(["Driver", "surname=Van der Berg", "born__@isnull=true"])).toEqual({
      model: "Driver",
      filters: { surname: "Van der Berg", "born__@isnull": true },
    });
  });

  test("mistakes are usage errors that show the syntax", () => {
    expect(usage(() => parseInspectText(""))).toContain("Start the query with a model name");
    expect(usage(() => parseInspectText("race__year=2024"))).toContain("Start the query with a model name");
    expect(usage(() => parseInspectText("Result race__year"))).toContain('"race__year" is not a key=value filter');
    expect(usage(() => parseInspectText('Result name="open'))).toContain("Unterminated");
    expect(usage(() => parseInspectText("Result position=1 position=2"))).toContain("given twice");
    expect(usage(() => parseInspectText("Result position__@range=1..2..3"))).toContain("low..high");
  });
});

describe("queryFromInspectText", () => {
  test("builds the query; numbers given to text fields become text", () => {
    const r = inspectQuery(queryFromInspectText("Driver code=44 surname__@in=1,x active=true", F1, "postgresql"));
    expect(r.parameters).toEqual(["44", "1", "x", true]);
    expect(r.sql).toContain('WHERE "Tb"."code" = $1\n  AND "Tb"."surname" IN ($2, $3)\n  AND "Tb"."active" = $4');
  });

  test("unknown models and fields list the choices", () => {
    expect(usage(() => queryFromInspectText("Resul position=1", F1, "sqlite"))).toBe(
      'Model "Resul" not found. Available: Circuit, Constructor, Driver, Race, Result. Use a model\'s export name from the models file.',
    );
    expect(usage(() => queryFromInspectText("Result positon=1", F1, "sqlite"))).toContain('(did you mean "position"?)');
  });
});
