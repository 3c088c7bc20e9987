/**
 * docs/exit-codes.md cannot drift from src/core/errors.ts: every exit code of `ExitCode` and
 * every `ErrorCode` (read from the type's source) has its row, with the exit code it maps to.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type ErrorCode, ExitCode, exitCodeFor } from "../../src/core/errors.ts";
import { ROOT } from "../lib/cli.ts";

const doc = readFileSync(join(ROOT, "docs", "exit-codes.md"), "utf8");

/** The members of the `ErrorCode` union, as written in src/core/errors.ts. */
function errorCodes(): ErrorCode[] {
  const source = readFileSync(join(ROOT, "src", "core", "errors.ts"), "utf8");
  const union = /export type ErrorCode =([^;]+);/.exec(source)?.[1] ?? "";
  return [...union.matchAll(/"([A-Z_]+)"/g)].map((m) => m[1] as ErrorCode);
}

/** The rows of the table under `heading`: first cell → second cell. */
function rows(heading: string): Map<string, string> {
  const section = doc.split(`## ${heading}\n`)[1]?.split("\n## ")[0] ?? "";
  const out = new Map<string, string>();
  for (const line of section.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    if (cells.length < 4 || /^-+$/.test(cells[1] as string) || cells[1] === "exit" || cells[1] === "code") continue;
    out.set((cells[1] as string).replace(/`/g, ""), (cells[2] as string).replace(/`/g, ""));
  }
  return out;
}

describe("docs/exit-codes.md", () => {
  test("lists every exit code of ExitCode, by value and name", () => {
    const table = rows("Exit codes");
    const expected = new Map(Object.entries(ExitCode).map(([name, value]) => [String(value), name]));
    expect(table).toEqual(expected);
  });

  test("lists every error code with the exit code it maps to", () => {
    const codes = errorCodes();
    expect(codes.length).toBeGreaterThan(20);
    const table = rows("Error codes");
    expect(new Map([...table].sort())).toEqual(
      new Map(codes.map((c): [string, string] => [c, String(exitCodeFor(c))]).sort()),
    );
  });

  test("the exit codes --help prints are the ones documented", () => {
    const main = readFileSync(join(ROOT, "cmd", "main.ts"), "utf8");
    const footer = /Exit codes: ([^"]+)\./.exec(main)?.[1] ?? "";
    const numbers = [...footer.matchAll(/(\d+) /g)].map((m) => m[1]);
    expect(numbers.sort()).toEqual([...rows("Exit codes").keys()].sort());
  });
});
