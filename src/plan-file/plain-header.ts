import type { DialectName } from "../core/dialect-name.ts";
import type { LossyFinding } from "../schema/operation.ts";
import { decodeText } from "./header-values.ts";
import { PLAN_FORMAT_VERSION, type PlanTable } from "./plan-document.ts";
import { isPlainPlanVersion } from "./version.ts";

/** The header of a plan file, as `readHeader` finds it. */
export interface PlanHeader {
  readonly version: string;
  readonly name: string;
  readonly dialect: DialectName;
  readonly modelsHash: string;
  readonly tables: readonly PlanTable[];
  readonly lossy: readonly LossyFinding[];
  /** The 1-based line of each `-- pormg-lossy:` header line, in the order of `lossy`. */
  readonly lossyLines: readonly number[];
  readonly generatedChecksum: string;
  /** `-- pormg-applied-checksum:`, which an archived plan carries (optional). */
  readonly appliedChecksum?: string;
  /** Index (0-based) of the first `-- step:` line, or `lines.length` when there is none. */
  readonly bodyLine: number;
}

const MARKER = `-- pormg-migration-format: ${PLAN_FORMAT_VERSION}`;
const KEY_AT = "-- pormg-".length;
const hex64 = /^[0-9a-f]{64}$/;
/** What `.` in readHeader's header-line pattern does not match: a line holding one is no header line there. */
const terminator = /[\n\r\u2028\u2029]/;

/**
 * The header `readHeader` reads from `lines`, when they are a header as `writePlan` writes it: the
 * format marker, then only `-- pormg-` lines of the singleton keys and `schema-table`, each valid
 * and once, up to the first `-- step:` line. `undefined` for anything else — a blank or comment
 * line, a `lossy` line, any line `readHeader` would refuse, a key missing — which `readHeader`
 * then reads (and refuses) line by line, so the result is always its own. Pure.
 */
export function plainHeader(lines: readonly string[], dialectNames: readonly string[]): PlanHeader | undefined {
  if ((lines[0] ?? "").trimEnd() !== MARKER) return undefined;
  let version: string | undefined;
  let name: string | undefined;
  let dialect: string | undefined;
  let modelsHash: string | undefined;
  let generated: string | undefined;
  let applied: string | undefined;
  const tables: PlanTable[] = [];
  let k = 1;
  for (; k < lines.length; k++) {
    const line = (lines[k] as string).trimEnd();
    if (line.startsWith("-- step:")) break;
    if (!line.startsWith("-- pormg-")) return undefined;
    const colon = line.indexOf(":", KEY_AT);
    if (colon < 0) return undefined;
    const rest = line.slice(colon + 1);
    if (terminator.test(rest)) return undefined;
    const value = rest.trim();
    switch (line.slice(KEY_AT, colon)) {
      case "version":
        // Arithmetic (no Date); a version it refuses is read (and refused, or thrown on) by readHeader.
        if (version !== undefined || !isPlainPlanVersion(value)) return undefined;
        version = value;
        break;
      case "name": {
        const decoded = decodeText(value);
        if (name !== undefined || decoded === undefined || decoded === "") return undefined;
        name = decoded;
        break;
      }
      case "dialect":
        if (dialect !== undefined || !dialectNames.includes(value)) return undefined;
        dialect = value;
        break;
      case "models-hash":
        if (modelsHash !== undefined || !hex64.test(value)) return undefined;
        modelsHash = value;
        break;
      case "generated-checksum":
        if (generated !== undefined || !hex64.test(value)) return undefined;
        generated = value;
        break;
      case "applied-checksum":
        if (applied !== undefined || !hex64.test(value)) return undefined;
        applied = value;
        break;
      case "schema-table": {
        const table = plainTable(value);
        if (table === undefined || tables.some((t) => t.name === table.name)) return undefined;
        tables.push(table);
        break;
      }
      default:
        return undefined;
    }
  }
  if (
    version === undefined ||
    name === undefined ||
    dialect === undefined ||
    modelsHash === undefined ||
    generated === undefined
  )
    return undefined;
  return {
    version,
    name,
    dialect: dialect as DialectName,
    modelsHash,
    tables,
    lossy: [],
    lossyLines: [],
    generatedChecksum: generated,
    ...(applied !== undefined && { appliedChecksum: applied }),
    bodyLine: k,
  };
}

function plainTable(value: string): PlanTable | undefined {
  const m = /^([0-9a-f]{16}|absent) (.+)$/.exec(value);
  const name = m ? decodeText((m[2] as string).trim()) : undefined;
  if (!m || name === undefined || name === "") return undefined;
  return { name, fingerprint: m[1] as string };
}
