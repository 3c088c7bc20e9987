/**
 * Builds the npm package's JavaScript for Node.js into `dist/node/` (Bun.build, target node):
 * `cmd/pormg.mjs` (the package's `bin`) and `mod.mjs` (the library, `import … from "pormg"` on
 * Node), with the code they share in `chunks/` (code splitting: one copy in the tarball).
 * Usage: bun scripts/build-node.ts [--outdir DIR]   (npm runs it before `npm pack`: `prepack`)
 *
 * Every dependency is bundled except the ones that must stay files of their own at run time:
 * `better-sqlite3` (a native addon) and `tsx` (its loader registers files beside itself); both
 * are loaded only on Node, by the runtime shims. Ink's optional `react-devtools-core` resolves to
 * an empty module (`noDevtools`, `scripts/compile.ts`).
 */
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { noDevtools } from "./compile.ts";

const root = resolve(import.meta.dir, "..");
const at = process.argv.indexOf("--outdir");
const outdir = at > 0 ? resolve(process.argv[at + 1] ?? "") : join(root, "dist", "node");

rmSync(outdir, { recursive: true, force: true });
const result = await Bun.build({
  entrypoints: [join(root, "cmd", "pormg.ts"), join(root, "mod.ts")],
  root,
  outdir,
  target: "node",
  format: "esm",
  splitting: true,
  minify: true,
  naming: { entry: "[dir]/[name].mjs", chunk: "chunks/[name]-[hash].mjs" },
  external: ["better-sqlite3", "tsx", "tsx/*", "bun", "bun:*", "node:sqlite"],
  // React's production build (the development one is larger and slower).
  // The npm package says so in `pormg --version --json` ("target": "npm").
  define: { "process.env.NODE_ENV": JSON.stringify("production"), PORMG_BUILD_TARGET: JSON.stringify("npm") },
  plugins: [noDevtools],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
// The bin runs under Node wherever npm puts it on PATH (the source's shebang names Bun, and Bun then
// marks the output "// @bun", a bundle for Bun only).
const bin = join(outdir, "cmd", "pormg.mjs");
const text = readFileSync(bin, "utf8")
  .replace(/^#!.*\n/, "")
  .replace(/^\/\/ @bun\n/, "");
writeFileSync(bin, `#!/usr/bin/env node\n${text}`);
chmodSync(bin, 0o755);
for (const output of result.outputs) console.log(`built ${output.path}`);
