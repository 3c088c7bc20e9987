/**
 * The runtime shims read each runtime's real report of a file that does not parse into
 * `file:line:column: message` (1-based): Deno's and Node-with-tsx's errors are produced here by
 * running those runtimes as separate processes on a broken file; Bun's in this process.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stackLocation } from "../../../src/runtime/load-diagnostics.ts";
import { buildDiagnostics as bun } from "../../../src/runtime/load-error-bun.ts";
import { buildDiagnostics as deno } from "../../../src/runtime/load-error-deno.ts";
import { buildDiagnostics as node } from "../../../src/runtime/load-error-node.ts";
import { BIN, ROOT, run, tempDir } from "../../lib/cli.ts";

const BROKEN = "export const a = 1;\nexport const b = f(x: 1);\n";
// The ":" after x: line 2, column 21 (1-based).
const AT = { line: 2, column: 21 };

function brokenFile(): string {
  const file = join(tempDir("pormg-load-errors-"), "models.ts");
  writeFileSync(file, BROKEN);
  return file;
}

/** The message of the error a separate process got importing `file`, rebuilt as an Error. */
function errorFrom(command: string, args: string[], file: string): Error {
  const r = run(command, args, { cwd: ROOT, env: { FILE: file } });
  const { name, message } = JSON.parse(r.stdout.trim().split("\n").at(-1) as string);
  return Object.assign(new Error(message), { name });
}

const PRINT_ERROR =
  "try { await IMPORT(process.env.FILE); } catch (e) { console.log(JSON.stringify({ name: e.name, message: e.message })); }";

describe("load error shims", () => {
  test("Bun: the AggregateError of BuildMessages", async () => {
    const file = brokenFile();
    const error = await import(file).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(bun(error)?.[0]).toEqual({ file, ...AT, message: 'Expected ")" but found ":"' });
  });

  test("Deno: the place in the message", () => {
    const file = brokenFile();
    const script = join(tempDir(), "probe.ts");
    writeFileSync(script, PRINT_ERROR.replace("IMPORT", "import"));
    const error = errorFrom(join(BIN, "deno"), ["run", "-A", "--quiet", script], file);
    expect(deno(error)).toEqual([{ file, ...AT, message: "Expected ',', got ':'" }]);
  });

  test("Node with tsx: esbuild's FILE:LINE:COLUMN: ERROR lines, the column made 1-based", () => {
    const file = brokenFile();
    const script = join(tempDir(), "probe.mjs");
    writeFileSync(
      script,
      `import { tsImport } from ${JSON.stringify(join(ROOT, "node_modules", "tsx", "dist", "esm", "api", "index.mjs"))};\n${PRINT_ERROR.replace("IMPORT(process.env.FILE)", "tsImport(process.env.FILE, import.meta.url)")}`,
    );
    const error = errorFrom("node", [script], file);
    expect(node(error)).toEqual([{ file, ...AT, message: 'Expected ")" but found ":"' }]);
  });

  test("a thrown error is none of them; its stack gives the place in the file", () => {
    const thrown = new TypeError("x");
    expect(bun(thrown)).toBeUndefined();
    expect(deno(thrown)).toBeUndefined();
    expect(node(thrown)).toBeUndefined();
    const stack =
      "TypeError: x\n    at f (/p/lib.ts:3:9)\n    at /p/models.ts?namespace=1:7:5\n    at file:///p/models.ts:9:1";
    expect(stackLocation(stack, (f) => f === "/p/models.ts")).toEqual({ file: "/p/models.ts", line: 7, column: 5 });
    expect(stackLocation(stack, (f) => f === "/p/other.ts")).toBeUndefined();
  });
});
