import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { asksVersion } from "../../cmd/version.ts";
import { hostTarget } from "../../scripts/compile.ts";
import { VERSION } from "../../src/core/version.ts";
import { BIN, compiledBinary, pormg, ROOT, run, tempDir } from "../lib/cli.ts";

function versionJson(r: { code: number; stdout: string; stderr: string }): Record<string, unknown> {
  if (r.code !== 0) throw new Error(`exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe("pormg --version --json", () => {
  const cwd = tempDir();

  test("from source under Bun: target source, runtime bun", () => {
    expect(versionJson(pormg(["--version", "--json"], { cwd }))).toEqual({
      schema: "pormg.version/1",
      version: VERSION,
      target: "source",
      compiled: false,
      runtime: "bun",
      runtimeVersion: process.versions.bun,
      platform: process.platform,
      arch: process.arch,
      warnings: [],
    });
  });

  test("the flags in either order, -V too; plain --version stays one line", () => {
    const a = versionJson(pormg(["--json", "--version"], { cwd }));
    const b = versionJson(pormg(["-V", "--json"], { cwd }));
    expect(a).toEqual(b);
    expect(pormg(["--version"], { cwd }).stdout).toBe(`${VERSION}\n`);
  });

  test("from source under Deno: runtime deno", () => {
    const deno = join(BIN, "deno");
    const doc = versionJson(
      run(
        deno,
        [
          "run",
          "-A",
          "--quiet",
          "--config",
          join(ROOT, "deno.json"),
          join(ROOT, "cmd", "pormg.ts"),
          "--version",
          "--json",
        ],
        { cwd },
      ),
    );
    expect(doc).toMatchObject({ schema: "pormg.version/1", target: "source", compiled: false, runtime: "deno" });
    expect(String(doc.runtimeVersion)).toMatch(/^\d+\.\d+\.\d+/);
  }, 60_000);

  test("the compiled binary names the host target it was built for", () => {
    const doc = versionJson(run(compiledBinary(), ["--version", "--json"], { cwd }));
    expect(doc).toMatchObject({
      schema: "pormg.version/1",
      version: VERSION,
      target: hostTarget(),
      compiled: true,
      runtime: "bun",
      arch: process.arch,
    });
  }, 120_000);
});

describe("asksVersion", () => {
  test("only the version flag, with or without --json", () => {
    expect(asksVersion(["--version"])).toBe(true);
    expect(asksVersion(["-V", "--json"])).toBe(true);
    expect(asksVersion(["--json", "--version"])).toBe(true);
    expect(asksVersion(["--json"])).toBe(false);
    expect(asksVersion(["--version", "--version"])).toBe(false);
    expect(asksVersion(["info", "--version"])).toBe(false);
    expect(asksVersion(["--version", "--json", "--db"])).toBe(false);
  });
});
