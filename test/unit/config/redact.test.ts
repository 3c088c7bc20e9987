import { describe, expect, test } from "bun:test";
import { rawUserInfo, redactText, redactUrl, secretForms } from "../../../src/config/redact.ts";

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

describe("passwords URL parsers split in the wrong place", () => {
  const shapes = ["a/b", "a#b", "a?b", "a@b", "p@ss#word", "a/#?@b", "x@127.0.0.1:1/y"];
  test.each(shapes)("%p is hidden up to the last @", (password) => {
    const url = `postgres://root:${password}@127.0.0.1:5432/db`;
    expect(redactUrl(url)).toBe("postgres://root:***@127.0.0.1:5432/db");
    expect(redactText(`bad "${url}" here`)).toBe('bad "postgres://root:***@127.0.0.1:5432/db" here');
  });
  test("rawUserInfo reads the user and password as written", () => {
    expect(rawUserInfo("postgres://u:a/b@h/db")).toEqual({ user: "u", password: "a/b" });
    expect(rawUserInfo("postgres://u@h/db")).toEqual({ user: "u" });
    expect(rawUserInfo("postgres://h/db")).toBeUndefined();
  });
  test("secretForms covers the decoded and JSON-escaped spellings", () => {
    expect(secretForms('a%2Fb"c')).toEqual(['a%2Fb"c', 'a/b"c', 'a%2Fb\\"c', 'a/b\\"c']);
  });
});
