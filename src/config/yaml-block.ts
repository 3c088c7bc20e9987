import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type LineCounter,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import { PormgError } from "../core/errors.ts";
import { type Environ, interpolate } from "./interpolate.ts";

/** A Location names the file and, where YAML knows it, the line a problem sits on. */
export interface Location {
  readonly file: string;
  readonly lines: LineCounter;
  /** The document, to resolve the aliases of merge keys (`<<: *base`). */
  readonly doc?: Document;
}

/** Whether `key` is YAML's merge key `<<` (parsed with `merge: true`). */
function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === "symbol";
}

/**
 * The pairs of `map` with its merge keys expanded (`<<: *base`, `<<: [*a, *b]`, `<<: {…}`): keys
 * written in the mapping win over merged ones, and an earlier merged mapping wins over a later
 * one, as YAML's merge key type defines. Merged mappings may merge in turn.
 */
function mergedPairs(map: YAMLMap, doc: Document | undefined, depth = 0): Pair[] {
  const own = map.items.filter((pair) => !isMergeKey(pair.key));
  if (own.length === map.items.length || depth > 20) return own;
  const keyOf = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));
  const seen = new Set(own.map(keyOf));
  const merged: Pair[] = [];
  for (const pair of map.items.filter((p) => isMergeKey(p.key))) {
    const value = pair.value as Node | null;
    const sources = isSeq(value) ? value.items : [value];
    for (const source of sources) {
      const resolved = isAlias(source) && doc ? source.resolve(doc) : source;
      if (!isMap(resolved)) continue;
      for (const inherited of mergedPairs(resolved, doc, depth + 1)) {
        if (seen.has(keyOf(inherited))) continue;
        seen.add(keyOf(inherited));
        merged.push(inherited);
      }
    }
  }
  return [...own, ...merged];
}

/** An Entry is one `key: value` pair of a YAML mapping, with the line of its key. */
export interface Entry {
  readonly key: string;
  readonly value: Node | null;
  readonly line: number;
}

/**
 * A Block is one YAML mapping of `connection.yml` (the whole file, an environment, or `config:`)
 * with the means to read its values typed and interpolated, and to raise errors that name the
 * file, the line and the key path.
 */
export class Block {
  readonly entries: readonly Entry[];
  /** The entries by key (keys are unique: the loader refuses duplicates), for lookups in constant time. */
  private readonly byKey: ReadonlyMap<string, Entry>;
  constructor(
    readonly path: string,
    readonly map: YAMLMap,
    readonly where: Location,
    readonly environ: Environ,
  ) {
    this.entries = mergedPairs(map, where.doc).map((pair: Pair) => ({
      key: isScalar(pair.key) ? String(pair.key.value) : String(pair.key),
      value: (pair.value as Node | null) ?? null,
      line: lineOf(pair.key as Node, where.lines),
    }));
    const byKey = new Map<string, Entry>();
    for (const entry of this.entries) if (!byKey.has(entry.key)) byKey.set(entry.key, entry);
    this.byKey = byKey;
  }

  /** The dotted path of `key` inside this block, e.g. `dev.config.change_db`. */
  keyPath(key: string): string {
    return this.path === "" ? key : `${this.path}.${key}`;
  }

  entry(key: string): Entry | undefined {
    return this.byKey.get(key);
  }

  /** `file:line: path: ` — the prefix of every message about `key`. */
  at(key: string, entry = this.entry(key)): string {
    return `${this.where.file}${entry ? `:${entry.line}` : ""}: ${this.keyPath(key)}`;
  }

  /** A configuration error about `key`. */
  error(key: string, message: string): PormgError {
    const entry = this.entry(key);
    return new PormgError("CONFIG_INVALID", `${this.at(key, entry)}: ${message}`, {
      file: this.where.file,
      key: this.keyPath(key),
      ...(entry && { line: entry.line }),
    });
  }

  /** The child mapping under `key`, or `undefined` when absent or empty; anything but a mapping is an error. */
  child(key: string): Block | undefined {
    const entry = this.entry(key);
    if (!entry || entry.value === null || (isScalar(entry.value) && entry.value.value === null)) return undefined;
    if (!isMap(entry.value)) throw this.error(key, `must be a mapping of "key: value" lines, indented under "${key}:"`);
    return new Block(this.keyPath(key), entry.value, this.where, this.environ);
  }

  /** The scalar under `key` as text with `${VAR}` expanded, or `undefined` when absent or null. */
  string(key: string): string | undefined {
    const entry = this.entry(key);
    if (!entry || entry.value === null) return undefined;
    if (!isScalar(entry.value)) throw this.error(key, "must be a single value, not a list or mapping");
    const raw = entry.value.value;
    if (raw === null || raw === undefined) return undefined;
    if (typeof raw !== "string") return String(raw);
    const result = interpolate(raw, this.environ);
    if ("value" in result) return result.value;
    const { problem } = result;
    if (problem.kind === "unset")
      throw this.error(
        key,
        `environment variable ${problem.variable} is not set and "${problem.text}" has no default. ` +
          `Set ${problem.variable}, or write \${${problem.variable}:-default} to give one.`,
      );
    throw this.error(key, `"${problem.text}" is not a valid reference; write \${NAME} or \${NAME:-default}`);
  }

  /** A whole number from `min` to `max`. */
  integer(key: string, min: number, max: number): number | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    const value = Number(text.trim());
    if (!/^\s*\d+\s*$/.test(text) || value < min || value > max)
      throw this.error(key, `must be a whole number from ${min} to ${max} (got "${text}")`);
    return value;
  }

  /** A number of seconds greater than 0 (or from 0 with `zero`) and at most `max` (decimals allowed). */
  seconds(key: string, max: number, zero = false): number | undefined {
    const text = this.string(key);
    if (text === undefined) return undefined;
    const value = Number(text.trim());
    if (!/^\s*\d+(\.\d+)?\s*$/.test(text) || !(value > 0 || (zero && value === 0)) || value > max)
      throw this.error(
        key,
        `must be a number of seconds ${zero ? "from 0" : "greater than 0"} and at most ${max} (got "${text}")`,
      );
    return value;
  }

  /** `true` or `false` (YAML booleans, or the text `true`/`false`/`yes`/`no` after interpolation). */
  boolean(key: string): boolean | undefined {
    const entry = this.entry(key);
    if (entry && isScalar(entry.value) && typeof entry.value.value === "boolean") return entry.value.value;
    const text = this.string(key);
    if (text === undefined) return undefined;
    const normalized = text.trim().toLowerCase();
    if (["true", "yes", "on", "1"].includes(normalized)) return true;
    if (["false", "no", "off", "0"].includes(normalized)) return false;
    throw this.error(key, `must be true or false (got "${text}")`);
  }

  /** A list of non-blank strings; a single string counts as a one-item list. */
  stringList(key: string): string[] | undefined {
    const entry = this.entry(key);
    if (!entry || entry.value === null) return undefined;
    if (isScalar(entry.value)) {
      const text = this.string(key);
      return text === undefined || text.trim() === "" ? [] : [text];
    }
    if (!isSeq(entry.value)) throw this.error(key, "must be a list of names, e.g. [audit_, tmp_]");
    return entry.value.items.map((item, index) => {
      const raw = isScalar(item) ? item.value : undefined;
      if (typeof raw !== "string" || raw.trim() === "")
        throw this.error(key, `item ${index + 1} must be a non-blank name (got ${JSON.stringify(raw ?? null)})`);
      const expanded = interpolate(raw, this.environ);
      if (!("value" in expanded))
        throw this.error(key, `item ${index + 1}: "${expanded.problem.text}" cannot be expanded`);
      return expanded.value;
    });
  }
}

/** The 1-based line of a node, or 0 when the parser kept no position. */
export function lineOf(node: Node | null | undefined, lines: LineCounter): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 0 : lines.linePos(offset).line;
}
