/**
 * Builds the standalone binary `dist/pormg` with `bun build --compile`.
 * Usage: bun scripts/build.ts [--outfile PATH]
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");
const at = process.argv.indexOf("--outfile");
const outfile = at > 0 ? resolve(process.argv[at + 1] ?? "") : join(root, "dist", "pormg");

const result = spawnSync(
  process.execPath,
  [
    "build",
    "--compile",
    // ESM keeps the top-level await of the entry point; bytecode makes start-up faster.
    "--format=esm",
    "--bytecode",
    "--minify",
    join(root, "cmd", "pormg.ts"),
    "--outfile",
    outfile,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);
