/**
 * Keeps the docs true: every `<!-- example: ID -->` block of README.md and docs/*.md is the real
 * output of the CLI (scripts/docs/examples.ts), and every relative link resolves.
 *
 *   bun scripts/docs-examples.ts --check   regenerate, diff, exit 1 on any difference or broken link
 *   bun scripts/docs-examples.ts --write   rewrite the example blocks with fresh output
 *
 * `npm run lint` runs `--check`. docs/development.md describes the marker format.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import { examplesBase, runExample, type Scenario } from "./docs/examples.ts";
import { checkLinks } from "./docs/links.ts";
import { findMarkers, replaceMarkers } from "./docs/markers.ts";
import { closeTmux } from "./docs/tmux.ts";

const ROOT = resolve(import.meta.dirname, "..");

/** Docs other branches of issue 13 add; until they are merged a link to one is reported, not failed. */
const PENDING = new Set<string>([]);

function docs(): string[] {
  const dir = join(ROOT, "docs");
  return [
    "README.md",
    ...readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .sort()
      .map((f) => `docs/${f}`),
  ];
}

/** The first lines where `want` and `have` differ, for the report. */
function firstDifference(have: string, want: string): string {
  const a = have.split("\n");
  const b = want.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if (a[i] !== b[i])
      return `line ${i + 1} of the block:\n    doc: ${a[i] ?? "(missing)"}\n    run: ${b[i] ?? "(missing)"}`;
  return "";
}

async function main(argv: readonly string[]): Promise<number> {
  const mode = argv.includes("--write") ? "write" : argv.includes("--check") ? "check" : undefined;
  if (!mode) {
    process.stderr.write("usage: bun scripts/docs-examples.ts --check | --write\n");
    return 64;
  }
  const files = docs();
  const base = examplesBase();
  const made = new Map<Scenario, string>();
  const stale: string[] = [];
  try {
    for (const file of files) {
      const path = join(ROOT, file);
      const text = readFileSync(path, "utf8");
      const markers = findMarkers(text, file);
      if (markers.length === 0) continue;
      const bodies = new Map<string, string>();
      for (const m of markers) {
        const fresh = bodies.get(m.id) ?? (await runExample(m.id, base, made));
        bodies.set(m.id, fresh);
        if (fresh !== m.body)
          stale.push(`${file}:${m.line}: example "${m.id}" differs, ${firstDifference(m.body, fresh)}`);
      }
      if (mode === "write") {
        const next = replaceMarkers(text, file, bodies);
        if (next !== text) {
          writeFileSync(path, next);
          process.stdout.write(`updated ${file}\n`);
        }
      }
    }
  } finally {
    closeTmux();
    rmSync(base, { recursive: true, force: true });
  }
  const { broken, pendingMissing } = checkLinks(ROOT, files, PENDING);
  for (const p of pendingMissing)
    process.stderr.write(`note: ${p} is linked but not in this tree yet (another branch adds it)\n`);
  for (const b of broken) process.stderr.write(`error: broken link ${b}\n`);
  if (mode === "check")
    for (const s of stale)
      process.stderr.write(`error: ${s}\n  run \`bun scripts/docs-examples.ts --write\` to update\n`);
  const failed = broken.length + (mode === "check" ? stale.length : 0);
  process.stdout.write(
    `docs: ${files.length} files, ${stale.length} stale example(s)${mode === "write" ? " rewritten" : ""}, ${broken.length} broken link(s)\n`,
  );
  return failed > 0 ? 1 : 0;
}

process.exit(await main(process.argv.slice(2)));
