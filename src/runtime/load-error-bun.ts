/**
 * Bun's errors for a file it cannot build: an `AggregateError` of `BuildMessage`s (syntax errors)
 * or a single `BuildMessage` / `ResolveMessage` (an import that does not resolve), each with a
 * `position` `{ file, line, column, lineText }` and a `message`. The compiled binary throws the same.
 * A `ResolveMessage` may come without a position; its `referrer` and `specifier` say where to look.
 */
import { readFileSync } from "node:fs";
import type { LoadDiagnostic } from "./load-diagnostics.ts";

interface BunPosition {
  readonly file?: unknown;
  readonly line?: unknown;
  readonly column?: unknown;
}

function fromMessage(value: unknown): LoadDiagnostic | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { position, message } = value as { position?: BunPosition | null; message?: unknown };
  if (!position || typeof position.file !== "string" || typeof message !== "string") return undefined;
  const line = Number(position.line);
  const column = Number(position.column);
  if (!Number.isInteger(line) || line < 1) return undefined;
  return { file: position.file, line, column: Number.isInteger(column) && column > 0 ? column : 1, message };
}

/** Where the quoted `specifier` first appears in `referrer` (the import that did not resolve). */
function fromResolve(value: unknown): LoadDiagnostic | undefined {
  const { referrer, specifier, message } = (value ?? {}) as {
    referrer?: unknown;
    specifier?: unknown;
    message?: unknown;
  };
  if (typeof referrer !== "string" || typeof specifier !== "string" || typeof message !== "string") return undefined;
  let lines: string[];
  try {
    lines = readFileSync(referrer, "utf8").split(/\r?\n/);
  } catch {
    return undefined;
  }
  for (const [i, text] of lines.entries()) {
    const column = Math.max(text.indexOf(`"${specifier}"`), text.indexOf(`'${specifier}'`));
    if (column >= 0) return { file: referrer, line: i + 1, column: column + 1, message };
  }
  return undefined;
}

/** The located build errors in a Bun load failure, or undefined when it is none (a thrown error). */
export function buildDiagnostics(error: unknown): LoadDiagnostic[] | undefined {
  const single = fromMessage(error) ?? fromResolve(error);
  if (single) return [single];
  const errors = (error as { errors?: unknown } | null)?.errors;
  if (!Array.isArray(errors)) return undefined;
  const found = errors.map(fromMessage).filter((d): d is LoadDiagnostic => d !== undefined);
  return found.length > 0 ? found : undefined;
}
