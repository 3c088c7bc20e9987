import { join } from "node:path";
import { BIN, compiledBinary, ROOT, type Run, run, tempDir } from "./cli.ts";

/** Runs the real CLI as a separate process on one runtime. */
export type RunPormg = (args: string[], cwd: string, env?: Record<string, string>) => Run;

/** The CLI from source under Bun and Deno, and the compiled binary (with nothing on PATH). */
export const RUNTIMES: Record<"bun" | "deno" | "binary", RunPormg> = {
  bun: (args, cwd, env) =>
    run(process.execPath, [join(ROOT, "cmd", "pormg.ts"), ...args], { cwd, ...(env && { env }) }),
  deno: (args, cwd, env) =>
    run(
      join(BIN, "deno"),
      ["run", "-A", "--quiet", "--config", join(ROOT, "deno.json"), join(ROOT, "cmd", "pormg.ts"), ...args],
      {
        cwd,
        ...(env && { env }),
      },
    ),
  binary: (args, cwd, env) => run(compiledBinary(), args, { cwd, env: { PATH: tempDir(), ...env } }),
};
