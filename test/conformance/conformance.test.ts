import { afterAll, describe, expect, test } from "bun:test";
import { compiledBinary, inBatches } from "../lib/cli.ts";
import { DIALECTS } from "../lib/dialects.ts";
import { withPg } from "../lib/pg-admin.ts";
import { ALL_CASES } from "./cases/index.ts";
import { KNOWN_FAILURES } from "./known-failures.ts";
import { type Case, caseId } from "./lib/case.ts";
import { type CaseResult, runCase } from "./lib/run-case.ts";
import { summaryLine } from "./lib/summary.ts";

// The conformance corpus (test/conformance/README.md): every case runs through the real CLI, several
// at a time (each in its own databases), while the tests below wait for their own case.
// PORMG_CORPUS_ONLY=pg/a,sqlite/ runs the cases whose id contains one of the comma-separated parts.
// PORMG_TEST_DIALECTS (test/lib/dialects.ts) keeps the cases of those dialects only.
// A case whose `since` is newer than the PostgreSQL server (its syntax does not exist there) does
// not run; the line `conformance: not on this server …` names each one.
const only = process.env.PORMG_CORPUS_ONLY?.split(",").filter(Boolean);
const chosen = ALL_CASES.filter((c) => DIALECTS.some((d) => d.name === c.dialect)).filter(
  (c) => !only || only.some((o) => caseId(c).includes(o)),
);
const server = chosen.some((c) => c.since !== undefined) ? await postgresServer() : undefined;
const tooNew = chosen.filter((c) => c.since !== undefined && server !== undefined && c.since > server.major);
const cases: readonly Case[] = chosen.filter((c) => !tooNew.includes(c));
compiledBinary(); // built once (unless PORMG_BINARY is set) before any case starts
const started = performance.now();
const results = new Map<string, CaseResult>();
const concurrency = Number(process.env.PORMG_CORPUS_JOBS ?? 4);
const settled = new Map<string, { promise: Promise<CaseResult>; resolve: (r: CaseResult) => void }>();
for (const c of cases) {
  let resolve!: (r: CaseResult) => void;
  const promise = new Promise<CaseResult>((r) => {
    resolve = r;
  });
  settled.set(caseId(c), { promise, resolve });
}
const all = inBatches(
  cases.map((c) => async () => {
    const r = await runCase(c);
    results.set(r.id, r);
    settled.get(r.id)?.resolve(r);
    return r;
  }),
  concurrency,
);

/** The version of the PostgreSQL server at PORMG_TEST_PG_URL, and its major. */
async function postgresServer(): Promise<{ version: string; major: number }> {
  const version = await withPg(async (db) => db.serverVersion);
  return { version, major: Number.parseInt(version, 10) };
}

afterAll(async () => {
  await all;
  console.log(summaryLine(cases, results, KNOWN_FAILURES, (performance.now() - started) / 1000));
  if (server)
    console.log(
      `conformance: PostgreSQL ${server.version}; not on this server: ${tooNew.length}` +
        (tooNew.length ? ` (${tooNew.map((c) => `${caseId(c)} needs ${c.since}`).join(", ")})` : ""),
    );
  const slow = [...results.values()].sort((a, b) => b.ms - a.ms).slice(0, 3);
  console.log(`conformance: slowest ${slow.map((r) => `${r.id} ${(r.ms / 1000).toFixed(1)} s`).join(", ")}`);
});

describe("conformance corpus", () => {
  test("case ids are unique and every known failure names a case", () => {
    const ids = ALL_CASES.map(caseId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(KNOWN_FAILURES).filter((k) => !ids.includes(k))).toEqual([]);
    expect(ALL_CASES.length).toBeGreaterThanOrEqual(60);
  });

  for (const c of cases) {
    const id = caseId(c);
    const known = KNOWN_FAILURES[id];
    test(`${id} (${c.class})${known ? " [known failure]" : ""}`, async () => {
      const r = await (settled.get(id) as { promise: Promise<CaseResult> }).promise;
      if (known) {
        if (r.failures.length === 0)
          throw new Error(`${id} passes now: remove it from test/conformance/known-failures.ts (${known})`);
        return;
      }
      if (r.failures.length) throw new Error(`${id}:\n${r.failures.join("\n\n")}`);
      expect(r.outcome).toBe("converges" in c.expect ? "converged" : "refused");
    }, 600_000);
  }
});
