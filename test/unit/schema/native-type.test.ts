import { expect, test } from "bun:test";
import { canonicalNativeType } from "../../../src/schema/native-type.ts";

test.each([
  ["MACADDR", "macaddr"],
  ["  Double   Precision ", "double precision"],
  ["numeric ( 10 , 2 ) [ ]", "numeric(10,2)[]"],
  ["TIMESTAMP (3)   WITH TIME ZONE", "timestamp(3) with time zone"],
  ["timestamp(3) with time zone[]", "timestamp(3) with time zone[]"],
  ["interval DAY TO SECOND (3)", "interval day to second(3)"],
  ['"char"', '"char"'],
  ['"My  Enum"', '"My  Enum"'],
  ['Other."Ticket ""State"""[]', 'other."Ticket ""State"""[]'],
  ['"Other Schema"."Mood"', '"Other Schema"."Mood"'],
  ["geometry(Point, 4326)", "geometry(point,4326)"],
  ["ENUM('Open', 'In  Progress', 'it''s\"')", "enum('Open','In  Progress','it''s\"')"],
])("%p → %p", (input, expected) => {
  expect(canonicalNativeType(input)).toBe(expected);
});
