import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { BIN, ROOT, run, tempDir } from "../lib/cli.ts";
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
    let binary = process.env.PORMG_BINARY;
    if (!binary) {
      binary = join(tempDir("pormg-build-"), "pormg");
      const built = run(process.execPath, [join(ROOT, "scripts", "build.ts"), "--outfile", binary], { cwd: ROOT });
      expect(built.code).toBe(0);
    }
    expect(existsSync(binary)).toBe(true);
    const emptyPath = tempDir("pormg-empty-path-");
    mkdirSync(join(emptyPath, "bin"));
    endToEndScenario((args, cwd) => run(binary, args, { cwd, env: { PATH: join(emptyPath, "bin") } }));
  }, 120_000);
});
