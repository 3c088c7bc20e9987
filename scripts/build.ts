/**
 * Builds the standalone binary `dist/pormg` for the machine it runs on (see scripts/compile.ts).
 * Usage: bun scripts/build.ts [--outfile PATH]
 */
import { join, resolve } from "node:path";
import { compile, hostTarget } from "./compile.ts";

const root = resolve(import.meta.dir, "..");
const at = process.argv.indexOf("--outfile");
const outfile = at > 0 ? resolve(process.argv[at + 1] ?? "") : join(root, "dist", "pormg");

try {
  await compile({ outfile, name: hostTarget() });
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
console.log(`built ${outfile}`);
