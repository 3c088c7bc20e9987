import { type Case, CLASSES, caseId } from "./case.ts";
import type { CaseResult } from "./run-case.ts";

/** The one-line summary `.ci/run` repeats at the end: cases, outcomes, and cases per class. */
export function summaryLine(
  cases: readonly Case[],
  results: ReadonlyMap<string, CaseResult>,
  known: Readonly<Record<string, string>>,
  seconds: number,
): string {
  const count = (p: (c: Case, r: CaseResult | undefined) => boolean) =>
    cases.filter((c) => p(c, results.get(caseId(c)))).length;
  const isKnown = (c: Case) => caseId(c) in known;
  const pg = count((c) => c.dialect === "postgresql");
  const mysql = count((c) => c.dialect === "mysql");
  const converged = count((c, r) => !isKnown(c) && r?.outcome === "converged");
  const refusedByDesign = count((c, r) => !isKnown(c) && r?.outcome === "refused");
  const knownFailing = count((c, r) => isKnown(c) && r?.outcome === "failed");
  const failed = cases.length - converged - refusedByDesign - knownFailing;
  const byClass = CLASSES.map((k) => [k, count((c) => c.class === k)] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  return (
    `conformance: ${cases.length} cases (postgresql ${pg}, sqlite ${cases.length - pg - mysql}${mysql ? `, mysql ${mysql}` : ""}): ` +
    `${converged} converged, ${refusedByDesign} refused-by-design, ${knownFailing} known-failing, ${failed} failed ` +
    `in ${seconds.toFixed(0)} s; by class: ${byClass}`
  );
}
