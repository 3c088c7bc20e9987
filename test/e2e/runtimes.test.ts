import { describe, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { BIN, compiledBinary, ROOT, run, tempDir } from "../lib/cli.ts";
import { endToEndScenario } from "../lib/scenario.ts";

describe("the end-to-end scenario", () => {
  test("under Bun", () => {
    endToEndScenario((args, cwd) => run(process.execPath, [join(ROOT, "cmd", "pormg.ts"), ...args], { cwd }));
  });

  test("under Deno", () => {
    const deno = join(BIN, "deno");
    endToEndScenario((args, cwd) =>
      run(deno, ["run", "-A", "--quiet", "--config", join(ROOT, "deno.json"), join(ROOT, "cmd", "pormg.ts"), ...args], {
        cwd,
      }),
    );
  }, 120_000);

  test("through the compiled binary, with no node, bun or deno on PATH", () => {
    const binary = compiledBinary();
    const emptyPath = tempDir("pormg-empty-path-");
    mkdirSync(join(emptyPath, "bin"));
    endToEndScenario((args, cwd) => run(binary, args, { cwd, env: { PATH: join(emptyPath, "bin") } }));
  }, 120_000);
});
