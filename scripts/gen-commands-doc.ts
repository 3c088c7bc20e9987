/**
 * Writes docs/commands.md from the CLI's own definitions (`bun scripts/gen-commands-doc.ts`), or
 * with `--check` exits 1 when the file differs from what it would write, showing the first
 * differing lines (`npm run lint` runs the check, so the reference cannot drift from `--help`).
 * `--file PATH` writes or checks another file instead.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { relative } from "node:path";
import process from "node:process";
import { DOC_PATH, expectedCommandsDoc, ROOT } from "./commands-doc.ts";

/** The first lines where `actual` and `expected` differ, as a short diff hint. */
export function diffHint(actual: string, expected: string, context = 3): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  let first = 0;
  while (first < a.length && first < e.length && a[first] === e[first]) first++;
  const lines = [`first difference at line ${first + 1}:`];
  for (let i = first; i < first + context && (i < a.length || i < e.length); i++) {
    if (a[i] === e[i]) lines.push(`  ${a[i]}`);
    else {
      if (i < a.length) lines.push(`- ${a[i]}`);
      if (i < e.length) lines.push(`+ ${e[i]}`);
    }
  }
  return lines.join("\n");
}

const args = process.argv.slice(2);
const fileAt = args.indexOf("--file");
const file = fileAt >= 0 ? (args[fileAt + 1] ?? DOC_PATH) : DOC_PATH;
const shown = relative(ROOT, file) || file;
let expected: string;
try {
  expected = expectedCommandsDoc();
} catch (error) {
  process.stderr.write(`error: ${(error as Error).message}\n`);
  process.exit(1);
}
if (args.includes("--check")) {
  let actual = "";
  try {
    actual = readFileSync(file, "utf8");
  } catch {
    actual = "";
  }
  if (actual !== expected) {
    process.stderr.write(
      `${shown} is out of date with the CLI's definitions (- file, + generated):\n${diffHint(actual, expected)}\n` +
        "Run `bun scripts/gen-commands-doc.ts` to regenerate it (edit the prose in scripts/commands-prose.md).\n",
    );
    process.exit(1);
  }
  process.stdout.write(`${shown}: up to date\n`);
} else {
  writeFileSync(file, expected);
  process.stdout.write(`wrote ${shown}\n`);
}
