/**
 * `pormg --version` and `pormg --version --json`: answered before the CLI is loaded, so they stay
 * fast in the compiled binary. The JSON document says which build this is (its target, or
 * "source") and what it runs on.
 */
import process from "node:process";
import { BUILD_TARGET, VERSION } from "../src/core/version.ts";
import { runtime, runtimeVersion } from "../src/runtime/runtime.ts";

const VERSION_FLAGS = new Set(["--version", "-V"]);

/** Whether `args` asks only for the version: `--version` or `-V`, optionally with `--json`. */
export function asksVersion(args: readonly string[]): boolean {
  const flags = args.filter((a) => VERSION_FLAGS.has(a));
  const rest = args.filter((a) => !VERSION_FLAGS.has(a) && a !== "--json");
  return flags.length === 1 && rest.length === 0 && args.length <= 2;
}

/** The `pormg.version/1` document. */
export function versionDocument() {
  return {
    schema: "pormg.version/1",
    version: VERSION,
    target: BUILD_TARGET,
    // A standalone executable; the npm package's Node bundle ("npm") and source runs are not.
    compiled: BUILD_TARGET !== "source" && BUILD_TARGET !== "npm",
    runtime,
    runtimeVersion,
    platform: process.platform,
    arch: process.arch,
    warnings: [] as string[],
  };
}

/** Prints the version (plain, or the JSON document with `--json`). */
export function printVersion(args: readonly string[]): void {
  const text = args.includes("--json") ? JSON.stringify(versionDocument(), null, 2) : VERSION;
  process.stdout.write(`${text}\n`);
}
