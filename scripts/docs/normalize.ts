/**
 * Makes a command's output stable so a doc example can be compared with a fresh run: the
 * scratch folder becomes /srv/app, and versions, hashes, timestamps, durations, process ids
 * and hosts become placeholders — the same value the same placeholder within one example.
 */

/**
 * Stable placeholders for one example's output. `byAge` numbers the plan versions oldest first
 * rather than in order of appearance (a screen laid out in columns reads in no fixed order).
 */
export function normalize(text: string, scratch: string, byAge = false): string {
  const versions = new Map<string, string>();
  if (byAge)
    for (const v of [...new Set(text.match(/(?<!\d)20\d{15}(?!\d)/g) ?? [])].sort())
      placeholder(versions, v, (n) => `2026010112000${String(n).padStart(4, "0")}`);
  const hashes = new Map<string, string>();
  const short = new Map<string, string>();
  return (
    text
      .split(scratch)
      .join("/srv/app")
      // 17-digit plan versions, in order of first appearance: 20260101120000001, …2 …
      .replace(/(?<!\d)20\d{15}(?!\d)/g, (v) =>
        placeholder(versions, v, (n) => `2026010112000${String(n).padStart(4, "0")}`),
      )
      .replace(/\b[0-9a-f]{64}\b/g, (h) => {
        if (/^0{64}$/.test(h)) return h;
        return placeholder(hashes, h, (n) => `${"e".repeat(60)}${String(n).padStart(4, "0")}`);
      })
      // Shortened checksums and hashes in text output (`8f72f66b85ff…`).
      .replace(/\b[0-9a-f]{12,16}(?=…)/g, (h) => placeholder(short, h, (n) => `abcd${String(n).padStart(8, "0")}`))
      .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, "2026-01-01T12:00:00.000Z")
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?( UTC)?/g, "2026-01-01 12:00:00$2")
      .replace(/"durationMs": [0-9.]+/g, '"durationMs": 0')
      // In a table (two or more spaces before) the column keeps its width: right-aligned numbers.
      .replace(/( {2,})(\d+(?:\.\d+)?) ?ms\b/g, (_, pad: string, n: string) => `${pad}${"0".padStart(n.length)} ms`)
      .replace(/\b\d+(\.\d+)? ?ms\b/g, "0 ms")
      .replace(/\b\d+\.\d+ s\b/g, "0.0 s")
      .replace(/\b[\w.-]+@[\w.-]+:\d+ pormg\/[\w.-]+/g, "user@host:4242 pormg/0.0.0")
  );
}

function placeholder(seen: Map<string, string>, value: string, make: (n: number) => string): string {
  let p = seen.get(value);
  if (p === undefined) {
    p = make(seen.size + 1);
    seen.set(value, p);
  }
  return p;
}
