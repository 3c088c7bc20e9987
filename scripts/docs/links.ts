/**
 * Checks that every relative link of the docs resolves: the file exists, and a `#anchor` names
 * a heading of it (GitHub's anchors: lowercased, punctuation dropped, spaces to hyphens,
 * repeated headings numbered `-1`, `-2` …).
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** GitHub's anchor for a heading's text. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- _]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a markdown file's headings (code fences skipped). */
export function anchors(text: string): Set<string> {
  const found = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of text.split("\n")) {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    const m = !fence && /^#{1,6} (.*)$/.exec(line);
    if (!m) continue;
    const s = slug(m[1] as string);
    const n = seen.get(s) ?? 0;
    seen.set(s, n + 1);
    found.add(n === 0 ? s : `${s}-${n}`);
  }
  return found;
}

/** Every `[text](target)` link outside code, with its line. */
function links(text: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  let fence = false;
  text.split("\n").forEach((line, i) => {
    if (/^(```|~~~)/.test(line)) fence = !fence;
    if (fence) return;
    const bare = line.replace(/`[^`]*`/g, "");
    for (const m of bare.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ target: m[1] as string, line: i + 1 });
  });
  return out;
}

/**
 * The broken relative links of `files` (paths relative to `root`), as `file:line: message`.
 * `pending` lists docs that other work adds: a link to one of them that does not exist yet is
 * reported in `pendingMissing` instead of as broken.
 */
export function checkLinks(
  root: string,
  files: readonly string[],
  pending: ReadonlySet<string> = new Set(),
): { broken: string[]; pendingMissing: string[] } {
  const broken: string[] = [];
  const pendingMissing = new Set<string>();
  const cache = new Map<string, Set<string>>();
  const anchorsOf = (path: string) => {
    let a = cache.get(path);
    if (!a) {
      a = anchors(readFileSync(path, "utf8"));
      cache.set(path, a);
    }
    return a;
  };
  for (const file of files) {
    const path = join(root, file);
    for (const { target, line } of links(readFileSync(path, "utf8"))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
      const [rawFile, anchor] = target.split("#") as [string, string | undefined];
      const linked = rawFile === "" ? path : join(dirname(path), decodeURI(rawFile));
      const shown = relative(root, linked);
      if (!existsSync(linked)) {
        if (pending.has(shown)) pendingMissing.add(shown);
        else broken.push(`${file}:${line}: ${target}: no such file`);
        continue;
      }
      if (anchor === undefined || statSync(linked).isDirectory()) continue;
      if (!linked.endsWith(".md")) {
        broken.push(`${file}:${line}: ${target}: an anchor into a file that is not markdown`);
        continue;
      }
      if (!anchorsOf(linked).has(anchor)) broken.push(`${file}:${line}: ${target}: no heading #${anchor} in ${shown}`);
    }
  }
  return { broken, pendingMissing: [...pendingMissing].sort() };
}
