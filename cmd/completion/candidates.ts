import { closeSync, openSync, readdirSync, readFileSync, readSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { isMap, isScalar, parseDocument } from "yaml";
import { CONNECTION_FILE } from "../../src/config/config.ts";
import { decodeText } from "../../src/plan-file/header-values.ts";
import { pendingPaths } from "../../src/plan-file/pending.ts";
import { isPlanVersion } from "../../src/plan-file/version.ts";

/** A completion candidate: the word, and a short description the shell may show beside it. */
export interface Candidate {
  readonly value: string;
  readonly description?: string;
}

/** `~/x` as the shell would expand it: the completion scripts pass the word as typed. */
function expandHome(folder: string): string {
  return folder === "~" || folder.startsWith("~/") ? join(homedir(), folder.slice(1)) : folder;
}

/**
 * The environments of `<folder>/connection.yml`: its top-level keys whose value is a mapping (as
 * `loadConfig` reads them), each described by its `adapter:` when that is a plain value. Nothing
 * when the file is missing or does not parse. Reads only the file: no `${VAR}`, no connection.
 */
export function environmentNames(folder: string): Candidate[] {
  let text: string;
  try {
    text = readFileSync(join(expandHome(folder), CONNECTION_FILE), "utf8");
  } catch {
    return [];
  }
  const doc = parseDocument(text, { uniqueKeys: false });
  if (!isMap(doc.contents)) return [];
  return doc.contents.items.flatMap((pair): Candidate[] => {
    if (!isScalar(pair.key) || !isMap(pair.value)) return [];
    const adapter = pair.value.get("adapter");
    return [{ value: String(pair.key.value), ...(typeof adapter === "string" && { description: adapter }) }];
  });
}

/** The version and name a plan file's header gives, read from its first bytes only. */
function planHeader(path: string): { version: string; name: string } | undefined {
  let head: string;
  try {
    const fd = openSync(path, "r");
    try {
      const buffer = Buffer.alloc(16 * 1024);
      head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const field = (key: string) => new RegExp(`^-- pormg-${key}: (.*?)\\r?$`, "m").exec(head)?.[1];
  const version = field("version");
  const name = decodeText(field("name") ?? "");
  return version !== undefined && isPlanVersion(version) && name !== undefined ? { version, name } : undefined;
}

/**
 * The plans of `<folder>/migrations`: the archived ones (`applied_migrations/*.sql`) and the
 * pending plan, each as its version described by its name, oldest first. Files whose header
 * names no valid version are left out; a missing folder gives nothing.
 */
export function planVersions(folder: string): Candidate[] {
  const paths = pendingPaths(expandHome(folder));
  let archived: string[] = [];
  try {
    archived = readdirSync(paths.applied)
      .filter((f) => f.endsWith(".sql"))
      .map((f) => join(paths.applied, f));
  } catch {
    archived = [];
  }
  const seen = new Map<string, string>();
  for (const file of [...archived, paths.pending]) {
    const header = planHeader(file);
    if (header && !seen.has(header.version)) seen.set(header.version, header.name);
  }
  return [...seen]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([value, name]) => ({ value, description: name }));
}

/** The name of the plan with `version` (what `mark-applied VERSION NAME` takes), if one is there. */
export function planName(folder: string, version: string): Candidate[] {
  const plan = planVersions(folder).find((c) => c.value === version);
  return plan?.description !== undefined ? [{ value: plan.description }] : [];
}

/** The kinds `pormg completion --complete KIND` answers. */
export const DYNAMIC_KINDS = ["envs", "versions", "plan-name"] as const;
export type DynamicKind = (typeof DYNAMIC_KINDS)[number];

/**
 * The candidates of `kind` as lines `value` or `value<TAB>description`, one per line (tabs and
 * line breaks inside a value would break the format, so such values are left out). Never throws.
 */
export function candidateLines(kind: DynamicKind, folder: string, version = ""): string {
  try {
    const found =
      kind === "envs"
        ? environmentNames(folder)
        : kind === "versions"
          ? planVersions(folder)
          : planName(folder, version);
    const clean = (s: string) => !/[\t\r\n]/.test(s);
    return found
      .filter((c) => clean(c.value) && c.value !== "")
      .map((c) => (c.description && clean(c.description) ? `${c.value}\t${c.description}` : c.value))
      .map((line) => `${line}\n`)
      .join("");
  } catch {
    return "";
  }
}
