/**
 * Why a user's file (a models file) failed to load, as the message and details of its
 * `MODEL_INVALID` error: each parse, compile or resolve error as `file:line:column: message`
 * (the runtime's report, read by its shim: `loadErrorDiagnostics`), or for a file that threw, the
 * exception and where in the file it was thrown (from the stack), with the source line.
 */
import { existsSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import process from "node:process";
import { fileURLToPath } from "node:url";
import { codeFrame, formatDiagnostic, stackLocation } from "./load-diagnostics.ts";
import { loadErrorDiagnostics } from "./runtime.ts";

/** The message and details of a failed load. */
export interface LoadFailure {
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** pormg's own sources (frames there are not the user's; inside the binary they are not on disk). */
const OWN_ROOT = (() => {
  try {
    return fileURLToPath(new URL("../..", import.meta.url));
  } catch {
    return "\0";
  }
})();

/** Whether `path` is pormg's own source or an installed package's (never the user's file). */
function ownOrPackage(path: string): boolean {
  return path.startsWith(OWN_ROOT) || path.split(/[\\/]/).includes("node_modules");
}

/** A built-in error class's name worth printing before its message (`TypeError: …`). */
function reasonOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const builtin = ["TypeError", "ReferenceError", "RangeError", "SyntaxError", "URIError", "EvalError"];
  return builtin.includes(error.name) ? `${error.name}: ${error.message}` : error.message;
}

/**
 * Describes the failure `error` of loading `file` (printed as `shown`); `hint` is appended to the
 * reason of a thrown error.
 */
export function describeLoadFailure(error: unknown, file: string, shown: string, hint = ""): LoadFailure {
  const show = (path: string) => (path === file ? shown : relative(process.cwd(), path) || path);
  const diagnostics = loadErrorDiagnostics(error);
  if (diagnostics && diagnostics.length > 0) {
    const lines = diagnostics.flatMap((d, i) => [
      `  ${formatDiagnostic(d, show)}`,
      ...(i === 0 ? codeFrame(d.file, d.line, d.column) : []),
    ]);
    const count = `${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"}`;
    return {
      message: `${shown} failed to load: ${count}\n${lines.join("\n")}`,
      details: {
        file,
        reason: diagnostics.map((d) => formatDiagnostic(d, show)).join("\n"),
        errors: diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, message: d.message })),
      },
    };
  }
  const reason = reasonOf(error);
  const stack = error instanceof Error ? error.stack : undefined;
  // Where the models file was running when it threw; else the first frame in another of the user's files.
  const at =
    stackLocation(stack, (path) => path === file) ??
    stackLocation(stack, (path) => isAbsolute(path) && !ownOrPackage(path) && existsSync(path));
  const where = at ? [`  at ${show(at.file)}:${at.line}:${at.column}`, ...codeFrame(at.file, at.line, at.column)] : [];
  return {
    message: [`${shown} failed to load: ${reason}${hint}`, ...where].join("\n"),
    details: { file, reason, ...(at && { at: { file: at.file, line: at.line, column: at.column } }) },
  };
}
