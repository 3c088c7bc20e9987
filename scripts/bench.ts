/**
 * Performance benchmarks against reference runs on the same machine, printed side by side with
 * their ratio and the budget from design §9. Never used by tests: numbers vary by machine.
 *
 * Usage: bun scripts/bench.ts [case …]   (default: every case)
 * Cases:
 *   version   `dist/pormg --version` vs a trivial program built with `bun build --compile`
 *             (budget ≤ 25 ms)
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dir, "..");

/** Median and 90th percentile of `runs` timed runs of a command, in milliseconds. */
interface Timing {
  readonly median: number;
  readonly p90: number;
}

function timeRuns(commands: readonly (readonly string[])[], runs: number): Timing[] {
  const samples: number[][] = commands.map(() => []);
  for (let i = 0; i < runs + 3; i++) {
    // Interleave the commands so machine noise hits them alike; the first 3 rounds warm caches.
    commands.forEach((command, index) => {
      const start = performance.now();
      const result = spawnSync(command[0] as string, command.slice(1), { stdio: "ignore" });
      const elapsed = performance.now() - start;
      if (result.status !== 0) throw new Error(`${command.join(" ")} exited ${result.status}`);
      if (i >= 3) samples[index]?.push(elapsed);
    });
  }
  return samples.map((s) => {
    const sorted = [...s].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
    return { median: at(0.5), p90: at(0.9) };
  });
}

function build(entry: string, outfile: string): void {
  const result = spawnSync(process.execPath, ["build", "--compile", entry, "--outfile", outfile], { stdio: "ignore" });
  if (result.status !== 0) throw new Error(`bun build --compile ${entry} failed`);
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

function row(name: string, ours: Timing, reference: Timing, referenceName: string, budget: string): void {
  console.log(
    `${name.padEnd(22)} pormg ${ms(ours.median).padStart(9)} (p90 ${ms(ours.p90)})   ` +
      `${referenceName} ${ms(reference.median).padStart(9)} (p90 ${ms(reference.p90)})   ` +
      `ratio ${(ours.median / reference.median).toFixed(2)}×   budget ${budget}`,
  );
}

function benchVersion(): void {
  const binary = join(root, "dist", "pormg");
  if (!existsSync(binary)) throw new Error("dist/pormg is missing: run `npm run build` first");
  const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
  writeFileSync(join(dir, "trivial.ts"), 'console.log("0.0.0");\n');
  build(join(dir, "trivial.ts"), join(dir, "trivial"));
  const [ours, reference] = timeRuns([[binary, "--version"], [join(dir, "trivial")]], 50) as [Timing, Timing];
  row(
    "--version (binary)",
    ours,
    reference,
    "trivial bun binary",
    `≤ 25 ms (now ${ours.median <= 25 ? "met" : "MISSED"})`,
  );
}

const cases: Record<string, () => void | Promise<void>> = { version: benchVersion };
const wanted = process.argv.slice(2);
for (const name of wanted.length > 0 ? wanted : Object.keys(cases)) {
  const run = cases[name];
  if (!run) {
    console.error(`unknown case "${name}"; cases: ${Object.keys(cases).join(", ")}`);
    process.exit(64);
  }
  await run();
}
