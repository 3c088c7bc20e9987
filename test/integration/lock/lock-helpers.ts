import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { isPormgError, type PormgError } from "../../../src/core/errors.ts";

/** A child process holding a lock (see fixtures/hold-lock.ts), with its output lines as they arrive. */
export interface Holder {
  readonly child: ChildProcess;
  /** The pid printed after `locked`: the PostgreSQL backend holding the lock, or the child's own pid. */
  readonly lockPid: number;
  /** Resolves with the epoch milliseconds the child printed when it released the lock. */
  readonly released: Promise<number>;
  /** Resolves when the process has exited. */
  readonly exited: Promise<number | null>;
}

const FIXTURE = join(import.meta.dir, "fixtures", "hold-lock.ts");

/** Starts `hold-lock.ts` in a separate Bun process and waits until it holds its lock. */
export async function startHolder(mode: "pg" | "sqlite" | "write", where: string, holdMs: number): Promise<Holder> {
  const child = spawn(process.execPath, [FIXTURE, mode, where, String(holdMs)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const lineMatching = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = out.match(pattern);
        if (match) resolve(match);
      };
      child.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        check();
      });
      child.stderr?.on("data", (chunk: Buffer) => {
        err += chunk.toString();
      });
      void exited.then(() => {
        check();
        reject(new Error(`holder exited before printing ${pattern}\nstdout: ${out}\nstderr: ${err}`));
      });
    });
  const locked = await lineMatching(/locked (\d+)/);
  const released = lineMatching(/released (\d+)/).then((m) => Number(m[1]));
  released.catch(() => {});
  return { child, lockPid: Number(locked[1]), released, exited };
}

/** Starts `count` copies of fixtures/claim.ts at once and returns what each printed. */
export async function claimConcurrently(count: number, args: readonly string[]): Promise<string[]> {
  const script = join(import.meta.dir, "fixtures", "claim.ts");
  const runs = Array.from({ length: count }, () => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    return new Promise<string>((resolve, reject) =>
      child.on("exit", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`exit ${code}: ${err}`)))),
    );
  });
  return await Promise.all(runs);
}

/** The PormgError `promise` rejects with (fails when it resolves, rethrows any other error). */
export async function failure(promise: Promise<unknown>): Promise<PormgError> {
  try {
    await promise;
  } catch (error) {
    if (isPormgError(error)) return error;
    throw error;
  }
  throw new Error("expected a PormgError");
}
