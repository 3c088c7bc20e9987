/**
 * Node's errors for a TypeScript file it cannot transform, as tsx reports them: esbuild's
 * `Transform failed with N error(s):` followed by one `FILE:LINE:COLUMN: ERROR: message` line per
 * error, the column counted from 0 (made 1-based here).
 */
import type { LoadDiagnostic } from "./load-diagnostics.ts";

const ESBUILD_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/gm;

/** The located transform errors in a Node (tsx) load failure, or undefined when it is none (a thrown error). */
export function buildDiagnostics(error: unknown): LoadDiagnostic[] | undefined {
  if (!(error instanceof Error) || !error.message.startsWith("Transform failed")) return undefined;
  const found = [...error.message.matchAll(ESBUILD_ERROR)].map((m) => ({
    file: m[1] as string,
    line: Number(m[2]),
    column: Number(m[3]) + 1,
    message: m[4] as string,
  }));
  return found.length > 0 ? found : undefined;
}
