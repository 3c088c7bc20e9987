import { describe, expect, test } from "bun:test";
import { colorEnabled } from "../../../cmd/colors.ts";
import { ELAPSED, progressText } from "../../../cmd/progress-text.ts";

describe("colorEnabled", () => {
  const tty = { args: ["dry-run"], env: {}, stdoutIsTTY: true };
  test("a terminal gets colour, a pipe none, TERM=dumb none", () => {
    expect(colorEnabled(tty)).toBe(true);
    expect(colorEnabled({ ...tty, stdoutIsTTY: false })).toBe(false);
    expect(colorEnabled({ ...tty, env: { TERM: "dumb" } })).toBe(false);
  });
  test("--no-color and --json win over everything; NO_COLOR (non-empty) over FORCE_COLOR", () => {
    const force = { FORCE_COLOR: "1" };
    expect(colorEnabled({ args: ["dry-run", "--no-color"], env: force, stdoutIsTTY: true })).toBe(false);
    expect(colorEnabled({ args: ["dry-run", "--json"], env: force, stdoutIsTTY: true })).toBe(false);
    expect(colorEnabled({ ...tty, env: { NO_COLOR: "1", ...force } })).toBe(false);
    // An empty NO_COLOR is not set (no-color.org).
    expect(colorEnabled({ ...tty, stdoutIsTTY: false, env: { NO_COLOR: "", ...force } })).toBe(true);
    // After `--`, `--no-color` is an argument, not the flag.
    expect(colorEnabled({ args: ["x", "--", "--no-color"], env: force, stdoutIsTTY: false })).toBe(true);
  });
  test("FORCE_COLOR colours a pipe unless it is 0 or false", () => {
    for (const [value, on] of [
      ["1", true],
      ["3", true],
      ["0", false],
      ["false", false],
    ] as const)
      expect(colorEnabled({ args: [], env: { FORCE_COLOR: value }, stdoutIsTTY: false })).toBe(on);
  });
});

describe("progressText", () => {
  test("each event says what runs, the seconds come before the long part, idle is no line", () => {
    expect(progressText({ kind: "lock-wait", holder: "pid 7 (deploy)", waitMs: 30_000 })).toBe(
      `pormg: waited ${ELAPSED} s (of 30 s) for the migration lock, held by pid 7 (deploy)`,
    );
    expect(progressText({ kind: "lock-wait", holder: null, waitMs: 0 })).toContain("held by another pormg process");
    expect(
      progressText({
        kind: "statement",
        step: 2,
        steps: 5,
        label: "x",
        statement: 1,
        statements: 3,
        sql: "CREATE INDEX\n   a ON t (c)",
      }),
    ).toBe(`pormg: step 2/5, statement 1/3, ${ELAPSED} s: CREATE INDEX a ON t (c)`);
    expect(progressText({ kind: "rebuild", table: "t", rows: 10, step: 1, steps: 1 })).toBe(
      `pormg: step 1/1, rebuilding table "t", ${ELAPSED} s: copying 10 row(s)`,
    );
    expect(progressText({ kind: "backup", database: "sqlite:app.db" })).toBe(
      `pormg: backing up sqlite:app.db, ${ELAPSED} s`,
    );
    expect(progressText({ kind: "idle" })).toBeNull();
  });
});
