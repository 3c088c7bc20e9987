#!/usr/bin/env bun
/**
 * The `pormg` executable. `--version` answers before anything else is loaded, so it stays fast
 * in the compiled binary, and so does the completion scripts' callback (`completion --complete`);
 * every other command loads the CLI lazily. pormg prints with
 * `process.stdout.write`, so `console.log` (from a models file, say) goes to stderr and can never
 * corrupt `--json` output; and the process ends when the command does, whatever timers a models
 * file left behind.
 */
import process from "node:process";
import { asksVersion, printVersion } from "./version.ts";

const args = process.argv.slice(2);
if (asksVersion(args)) {
  printVersion(args);
} else if (args[0] === "completion" && args.some((a) => a === "--complete" || a.startsWith("--complete="))) {
  // A shell's completion callback: answered without loading the CLI, so Tab stays fast.
  const { completeFast } = await import("./completion/command.ts");
  completeFast(args);
} else {
  const toStderr = (...values: unknown[]) => console.error(...values);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
  const { main } = await import("./main.ts");
  process.exitCode = await main(args);
  // The process ends by itself once its output is flushed; a timer or socket a models file left
  // open would keep it alive, so it is ended shortly after (an unref'd timer holds nothing open).
  setTimeout(() => process.exit(), 2000).unref();
}
