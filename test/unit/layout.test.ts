import { expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { VERSION } from "../../src/core/version.ts";
import { ROOT } from "../lib/cli.ts";

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

test("only src/runtime/ touches runtime-specific APIs", () => {
  const pattern =
    /\bBun\.|\bDeno\.|from "bun(:[a-z]+)?"|"node:sqlite"|"better-sqlite3"|"tsx(\/[\w/]+)?"|"node:module"|import\("bun/;
  const offenders = files(join(ROOT, "src"))
    .filter((f) => !relative(ROOT, f).startsWith("src/runtime/"))
    .filter((f) => pattern.test(readFileSync(f, "utf8").replace(/^\s*(\/\/|\*).*$/gm, "")))
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test("VERSION matches package.json", () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
  expect(VERSION).toBe(pkg.version);
});
