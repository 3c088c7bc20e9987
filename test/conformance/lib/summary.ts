import { type Case, CLASSES } from "./case.ts";
import type { CaseResult } from "./run-case.ts";

/** The one-line summary `.ci/run` repeats at the end: cases, outcomes, and cases per class. */
export function summaryLine(
  cases: readonly Case[],
  results: ReadonlyMap<string, CaseResult>,
  known: Readonly<Record<string, string>>,
  seconds: number,
): string {
  const count = (p: (c: Case, r: CaseResult | undefined) => boolean) =>
    cases.filter((c) => p(c, results.get(`${c.dialect === "postgresql" ? "pg" : "sqlite"}/${c.name}`))).length;
  const isKnown = (c: Case) => `${c.dialect === "postgresql" ? "pg" : "sqlite"}/${c.name}` in known;
  const pg = count((c) => c.dialect === "postgresql");
  const converged = count((c, r) => !isKnown(c) && r?.outcome === "converged");
  const refusedByDesign = count((c, r) => !isKnown(c) && r?.outcome === "refused");
  const knownFailing = count((c, r) => isKnown(c) && r?.outcome === "failed");
  const failed = cases.length - converged - refusedByDesign - knownFailing;
  const byClass = CLASSES.map((k) => [k, count((c) => c.class === k)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return (
    `conformance: ${cases.length} cases (postgresql ${pg}, sqlite ${cases.length - pg}): ` +
    `${converged} converged, ${refusedByDesign} refused-by-design, ${knownFailing} known-failing, ${failed} failed ` +
    `in ${seconds.toFixed(0)} s; by class: ${byClass}`
  );
}
