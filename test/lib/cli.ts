import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root. */
export const ROOT = resolve(import.meta.dir, "../..");
/** The PostgreSQL server the integration tests use. */
export const PG_URL = process.env.PORMG_TEST_PG_URL ?? "postgres://root@127.0.0.1:5432/test";
/** Executables installed by `npm ci`. */
export const BIN = join(ROOT, "node_modules", ".bin");

/** The outcome of one CLI run. */
export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command as a separate process with a clean, non-interactive environment. */
export function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Run {
  const result = spawnSync(command, [...args], {
    cwd: options.cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...options.env },
    timeout: 60_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs `pormg` from source under Bun as a separate process. */
export function pormg(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Run {
  return run(process.execPath, [join(ROOT, "cmd", "pormg.ts"), ...args], options);
}

/** Runs `pormg` from source under Bun as a separate process, without blocking (for many runs at once). */
export function pormgAsync(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  return runAsync(process.execPath, [join(ROOT, "cmd", "pormg.ts"), ...args], options);
}

/** Runs a command as a separate process, as `run` does, without blocking (for many runs at once). */
export async function runAsync(
  command: string,
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<Run> {
  const child = Bun.spawn([command, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NO_COLOR: "1", ...options.env },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const timer = setTimeout(() => child.kill(), 60_000);
  const [stdout, stderr, code] = await Promise.all([
    new Response(child.stdout).text(),
    new Response(child.stderr).text(),
    child.exited,
  ]);
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** Runs `tasks` with at most `limit` of them at a time, results in task order. */
export async function inBatches<T>(tasks: readonly (() => Promise<T>)[], limit = 6): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

let built: string | undefined;

/**
 * The compiled binary the tests run: `$PORMG_BINARY` when set (CI builds it once), otherwise one
 * built into a temporary directory on first use.
 */
export function compiledBinary(): string {
  if (built) return built;
  let binary = process.env.PORMG_BINARY;
  if (!binary) {
    binary = join(mkdtempSync(join(tmpdir(), "pormg-build-")), "pormg");
    const r = run(process.execPath, [join(ROOT, "scripts", "build.ts"), "--outfile", binary], { cwd: ROOT });
    if (r.code !== 0) throw new Error(`build failed: ${r.stderr}`);
  }
  if (!existsSync(binary)) throw new Error(`no binary at ${binary}`);
  built = binary;
  return binary;
}

/** A new empty temporary directory. */
export function tempDir(prefix = "pormg-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file below `dir` with its size and modification time, to prove a command wrote nothing. */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const stat = statSync(path);
      if (stat.isDirectory()) walk(path);
      else out.push(`${path} ${stat.size} ${stat.mtimeMs}`);
    }
  };
  walk(dir);
  return out;
}
