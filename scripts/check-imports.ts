/**
 * Checks pormg's import graph (`bun scripts/check-imports.ts`, run by `npm run lint` and CI):
 *
 * - no cycle between files of `mod.ts`, `src/` and `cmd/` (type-only imports count too);
 * - no cycle between layers: a layer is a top-level folder of `src/`, each dialect's folder
 *   (`src/dialect/postgres/`), `cmd/` or `mod.ts`; the registry `src/dialect/dialect.ts` is a
 *   layer above the dialect folders, which implement the part types the generic layers declare;
 * - no dialect folder imports another (`src/dialect/postgres/` never imports `src/dialect/sqlite/`);
 * - outside `src/dialect/`, code imports only the registry `src/dialect/dialect.ts`, never a
 *   dialect's own files;
 * - outside `src/dialect/`, no code compares a dialect name (`=== "sqlite"`, `case "postgresql":`):
 *   it asks a capability or calls a part of the Dialect instead.
 *
 * Imports are read from the source text (`import … from "…"`, `export … from "…"`, `import("…")`),
 * so the check needs no compiler. It prints every cycle it finds and exits 1, or prints a summary.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import process from "node:process";

const root = join(import.meta.dirname, "..");
const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)"(\.{1,2}\/[^"]+)"/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** The file graph: each file to the files it imports. */
export function importGraph(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    const targets = [...text.matchAll(specifier)].map((m) => normalize(join(dirname(file), m[1] as string)));
    graph.set(
      file,
      [...new Set(targets)].filter((t) => known.has(t)),
    );
  }
  return graph;
}

/** The layer a file belongs to: `src/<folder>`, `cmd` or the file itself at the top. */
export function layerOf(file: string): string {
  const parts = file.split("/");
  if (parts[0] === "src" && parts[1] === "dialect" && parts.length > 3) return `src/dialect/${parts[2]}`;
  if (parts[0] === "src" && parts.length > 2) return `src/${parts[1]}`;
  if (parts[0] === "cmd") return "cmd";
  return file;
}

/** Strongly connected components with more than one node (or a self-loop): the cycles. */
export function cycles(graph: Map<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (node: string): void => {
    indices.set(node, index);
    low.set(node, index++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!indices.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node) as number, indices.get(next) as number));
    }
    if (low.get(node) !== indices.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) out.push(component.sort());
  };
  for (const node of graph.keys()) if (!indices.has(node)) visit(node);
  return out;
}

function layerGraph(files: Map<string, string[]>): Map<string, string[]> {
  const layers = new Map<string, Set<string>>();
  for (const [file, targets] of files) {
    const from = layerOf(file);
    const set = layers.get(from) ?? new Set<string>();
    for (const target of targets) if (layerOf(target) !== from) set.add(layerOf(target));
    layers.set(from, set);
  }
  return new Map([...layers].map(([layer, set]) => [layer, [...set]]));
}

function crossDialectImports(files: Map<string, string[]>): string[] {
  const folder = (file: string) => /^src\/dialect\/([^/]+)\//.exec(file)?.[1];
  return [...files].flatMap(([file, targets]) =>
    targets
      .filter((t) => folder(file) !== undefined && folder(t) !== undefined && folder(t) !== folder(file))
      .map((t) => `${file} → ${t}`),
  );
}

function reachesIntoDialects(files: Map<string, string[]>): string[] {
  return [...files].flatMap(([file, targets]) =>
    file.startsWith("src/dialect/")
      ? []
      : targets.filter((t) => /^src\/dialect\/[^/]+\//.test(t)).map((t) => `${file} → ${t}`),
  );
}

const nameComparison =
  /[!=]==?\s*"(?:postgresql|sqlite)"|"(?:postgresql|sqlite)"\s*[!=]==?|\bcase\s+"(?:postgresql|sqlite)"\s*:/;

/** Lines outside `src/dialect/` that compare a dialect name. */
export function nameComparisons(files: readonly string[]): string[] {
  return files
    .filter((file) => !file.startsWith("src/dialect/"))
    .flatMap((file) =>
      readFileSync(join(root, file), "utf8")
        .split("\n")
        .map((line, i) => [line, i + 1] as const)
        .filter(([line]) => nameComparison.test(line) && !/^\s*(\/\/|\*)/.test(line))
        .map(([line, n]) => `${file}:${n}: ${line.trim()}`),
    );
}

if (import.meta.main) {
  const files = importGraph([...sourceFiles("src"), ...sourceFiles("cmd"), "mod.ts"].map((f) => relative(".", f)));
  const fileCycles = cycles(files);
  const layers = layerGraph(files);
  const layerCycles = cycles(layers);
  const crossed = crossDialectImports(files);
  const reached = reachesIntoDialects(files);
  const compared = nameComparisons([...files.keys()]);
  for (const c of fileCycles) console.error(`file cycle: ${c.join(" ↔ ")}`);
  for (const c of layerCycles) {
    console.error(`layer cycle: ${c.join(" ↔ ")}`);
    for (const [file, targets] of files)
      for (const t of targets)
        if (c.includes(layerOf(file)) && c.includes(layerOf(t)) && layerOf(file) !== layerOf(t))
          console.error(`  ${file} → ${t}`);
  }
  for (const line of crossed) console.error(`dialect folder imports another: ${line}`);
  for (const line of compared) console.error(`compares a dialect name (ask a capability or a part): ${line}`);
  for (const line of reached) console.error(`imports a dialect's own file (use src/dialect/dialect.ts): ${line}`);
  const edges = [...files.values()].reduce((n, t) => n + t.length, 0);
  const failed = fileCycles.length + layerCycles.length + crossed.length + reached.length + compared.length;
  console.log(
    `imports: ${files.size} files, ${edges} imports, ${layers.size} layers; ` +
      `${fileCycles.length} file cycles, ${layerCycles.length} layer cycles, ${crossed.length} cross-dialect imports, ${reached.length} imports of a dialect's files from outside, ${compared.length} dialect-name comparisons`,
  );
  process.exit(failed === 0 ? 0 : 1);
}
