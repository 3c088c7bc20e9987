/**
 * Compiles `cmd/pormg.ts` into one standalone executable with `bun build --compile` (Bun.build),
 * for the host or for another target (Bun fetches that target's runtime from the npm registry).
 * Used by `scripts/build.ts` (the host's `dist/pormg`) and `scripts/build-release.ts` (every target).
 *
 * Ink (the dashboard's renderer) imports `react-devtools-core` for its optional DevTools bridge
 * (only when DEV=true). That package is not a dependency, so a build plugin resolves it to an
 * empty module: the binary then never tries to load it.
 *
 * The target's name is compiled in as `PORMG_BUILD_TARGET` (read by `src/core/version.ts`), so
 * `pormg --version --json` says which build it is.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import process from "node:process";
import type { BunPlugin } from "bun";

const root = resolve(import.meta.dir, "..");

/**
 * The release targets: pormg's name for each (the file name's suffix) and Bun's. linux-x64 uses
 * Bun's baseline runtime (x86-64-v2, Nehalem 2008+): Bun's default glibc x64 runtime is built for
 * Haswell (AVX2) and does not start on older CPUs or on VMs with a conservative CPU model. (For
 * musl, Windows and macOS x64, Bun 1.4.5's default and baseline runtimes are the same file.)
 */
export const RELEASE_TARGETS = [
  { name: "linux-x64", bun: "bun-linux-x64-baseline" },
  { name: "linux-x64-musl", bun: "bun-linux-x64-musl" },
  { name: "linux-arm64", bun: "bun-linux-arm64" },
  { name: "linux-arm64-musl", bun: "bun-linux-arm64-musl" },
  { name: "darwin-x64", bun: "bun-darwin-x64" },
  { name: "darwin-arm64", bun: "bun-darwin-arm64" },
  { name: "windows-x64", bun: "bun-windows-x64" },
] as const;

/** pormg's name for the machine this runs on, e.g. `linux-x64` or `linux-arm64-musl`. */
export function hostTarget(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  const report = process.report?.getReport?.() as { header?: { glibcVersionRuntime?: string } } | undefined;
  const musl = process.platform === "linux" && !report?.header?.glibcVersionRuntime && existsMuslLoader();
  return `${os}-${process.arch}${musl ? "-musl" : ""}`;
}

function existsMuslLoader(): boolean {
  return ["x86_64", "aarch64"].some((arch) => existsSync(`/lib/ld-musl-${arch}.so.1`));
}

/** Resolves `react-devtools-core` to an empty module (see the file comment). */
export const noDevtools: BunPlugin = {
  name: "no-react-devtools",
  setup(build) {
    build.onResolve({ filter: /^react-devtools-core$/ }, () => ({ path: "react-devtools-core", namespace: "empty" }));
    build.onLoad({ filter: /.*/, namespace: "empty" }, () => ({
      contents: "export default { initialize() {}, connectToDevTools() {} };",
      loader: "js",
    }));
  },
};

/**
 * Builds the executable at `outfile`. `bunTarget` is Bun's name for a cross target (omitted: the
 * host); `name` is what `--version --json` reports as the target.
 */
export async function compile(options: { outfile: string; name: string; bunTarget?: string }): Promise<void> {
  const result = await Bun.build({
    entrypoints: [join(root, "cmd", "pormg.ts")],
    compile: options.bunTarget
      ? { outfile: options.outfile, target: options.bunTarget as Bun.Build.CompileTarget }
      : { outfile: options.outfile },
    // ESM keeps the top-level await of the entry point; bytecode makes start-up faster (Bun
    // produces it for cross targets too: the target's runtime is the same Bun version).
    format: "esm",
    bytecode: true,
    // Each lazily imported module (the CLI behind `--version`, the dashboard's Ink and React, the
    // Node-only loader) becomes a chunk of its own, loaded only when imported: a command maps and
    // runs only the code it reaches. Measured: `--version` 42 → 35 MB max RSS, `check` at 500
    // tables 101 → 97 MB, start-up no slower.
    splitting: true,
    minify: true,
    define: { PORMG_BUILD_TARGET: JSON.stringify(options.name) },
    plugins: [noDevtools],
  });
  if (!result.success) {
    for (const log of result.logs) console.error(log);
    throw new Error(`building ${options.outfile} failed`);
  }
}
