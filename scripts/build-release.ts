/**
 * Builds the release binaries into `dist/release/` (`npm run build:release`): one per target in
 * RELEASE_TARGETS (scripts/compile.ts), named `pormg-<target>` (`.exe` on Windows), and
 * `SHA256SUMS` in the format `sha256sum -c` checks. A darwin binary whose code signature does not
 * match its pages (Bun 1.4.5's darwin-x64) is re-signed ad hoc (scripts/macho-signature.ts).
 * Prints each file's size and the build time.
 * Usage: bun scripts/build-release.ts [--out DIR] [--only TARGET[,TARGET…]]
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { compile, RELEASE_TARGETS } from "./compile.ts";
import { adhocSign, checkSignature } from "./macho-signature.ts";

const root = resolve(import.meta.dir, "..");
const flag = (name: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const out = resolve(flag("--out") ?? join(root, "dist", "release"));
const only = flag("--only")?.split(",");
const unknown = only?.filter((name) => !RELEASE_TARGETS.some((t) => t.name === name)) ?? [];
if (unknown.length > 0) {
  console.error(`unknown target(s): ${unknown.join(", ")}; known: ${RELEASE_TARGETS.map((t) => t.name).join(", ")}`);
  process.exit(64);
}
const targets = RELEASE_TARGETS.filter((t) => !only || only.includes(t.name));

/** The release file name of a target. */
export function fileName(target: string): string {
  return `pormg-${target}${target.startsWith("windows-") ? ".exe" : ""}`;
}

// A fresh folder, so SHA256SUMS lists exactly what this build produced.
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const started = performance.now();
for (const target of targets) {
  const t0 = performance.now();
  const outfile = join(out, fileName(target.name));
  await compile({ outfile, name: target.name, bunTarget: target.bun });
  if (target.name.startsWith("darwin-")) {
    const check = checkSignature(readFileSync(outfile));
    if (!check.ok) {
      writeFileSync(outfile, adhocSign(readFileSync(outfile), "pormg"));
      console.log(`re-signed ${basename(outfile)} ad hoc (Bun's signature: ${check.reason})`);
    }
  }
  const mib = (statSync(outfile).size / 1024 / 1024).toFixed(1);
  console.log(`built ${basename(outfile)}  ${mib} MiB  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const sums = readdirSync(out)
  .filter((name) => name.startsWith("pormg-"))
  .sort()
  .map(
    (name) =>
      `${createHash("sha256")
        .update(readFileSync(join(out, name)))
        .digest("hex")}  ${name}\n`,
  )
  .join("");
writeFileSync(join(out, "SHA256SUMS"), sums);
console.log(`wrote ${relative(process.cwd(), join(out, "SHA256SUMS"))}`);
console.log(`${targets.length} target(s) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
