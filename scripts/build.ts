/**
 * Builds the standalone binary `dist/pormg` with `bun build --compile` (Bun.build).
 * Usage: bun scripts/build.ts [--outfile PATH]
 *
 * Ink (the dashboard's renderer) imports `react-devtools-core` for its optional DevTools bridge
 * (only when DEV=true). That package is not a dependency, so a build plugin resolves it to an
 * empty module: the binary then never tries to load it.
 */
import { join, resolve } from "node:path";
import type { BunPlugin } from "bun";

const root = resolve(import.meta.dir, "..");
const at = process.argv.indexOf("--outfile");
const outfile = at > 0 ? resolve(process.argv[at + 1] ?? "") : join(root, "dist", "pormg");

/** Resolves `react-devtools-core` to an empty module (see the file comment). */
const noDevtools: BunPlugin = {
  name: "no-react-devtools",
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: "react-devtools-core", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({
      contents: "export default { initialize() {}, connectToDevTools() {} };",
      loader: "js",
    }));
  },
};

const result = await Bun.build({
  entrypoints: [join(root, "cmd", "pormg.ts")],
  compile: { outfile },
  // ESM keeps the top-level await of the entry point; bytecode makes start-up faster.
  format: "esm",
  bytecode: true,
  minify: true,
  plugins: [noDevtools],
});
if (!result.success) {
  for (const log of result.logs) console.error(log);
  process.exit(1);
}
console.log(`built ${outfile}`);
