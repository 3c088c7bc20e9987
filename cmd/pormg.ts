#!/usr/bin/env bun
/**
 * The `pormg` executable. `--version` answers before anything else is loaded, so it stays fast
 * in the compiled binary; every other command loads the CLI lazily.
 */
import process from "node:process";
import { VERSION } from "../src/version.ts";

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === "--version" || args[0] === "-V")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import("./main.ts");
  process.exitCode = await main(args);
}
