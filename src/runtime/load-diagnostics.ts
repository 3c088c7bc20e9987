/**
 * What a runtime says about a user's file that failed to load, as `file:line:column: message`
 * diagnostics. The runtime shims (`load-error-bun.ts`, `load-error-deno.ts`) read the runtime's
 * own error objects into `LoadDiagnostic`s; this file holds what is the same on every runtime:
 * locating a thrown error in the file by its stack, and printing a diagnostic with its source line.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** A LoadDiagnostic is one error at a place in a file (line and column 1-based). */
export interface LoadDiagnostic {
  /** Absolute path of the file the error is in (the models file or a file it imports). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/** A path or `file://` URL as a path. */
export function asPath(fileOrUrl: string): string {
  return fileOrUrl.startsWith("file://") ? fileURLToPath(fileOrUrl) : fileOrUrl;
}

// One frame of a V8-style stack (Bun, Deno and Node all print them): `at fn (FILE:L:C)` or `at FILE:L:C`.
const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

/** A place in a file, from a stack frame. */
export interface StackPlace {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** The place of the first frame of `stack` whose file passes `wanted`, if any. */
export function stackLocation(stack: string | undefined, wanted: (file: string) => boolean): StackPlace | undefined {
  for (const text of (stack ?? "").split("\n")) {
    const m = FRAME.exec(text);
    if (!m) continue;
    // tsx on Node adds a query to the paths of the files it loads (`models.ts?namespace=…`).
    const file = asPath(m[1] as string).replace(/\?[^/\\]*$/, "");
    if (wanted(file)) return { file, line: Number(m[2]), column: Number(m[3]) };
  }
  return undefined;
}

/** Line `line` (1-based) of `file`, or undefined when it cannot be read. */
function sourceLine(file: string, line: number): string | undefined {
  try {
    return readFileSync(file, "utf8").split(/\r?\n/)[line - 1];
  } catch {
    return undefined;
  }
}

/**
 * The source line at `line` of `file` with a caret under `column`, indented, as two lines
 * (empty when the file cannot be read).
 */
export function codeFrame(file: string, line: number, column: number): string[] {
  const text = sourceLine(file, line);
  if (text === undefined) return [];
  const gutter = String(line);
  const pad = text.slice(0, Math.max(0, column - 1)).replace(/[^\t]/g, " ");
  return [`    ${gutter} | ${text}`, `    ${" ".repeat(gutter.length)} | ${pad}^`];
}

/** `shown:line:column: message`, where `show` turns the diagnostic's absolute path into the one to print. */
export function formatDiagnostic(d: LoadDiagnostic, show: (file: string) => string): string {
  return `${show(d.file)}:${d.line}:${d.column}: ${d.message}`;
}
