import { describe, expect, test } from "bun:test";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";
import { parseTargets } from "../../../src/deploy/targets-file.ts";

function failure(fn: () => unknown): PormgError {
  try {
    fn();
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
  throw new Error("expected a PormgError");
}

describe("parseTargets", () => {
  test("URLs and environment names, comments and blank lines skipped, ${VAR} expanded, passwords hidden", () => {
    const text = [
      "# tenants",
      "",
      "postgres://app:${PW}@db:5432/tenant_a",
      "  postgres://app@db/tenant_b   # trailing comment",
      "sqlite:data/c.sqlite\r",
      "prod",
      "${TENANT_D}",
    ].join("\n");
    const targets = parseTargets(text, "t.txt", { PW: "s3cret", TENANT_D: "postgres://u:pw2@h/d" }, "/srv");
    expect(targets).toEqual([
      {
        line: 3,
        kind: "url",
        value: "postgres://app:s3cret@db:5432/tenant_a",
        shown: "postgres://app:***@db:5432/tenant_a",
      },
      { line: 4, kind: "url", value: "postgres://app@db/tenant_b", shown: "postgres://app@db/tenant_b" },
      { line: 5, kind: "url", value: "sqlite:data/c.sqlite", shown: "sqlite:data/c.sqlite" },
      { line: 6, kind: "env", value: "prod", shown: "prod" },
      { line: 7, kind: "url", value: "postgres://u:pw2@h/d", shown: "postgres://u:***@h/d" },
    ]);
  });
  test("a # inside a URL (no blank before it) is not a comment", () => {
    const [t] = parseTargets("postgres://u:a%23b@h/d#x", "t", {}, "/");
    expect(t?.value).toBe("postgres://u:a%23b@h/d#x");
  });
  test("an unset variable names the file, the line and the variable", () => {
    const e = failure(() => parseTargets("\npostgres://u:${NOPE}@h/d", "t.txt", {}, "/"));
    expect(e.code).toBe("CONFIG_INVALID");
    expect(e.message).toStartWith("t.txt:2: ${NOPE}: the variable NOPE is not set");
  });
  test("a bad URL is refused redacted; a bad name, two targets on a line, a duplicate and an empty file too", () => {
    const bad = failure(() => parseTargets("postgres://u:pa/ss@h/d", "t", {}, "/"));
    expect(bad.message).toStartWith("t:1: ");
    expect(bad.message).not.toContain("pa/ss");
    expect(failure(() => parseTargets("oracle://u:pw123@h/d", "t", {}, "/")).message).not.toContain("pw123");
    expect(failure(() => parseTargets("no/such env", "t", {}, "/")).message).toContain("one target per line");
    expect(failure(() => parseTargets("pro$d", "t", {}, "/")).message).toContain("neither a connection URL");
    const twice = failure(() => parseTargets("postgres://u:pw9@h/d\npostgres://u:pw9@h/d", "t", {}, "/"));
    expect(twice.message).toBe("t:2: postgres://u:***@h/d is listed twice (first on line 1); list each target once");
    expect(failure(() => parseTargets("# nothing\n\n", "t", {}, "/")).message).toContain("names no target");
  });
});
