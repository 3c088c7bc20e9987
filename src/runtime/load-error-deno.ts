/**
 * Deno's errors for a file it cannot parse or resolve: one error whose message holds the reason
 * on its first line and the place as `at file:///…:LINE:COLUMN` (after a source excerpt), such as
 * `SyntaxError: Expected ',', got ':'\n  |\n6 |   x: …\n  |   ~\n    at file:///db/models.ts:6:26`
 * or `Module not found "file:///db/nope.ts".\n    at file:///db/models.ts:2:8`.
 */
import { stripVTControlCharacters } from "node:util";
import { asPath, type LoadDiagnostic } from "./load-diagnostics.ts";

const AT = /^\s*at (file:\/\/\S+?):(\d+):(\d+)\s*$/m;

/** The located parse or resolve error in a Deno load failure, or undefined when it is none (a thrown error). */
export function buildDiagnostics(error: unknown): LoadDiagnostic[] | undefined {
  if (!(error instanceof Error)) return undefined;
  // Deno colours the place unless NO_COLOR is set.
  const text = stripVTControlCharacters(error.message);
  const m = AT.exec(text);
  if (!m) return undefined;
  const first = (text.split("\n")[0] ?? "").replace(/^SyntaxError: /, "").trim();
  return [{ file: asPath(m[1] as string), line: Number(m[2]), column: Number(m[3]), message: first }];
}
