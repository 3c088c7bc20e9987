import type { DialectName } from "../core/dialect-name.ts";
import type { LossyFinding } from "../schema/operation.ts";
import { decodeLossy, decodeText } from "./header-values.ts";
import { malformed } from "./malformed.ts";
import { type PlanHeader, plainHeader } from "./plain-header.ts";

export type { PlanHeader };

import { ABSENT_TABLE, PLAN_FORMAT_VERSION, type PlanTable } from "./plan-document.ts";
import { isPlanVersion } from "./version.ts";

const hex64 = /^[0-9a-f]{64}$/;
const singletons = ["version", "name", "dialect", "models-hash", "generated-checksum"] as const;
/** Optional singletons: `applied-checksum` is written into a plan when it is archived (`archivePlan`). */
const optional = ["applied-checksum"] as const;
const known = ["migration-format", ...singletons, ...optional, "schema-table", "lossy"];

/** One decoder for every plan: `decode` without `stream` keeps no state between calls. */
const utf8 = new TextDecoder("utf-8");

/**
 * Decodes plan file bytes or text into LF-separated text: UTF-8 only (a leading BOM is dropped),
 * CRLF line endings become LF; NUL bytes, other control characters, lone carriage returns, invalid
 * UTF-8 (and U+FFFD, what a lenient decoder left of it) are PLAN_MALFORMED.
 */
export function decodePlanText(input: string | Uint8Array, path: string): string {
  const raw = typeof input === "string" ? input : utf8.decode(input);
  const text = (raw.startsWith("\uFEFF") ? raw.slice(1) : raw).replaceAll("\r\n", "\n");
  const at = badCharacterAt(text);
  if (at >= 0) {
    const line = text.slice(0, at).split("\n").length;
    const ch = text[at] as string;
    const what =
      ch === "\u0000"
        ? "NUL byte: this is binary data, not a plan"
        : ch === "\r"
          ? "carriage return without a line feed: lines must end with LF (or CRLF)"
          : ch === "\uFFFD" || (ch.length === 1 && ch >= "\uD800" && ch <= "\uDFFF")
            ? "not valid UTF-8 text"
            : `control character U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}: this is binary data, not a plan`;
    throw malformed(path, line, what);
  }
  return text;
}

/**
 * Reads the header of a plan: line 1 is the format marker, then `-- pormg-<key>: <value>` lines,
 * plain `--` comments and blank lines, up to the first `-- step:` line. Each singleton key must
 * appear exactly once; `pormg-dialect` must name one of the `dialectNames`. Anything else before
 * the first step is PLAN_MALFORMED. A header as `writePlan` writes it is read by `plainHeader`
 * (the same result, without checking what it cannot hold); any other is read line by line here.
 */
export function readHeader(lines: readonly string[], path: string, dialectNames: readonly string[]): PlanHeader {
  return plainHeader(lines, dialectNames) ?? strictHeader(lines, path, dialectNames);
}

/** `readHeader` line by line: every rule checked, every deviation a PLAN_MALFORMED naming its line. */
export function strictHeader(lines: readonly string[], path: string, dialectNames: readonly string[]): PlanHeader {
  const first = (lines[0] ?? "").trimEnd();
  const marker = /^-- pormg-migration-format:\s*(.*)$/.exec(first);
  if (!marker) {
    throw malformed(
      path,
      1,
      `not a pormg plan: the first line must be \`-- pormg-migration-format: ${PLAN_FORMAT_VERSION}\``,
      "Restore the file, or move it aside with `pormg discard` and regenerate it with `pormg makemigrations`.",
    );
  }
  if (marker[1] !== String(PLAN_FORMAT_VERSION)) {
    const newer = /^[0-9]+$/.test(marker[1] ?? "") && Number(marker[1]) > PLAN_FORMAT_VERSION;
    throw malformed(
      path,
      1,
      newer
        ? `plan format ${marker[1]} is newer than this pormg reads (${PLAN_FORMAT_VERSION})`
        : `unknown plan format "${marker[1]}" (this pormg reads format ${PLAN_FORMAT_VERSION})`,
      newer ? "Upgrade pormg to apply this plan." : undefined,
    );
  }
  const seen = new Map<string, number>();
  const values = new Map<string, string>();
  const tables: PlanTable[] = [];
  const lossy: LossyFinding[] = [];
  const lossyLines: number[] = [];
  let k = 1;
  for (; k < lines.length; k++) {
    const line = (lines[k] as string).trimEnd();
    const n = k + 1;
    if (line.startsWith("-- step:")) break;
    if (line.trim() === "") continue;
    const header = /^-- pormg-([a-z0-9-]+):(.*)$/.exec(line);
    if (!header) {
      if (/^\s*--\s*pormg-/i.test(line)) {
        throw malformed(path, n, "malformed header line: header lines read `-- pormg-<key>: <value>`");
      }
      if (/^\s*--\s*step\s*:/i.test(line)) {
        throw malformed(path, n, "malformed step label: a step starts with a line `-- step: <label>` at column 1");
      }
      if (line.startsWith("--")) continue;
      throw malformed(
        path,
        n,
        "SQL before the first step: every statement belongs to a step",
        "Put a `-- step: <label>` line above it, or remove it.",
      );
    }
    const key = header[1] as string;
    const value = (header[2] as string).trim();
    if (!known.includes(key)) {
      const what =
        key === "step-flags" ? "`-- pormg-step-flags:` outside a step" : `unknown header line \`-- pormg-${key}:\``;
      throw malformed(path, n, `${what} (known: ${known.map((x) => `pormg-${x}`).join(", ")})`);
    }
    if (value === "") throw malformed(path, n, `\`-- pormg-${key}:\` has no value`);
    if (key !== "schema-table" && key !== "lossy") {
      const previous = key === "migration-format" ? 1 : seen.get(key);
      if (previous !== undefined)
        throw malformed(path, n, `duplicate \`-- pormg-${key}:\` line (first on line ${previous})`);
      seen.set(key, n);
    }
    if (key === "schema-table") tables.push(readTable(value, tables, path, n));
    else if (key === "lossy") {
      const finding = decodeLossy(value);
      if (typeof finding === "string")
        throw malformed(path, n, `\`-- pormg-lossy:\` is not a lossy finding: ${finding}`);
      lossy.push(finding);
      lossyLines.push(n);
    } else values.set(key, checkSingleton(key, value, path, n, dialectNames));
  }
  for (const key of singletons) {
    if (values.has(key)) continue;
    const late = lines.findIndex((line, i) => i > k && line.startsWith(`-- pormg-${key}:`));
    if (late >= 0) {
      throw malformed(
        path,
        late + 1,
        "header line after the first step",
        "Move it to the header at the top of the file, above the first `-- step:` line.",
      );
    }
    throw malformed(path, Math.min(k + 1, lines.length), `the header has no \`-- pormg-${key}:\` line`);
  }
  return {
    version: values.get("version") as string,
    name: values.get("name") as string,
    dialect: values.get("dialect") as DialectName,
    modelsHash: values.get("models-hash") as string,
    tables,
    lossy,
    lossyLines,
    generatedChecksum: values.get("generated-checksum") as string,
    ...(values.has("applied-checksum") && { appliedChecksum: values.get("applied-checksum") as string }),
    bodyLine: k,
  };
}

function checkSingleton(key: string, value: string, path: string, n: number, dialectNames: readonly string[]): string {
  switch (key) {
    case "version":
      if (!isPlanVersion(value)) {
        throw malformed(path, n, `version "${value}" is not a 17-digit UTC timestamp YYYYMMDDHHmmssSSS`);
      }
      return value;
    case "name": {
      const name = decodeText(value);
      if (name === undefined || name === "") throw malformed(path, n, `name ${value} is not a valid quoted string`);
      return name;
    }
    case "dialect":
      if (!dialectNames.includes(value)) {
        throw malformed(path, n, `unknown dialect "${value}" (expected ${dialectNames.join(" or ")})`);
      }
      return value;
    default:
      if (!hex64.test(value)) throw malformed(path, n, `\`-- pormg-${key}:\` must be 64 lowercase hex digits`);
      return value;
  }
}

function readTable(value: string, tables: readonly PlanTable[], path: string, n: number): PlanTable {
  const m = /^([0-9a-f]{16}|absent) (.+)$/.exec(value);
  const name = m ? decodeText((m[2] as string).trim()) : undefined;
  if (!m || name === undefined || name === "") {
    throw malformed(
      path,
      n,
      `\`-- pormg-schema-table:\` must read \`<16 hex digits or ${ABSENT_TABLE}> <table>\`, not "${value}"`,
    );
  }
  if (tables.some((t) => t.name === name)) throw malformed(path, n, `table "${name}" is fingerprinted twice`);
  return { name, fingerprint: m[1] as string };
}

/**
 * The characters a plan cannot hold: a control character other than tab and LF, U+FFFD (what a
 * lenient decoder leaves of invalid UTF-8), a high surrogate not followed by a low one, and a low
 * surrogate not preceded by a high one (a lone surrogate). One native search instead of a loop
 * over every character.
 */
const BAD_CHARACTER =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what this pattern is for
  /[\u0000-\u0008\u000B-\u001F\uFFFD]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The index of the first character a plan cannot hold (`BAD_CHARACTER`); -1 when there is none. */
export function badCharacterAt(text: string): number {
  return text.search(BAD_CHARACTER);
}
