/**
 * Example blocks in the docs: the text between `<!-- example: ID -->` and `<!-- /example -->`
 * is the real output of the example ID (scripts/docs/examples.ts), inside one fenced code block.
 * scripts/docs-examples.ts regenerates it (`--write`) or compares it (`--check`).
 */

/** One example block of a markdown file. */
export interface Marker {
  readonly id: string;
  /** The fence's info string (`text`, `json`, `sh` …) to keep when the block is rewritten. */
  readonly lang: string;
  /** The code between the fences, without the final newline. */
  readonly body: string;
  /** The 1-based line of the opening marker. */
  readonly line: number;
}

const OPEN = /^<!-- example: ([a-z0-9][a-z0-9-]*) -->$/;
const CLOSE = "<!-- /example -->";

/** The example blocks of `text`; a malformed block throws, naming its line. */
export function findMarkers(text: string, file: string): Marker[] {
  const lines = text.split("\n");
  const found: Marker[] = [];
  let quoted = false; // inside a ```` or ~~~ block that shows markdown (markers there are text)
  for (let i = 0; i < lines.length; i++) {
    if (/^(`{4,}|~{3,})/.test(lines[i] as string)) quoted = !quoted;
    if (quoted) continue;
    const open = OPEN.exec(lines[i] as string);
    if (!open) {
      if ((lines[i] as string).startsWith("<!-- example"))
        throw new Error(`${file}:${i + 1}: malformed example marker`);
      continue;
    }
    const fence = /^(`{3,})(\S*)$/.exec(lines[i + 1] ?? "");
    if (!fence) throw new Error(`${file}:${i + 2}: an example marker must be followed by a fenced code block`);
    const end = lines.indexOf(fence[1] as string, i + 2);
    if (end < 0 || lines[end + 1] !== CLOSE)
      throw new Error(`${file}:${i + 1}: example "${open[1]}" needs its closing fence and then ${CLOSE}`);
    found.push({
      id: open[1] as string,
      lang: fence[2] as string,
      body: lines.slice(i + 2, end).join("\n"),
      line: i + 1,
    });
    i = end + 1;
  }
  return found;
}

/** `text` with the body of every example block replaced by `bodies[id]`. */
export function replaceMarkers(text: string, file: string, bodies: ReadonlyMap<string, string>): string {
  const lines = text.split("\n");
  const markers = findMarkers(text, file);
  for (const m of [...markers].reverse()) {
    const body = bodies.get(m.id);
    if (body === undefined) continue;
    const start = m.line + 1; // 0-based index of the first body line
    const count = m.body === "" ? 0 : m.body.split("\n").length;
    lines.splice(start, count, ...body.split("\n"));
  }
  return lines.join("\n");
}
