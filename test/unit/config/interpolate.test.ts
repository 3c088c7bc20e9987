import { describe, expect, test } from "bun:test";
import { interpolate } from "../../../src/config/interpolate.ts";

describe("interpolate", () => {
  const env = { HOST: "db.internal", EMPTY: "", PORT: "6543" };
  test("expands set variables and keeps the rest", () => {
    expect(interpolate("postgres://${HOST}:${PORT}/app", env)).toEqual({ value: "postgres://db.internal:6543/app" });
  });
  test("uses the default when unset or empty, like a POSIX shell", () => {
    expect(interpolate("${MISSING:-127.0.0.1}", env)).toEqual({ value: "127.0.0.1" });
    expect(interpolate("${EMPTY:-fallback}", env)).toEqual({ value: "fallback" });
    expect(interpolate("${HOST:-other}", env)).toEqual({ value: "db.internal" });
    expect(interpolate("${MISSING:-}", env)).toEqual({ value: "" });
  });
  test("an empty variable without default expands to nothing", () => {
    expect(interpolate("a${EMPTY}b", env)).toEqual({ value: "ab" });
  });
  test("$$ is a literal dollar and a lone $ stays", () => {
    expect(interpolate("pa$$word$", env)).toEqual({ value: "pa$word$" });
    expect(interpolate("$$${HOST}", env)).toEqual({ value: "$db.internal" });
  });
  test("reports an unset variable without default", () => {
    expect(interpolate("x${NOPE}y", env)).toEqual({ problem: { kind: "unset", variable: "NOPE", text: "${NOPE}" } });
  });
  test("reports malformed references", () => {
    expect(interpolate("${", env)).toEqual({ problem: { kind: "malformed", text: "${" } });
    expect(interpolate("${1BAD}", env)).toEqual({ problem: { kind: "malformed", text: "${1BAD}" } });
    expect(interpolate("${A B}", env)).toEqual({ problem: { kind: "malformed", text: "${A B}" } });
  });
});
