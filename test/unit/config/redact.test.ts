import { describe, expect, test } from "bun:test";
import { redactText, redactUrl } from "../../../src/config/redact.ts";

describe("redactUrl", () => {
  test("hides the password of a URL", () => {
    expect(redactUrl("postgres://app:s3cr%40t@db:5432/prod")).toBe("postgres://app:***@db:5432/prod");
  });
  test("leaves a URL without password alone", () => {
    expect(redactUrl("postgres://app@db/prod")).toBe("postgres://app@db/prod");
    expect(redactUrl("sqlite:/tmp/x.sqlite")).toBe("sqlite:/tmp/x.sqlite");
  });
  test("hides password query parameters and libpq keywords", () => {
    expect(redactUrl("postgres://db/prod?user=a&password=hunter2&sslmode=require")).toBe(
      "postgres://db/prod?user=a&password=***&sslmode=require",
    );
    expect(redactUrl("host=db password='it''s' dbname=x")).toContain("password=***");
    expect(redactUrl("host=db password=hunter2 dbname=x")).toBe("host=db password=*** dbname=x");
  });
});

describe("redactText", () => {
  test("hides URLs inside messages and every known secret", () => {
    const text = 'could not connect to postgres://u:hunter2@h/db: password "hunter2" rejected';
    const out = redactText(text, ["hunter2"]);
    expect(out).not.toContain("hunter2");
    expect(out).toContain("postgres://u:***@h/db");
  });
  test("ignores secrets too short to hide meaningfully", () => {
    expect(redactText("a b c", ["a"])).toBe("a b c");
  });
});
