/**
 * The one place that asks which JavaScript runtime pormg runs on and hands out that runtime's
 * shims. Nothing else in `src/` touches `Bun.*`, `Deno.*`, `bun:*`, `node:sqlite`, `node:module`,
 * `better-sqlite3` or `tsx` (a test greps for it).
 */
import process from "node:process";
import type { LoadDiagnostic } from "./load-diagnostics.ts";
import { buildDiagnostics as bunBuildDiagnostics } from "./load-error-bun.ts";
import { buildDiagnostics as denoBuildDiagnostics } from "./load-error-deno.ts";
import { buildDiagnostics as nodeBuildDiagnostics } from "./load-error-node.ts";
import type { SqliteDatabase, SqliteOpenOptions } from "./sqlite-database.ts";

/** A RuntimeName is the JavaScript runtime pormg is running on. */
export type RuntimeName = "bun" | "deno" | "node";

function detect(): RuntimeName {
  const g = globalThis as { Bun?: unknown; Deno?: unknown };
  if (g.Bun !== undefined) return "bun";
  if (g.Deno !== undefined) return "deno";
  return "node";
}

/** The runtime this process runs on. */
export const runtime: RuntimeName = detect();

/** The version of that runtime (`1.4.5` for Bun, `2.9.6` for Deno, `22.20.0` for Node). */
export const runtimeVersion: string =
  (runtime === "node" ? process.versions.node : process.versions[runtime]) ?? "unknown";

/** Opens a SQLite file with the runtime's own client: bun:sqlite, node:sqlite (Deno) or better-sqlite3 (Node). */
export async function openSqliteDatabase(path: string, options: SqliteOpenOptions): Promise<SqliteDatabase> {
  switch (runtime) {
    case "bun":
      return await (await import("./sqlite-bun.ts")).openSqliteDatabase(path, options);
    case "deno":
      return await (await import("./sqlite-deno.ts")).openSqliteDatabase(path, options);
    case "node":
      return await (await import("./sqlite-node.ts")).openSqliteDatabase(path, options);
  }
}

/**
 * Makes `import … from "pormg"` in files loaded later resolve to `exports`. On Bun (and inside the
 * compiled binary) this registers a runtime plugin with a virtual module; on Node a module
 * customization hook does the same (`module-node.ts`); on Deno the import map in `deno.json` does it.
 */
export async function provideModule(name: string, exports: Record<string, unknown>): Promise<void> {
  if (runtime === "bun") await (await import("./module-bun.ts")).provideModule(name, exports);
  else if (runtime === "node") await (await import("./module-node.ts")).provideModule(name, exports);
}

/**
 * Imports a user's file (a `models.ts`) by its `file:` URL and returns its module namespace. Bun
 * and Deno import TypeScript themselves; Node.js loads it through tsx (`module-node.ts`).
 */
export async function importFile(url: string): Promise<Record<string, unknown>> {
  if (runtime === "node") return await (await import("./module-node.ts")).importFile(url);
  return (await import(url)) as Record<string, unknown>;
}

/**
 * The located errors in the runtime's report that a user's file failed to parse, compile or
 * resolve (`file:line:column: message` each), or undefined when the failure is none of those
 * (the file threw while it ran: `load-module.ts` locates that from the stack).
 */
export function loadErrorDiagnostics(error: unknown): LoadDiagnostic[] | undefined {
  switch (runtime) {
    case "bun":
      return bunBuildDiagnostics(error);
    case "deno":
      return denoBuildDiagnostics(error);
    case "node":
      return nodeBuildDiagnostics(error);
  }
}

/**
 * Runs a full garbage collection now, synchronously: `Bun.gc(true)` on Bun, `gc()` on Node when
 * it is exposed (`--expose-gc`), nothing otherwise. For a phase boundary after which much of what
 * was allocated is garbage: the collector would otherwise let the heap grow further before it runs,
 * and what it then frees no longer lowers the peak.
 */
export function collectGarbage(): void {
  if (runtime === "bun") (globalThis as unknown as { Bun: { gc(force: boolean): void } }).Bun.gc(true);
  else (globalThis as { gc?: () => void }).gc?.();
}
