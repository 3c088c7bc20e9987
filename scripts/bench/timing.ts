/**
 * Timing and statistics for the benchmarks: interleaved runs of child processes (each command of a
 * round runs once, in turn, so machine noise hits them alike), warm-up rounds that are not kept,
 * medians. Each run is a `Bun.spawnSync`, whose `resourceUsage` is the child's rusage as wait4(2)
 * reports it: CPU is user + system time of the child (its threads and reaped children included).
 * Its maxRSS is not usable: ru_maxrss survives execve, so a child spawned by this ~45 MB Bun process
 * reports at least Bun's own high-water mark (pg_dump read 44 MB where `/usr/bin/time` says 13 MB).
 * With `rss: true` every command runs under GNU time (`/usr/bin/time -f %M`, the wait4 rusage of the
 * command as seen from that small parent) and RSS is its figure; without it RSS is 0.
 * A command may prepare its run (a fresh database, a fresh project folder) and clean up after it;
 * neither is timed.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const root = resolve(import.meta.dir, "../..");

/** One command to time. `prepare` (untimed) returns this run's argv (e.g. with its own `--url`). */
export interface Command {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly prepare?: () => readonly string[];
  readonly cleanup?: () => void;
  /** Exit codes that count as success (default: 0 only). */
  readonly ok?: readonly number[];
}

/** The medians (and the 90th percentile of wall time) of one command's kept runs. */
export interface Timing {
  /** Wall time, ms. */
  readonly median: number;
  readonly p90: number;
  /** User + system CPU time of the child, ms. */
  readonly cpu: number;
  /** Peak resident set size of the child, bytes (median over the runs, and the largest). */
  readonly rss: number;
  readonly maxRss: number;
  readonly runs: number;
}

export interface RunOptions {
  readonly runs: number;
  /** Rounds run first and thrown away (default 3). */
  readonly warmup?: number;
  /** Measure peak RSS through `/usr/bin/time -f %M` (its fork/exec is in every command's wall time). */
  readonly rss?: boolean;
}

const GNU_TIME = "/usr/bin/time";

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** Runs every command `warmup + runs` times, interleaved, and returns each one's figures. */
export function timeRuns(commands: readonly (Command | readonly string[])[], options: RunOptions): Timing[] {
  const specs: Command[] = commands.map((c) => ("argv" in c ? c : { argv: c }));
  const warmup = options.warmup ?? 3;
  const samples = specs.map(() => ({ wall: [] as number[], cpu: [] as number[], rss: [] as number[] }));
  if (options.rss && !existsSync(GNU_TIME)) throw new Error(`${GNU_TIME} is missing (Debian package \`time\`)`);
  const rssFile = join(mkdtempSync(join(tmpdir(), "pormg-bench-rss-")), "rss");
  const wrap = options.rss ? [GNU_TIME, "-f", "%M", "-o", rssFile] : [];
  for (let round = 0; round < warmup + options.runs; round++) {
    specs.forEach((spec, index) => {
      const argv = spec.prepare?.() ?? spec.argv;
      try {
        const start = performance.now();
        const result = Bun.spawnSync([...wrap, ...argv], {
          cwd: spec.cwd ?? root,
          env: { ...process.env, NO_COLOR: "1", ...spec.env },
          stdin: "ignore",
          stdout: "ignore",
          stderr: "pipe",
        });
        const wall = performance.now() - start;
        if (!(spec.ok ?? [0]).includes(result.exitCode ?? -1))
          throw new Error(`${argv.join(" ")} exited ${result.exitCode}: ${result.stderr.toString().slice(0, 2000)}`);
        if (round < warmup) return;
        const sample = samples[index];
        sample?.wall.push(wall);
        sample?.cpu.push(Number(result.resourceUsage.cpuTime.total) / 1000);
        sample?.rss.push(options.rss ? Number(readFileSync(rssFile, "utf8").trim().split("\n").pop()) * 1024 : 0);
      } finally {
        spec.cleanup?.();
      }
    });
  }
  return samples.map((s) => ({
    median: median(s.wall),
    p90: quantile(s.wall, 0.9),
    cpu: median(s.cpu),
    rss: median(s.rss),
    maxRss: Math.max(...s.rss),
    runs: s.wall.length,
  }));
}

export const ms = (n: number): string => `${n.toFixed(1)} ms`;
export const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** A budget: the largest ratio that passes, or a text and a verdict of its own (an absolute limit). */
export type Budget = number | { readonly text: string; readonly pass: boolean } | undefined;

/** One result row: pormg's figure, the reference's, their ratio, the budget and the verdict. */
export function ratioRow(label: string, ours: string, reference: string, ratio: number, budget: Budget): void {
  const text = budget === undefined ? "—" : typeof budget === "number" ? `≤ ${budget}×` : budget.text;
  const pass = budget === undefined ? undefined : typeof budget === "number" ? ratio <= budget : budget.pass;
  const verdict = pass === undefined ? "—" : pass ? "pass" : "FAIL";
  console.log(
    `${label.padEnd(38)} ${ours.padStart(16)}  ${reference.padStart(34)}  ratio ${`${ratio.toFixed(2)}×`.padStart(7)}  budget ${text.padEnd(16)} ${verdict}`,
  );
}

/** The header line above ratio rows. */
export function header(title: string): void {
  console.log(`\n${title}`);
  console.log(
    `${"case".padEnd(38)} ${"pormg".padStart(16)}  ${"reference".padStart(34)}  ${"ratio".padEnd(13)}  ${"budget".padEnd(23)} verdict`,
  );
}

/** `ours` against `reference` by wall-time median, as one row. */
export function wallRow(label: string, ours: Timing, reference: Timing, referenceName: string, budget?: Budget): void {
  ratioRow(label, ms(ours.median), `${referenceName} ${ms(reference.median)}`, ours.median / reference.median, budget);
}

/** The binary to time: PORMG_BINARY when set (as the tests do), else dist/pormg (`npm run build`). */
export function binary(): string {
  const path = process.env.PORMG_BINARY ?? join(root, "dist", "pormg");
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build\` first`);
  return path;
}

let trivial: string | undefined;
/** A trivial program built with `bun build --compile` (the floor of a compiled Bun binary). */
export function trivialBinary(): string {
  if (trivial) return trivial;
  const dir = mkdtempSync(join(tmpdir(), "pormg-bench-"));
  writeFileSync(join(dir, "trivial.ts"), 'console.log("0.0.0");\n');
  const out = join(dir, "trivial");
  const built = spawnSync(process.execPath, ["build", "--compile", join(dir, "trivial.ts"), "--outfile", out], {
    stdio: "ignore",
  });
  if (built.status !== 0) throw new Error("bun build --compile trivial.ts failed");
  trivial = out;
  return out;
}

/** Whether `--quick` was given (smaller sizes, fewer runs: a smoke run). */
export const quick = (flags: readonly string[]): boolean => flags.includes("--quick");

/** Runs a setup command, throwing with its output when it fails. */
export function must(argv: readonly string[], options: { cwd?: string; input?: string } = {}): string {
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: options.cwd ?? root,
    encoding: "utf8",
    maxBuffer: 512 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  if (result.status !== 0)
    throw new Error(`${argv.join(" ")} failed (${result.status}): ${result.stderr}${result.stdout}`.slice(0, 4000));
  return result.stdout;
}
