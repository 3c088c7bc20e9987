import type * as NodeModule from "node:module";
import type * as TsxApi from "tsx/esm/api";

// Runtime-only specifiers: the compiled binary and the Bun/Deno paths never load them, and the
// Node bundle must not inline tsx (its loader registers files next to itself).
const NODE_MODULE = "node:module";
const TSX_API = "tsx/esm/api";

/** Where the provided modules' exports wait for the module that re-exports them (see `hooks`). */
const STORE = Symbol.for("pormg.provided-modules");
/** The URL scheme of a provided module. */
const SCHEME = "pormg-provided:";

/**
 * Node module customization hooks (`module.register`), run on Node's loader thread: a specifier
 * named in `initialize` resolves to `pormg-provided:<name>`, whose source re-exports, on the main
 * thread, the exports stored under `STORE`. Chained below tsx's hooks, so a models file loaded
 * through tsx reaches them for its bare `import … from "pormg"`. A user's `.ts`/`.tsx` file (not
 * in node_modules) is an ES module even in a folder without `"type": "module"`: otherwise tsx
 * compiles it to CommonJS, whose `require("pormg")` no module hook sees on Node 20.
 */
const hooks = `
const STORE = ${JSON.stringify(STORE.description)};
const names = new Map();
export function initialize(data) { if (data.name !== null) names.set(data.name, data.keys); }
export async function resolve(specifier, context, next) {
  if (names.has(specifier)) return { url: ${JSON.stringify(SCHEME)} + encodeURIComponent(specifier), shortCircuit: true };
  const resolved = await next(specifier, context);
  if (resolved.url.startsWith("file:") && /.tsx?$/.test(new URL(resolved.url).pathname) &&
      !resolved.url.includes("/node_modules/") && resolved.format !== "module")
    return { ...resolved, format: "module" };
  return resolved;
}
export async function load(url, context, next) {
  if (!url.startsWith(${JSON.stringify(SCHEME)})) return next(url, context);
  const name = decodeURIComponent(url.slice(${SCHEME.length}).replace(/[?#].*$/, ""));
  const keys = names.get(name) ?? [];
  const lines = ["const m = globalThis[Symbol.for(" + JSON.stringify(STORE) + ")][" + JSON.stringify(name) + "];"];
  keys.forEach((key, i) => lines.push("const e" + i + " = m[" + JSON.stringify(key) + "]; export { e" + i + " as " + JSON.stringify(key) + " };"));
  return { format: "module", source: lines.join("\\n"), shortCircuit: true };
}
`;

const provided = new Set<string>();
let registered = false;

async function registerHooks(data: { name: string | null; keys: string[] }): Promise<void> {
  registered = true;
  const { register } = (await import(NODE_MODULE)) as typeof NodeModule;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`, { data });
}

/**
 * Makes `import … from name` in files loaded later (through `importFile`) resolve to `exports`,
 * whatever the importing file's `node_modules` holds: the running pormg answers for itself, as
 * the Bun plugin does, so a globally installed CLI needs no local copy and there is only ever one
 * pormg in the process.
 */
export async function provideModule(name: string, exports: Record<string, unknown>): Promise<void> {
  if (provided.has(name)) return;
  provided.add(name);
  const g = globalThis as Record<symbol, Record<string, Record<string, unknown>> | undefined>;
  const store = g[STORE] ?? {};
  g[STORE] = store;
  store[name] = exports;
  await registerHooks({ name, keys: Object.keys(exports) });
}

/**
 * Imports a user's file on Node.js, which cannot import TypeScript by itself (Node 20): through
 * tsx's `tsImport`, which compiles `.ts` files with esbuild as they load (as ES modules: see
 * `hooks`). Each call loads the file afresh (a new tsx namespace).
 */
export async function importFile(url: string): Promise<Record<string, unknown>> {
  if (!registered) await registerHooks({ name: null, keys: [] });
  const { tsImport } = (await import(TSX_API)) as typeof TsxApi;
  return (await tsImport(url, { parentURL: url })) as Record<string, unknown>;
}
