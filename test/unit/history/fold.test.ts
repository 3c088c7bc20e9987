import { describe, expect, test } from "bun:test";
import { fold, projectedRows } from "../../../src/history/fold.ts";
import { summarizeHistory } from "../../../src/history/history-summary.ts";
import { checkTransition } from "../../../src/history/transitions.ts";
import { applied, chain, failed, planned, v } from "./history-events.ts";

describe("fold", () => {
  test("planned alone implies no row and is interrupted", () => {
    const state = fold(chain([planned(v(1))]));
    const s = state.versions.get(v(1));
    expect(s?.row).toBeNull();
    expect(s?.status).toBeNull();
    expect(s?.interrupted).toBe(true);
    expect(projectedRows(state)).toEqual([]);
    expect(summarizeHistory(state).interrupted.map((x) => x.version)).toEqual([v(1)]);
  });

  test("planned then applied gives an applied row with the plan's fields at the applied time", () => {
    const log = chain([planned(v(1), "abc", "init"), applied(v(1))]);
    const s = fold(log).versions.get(v(1));
    expect(s?.interrupted).toBe(false);
    expect(s?.lastAppliedChecksum).toBe("abc");
    expect(s?.row).toEqual({
      version: v(1),
      name: "init",
      checksum: "abc",
      sqlContent: "-- abc",
      appliedAt: log[1]?.occurredAt as string,
      imported: false,
      status: "applied",
      isDestructive: false,
      formatVersion: 1,
    });
  });

  test("a crash then a rerun: planned, planned, applied is applied and not interrupted", () => {
    const s = fold(chain([planned(v(1)), planned(v(1)), applied(v(1))])).versions.get(v(1));
    expect(s?.status).toBe("applied");
    expect(s?.interrupted).toBe(false);
    expect(s?.seq).toBe(3);
  });

  test("a failed version followed by a later applied version is superseded", () => {
    const state = fold(chain([planned(v(1)), failed(v(1)), planned(v(2)), applied(v(2))]));
    expect(state.versions.get(v(1))?.superseded).toBe(true);
    const summary = summarizeHistory(state);
    expect(summary.failed).toEqual([]);
    expect(summary.superseded.map((f) => [f.version, f.supersededBy, f.error])).toEqual([[v(1), v(2), "boom"]]);
    expect(summary.lastApplied?.version).toBe(v(2));
  });

  test("a failure stays unresolved when nothing was applied after it", () => {
    const state = fold(chain([planned(v(2)), applied(v(2)), planned(v(3)), failed(v(3), "bad column")]));
    expect(state.versions.get(v(3))?.superseded).toBe(false);
    const summary = summarizeHistory(state);
    expect(summary.failed.map((x) => x.version)).toEqual([v(3)]);
    expect(summary.failed[0]?.failures[0]?.failedStatement).toBe("SELECT 1/0");
  });

  test("an earlier-sorting version applied later with the same checksum supersedes (PormG's rule)", () => {
    const state = fold(chain([planned(v(5), "same"), failed(v(5)), planned(v(4), "same"), applied(v(4))]));
    expect(state.versions.get(v(5))?.superseded).toBe(true);
    const other = fold(chain([planned(v(5), "x"), failed(v(5)), planned(v(4), "y"), applied(v(4))]));
    expect(other.versions.get(v(5))?.superseded).toBe(false);
  });

  test("failed then applied in the same version: applied, the failure listed as superseded by itself", () => {
    const state = fold(chain([planned(v(1)), failed(v(1)), planned(v(1)), applied(v(1))]));
    expect(state.versions.get(v(1))?.status).toBe("applied");
    expect(summarizeHistory(state).superseded.map((f) => [f.version, f.supersededBy])).toEqual([[v(1), v(1)]]);
  });

  test("repairs: marked_failed keeps the row as failed; removed deletes it; marked_applied writes one", () => {
    const state = fold(
      chain([
        planned(v(1)),
        applied(v(1)),
        { version: v(1), type: "marked_failed", payload: { reason: "rolled back by hand" } },
        { version: v(2), type: "marked_applied", payload: { name: "manual", checksum: "d", reason: "ran by DBA" } },
        { version: v(3), type: "marked_applied", payload: { name: "gone", checksum: "e", reason: "x" } },
        { version: v(3), type: "removed", payload: { reason: "mistake" } },
      ]),
    );
    expect(state.versions.get(v(1))?.row?.status).toBe("failed");
    expect(state.versions.get(v(1))?.row?.name).toBe("plan");
    expect(state.versions.get(v(2))?.row).toMatchObject({ status: "applied", name: "manual", sqlContent: "" });
    expect(state.versions.get(v(3))?.status).toBe("removed");
    expect(projectedRows(state).map((r) => r.version)).toEqual([v(1), v(2)]);
  });

  test("an imported row is projected as it was", () => {
    const row = {
      id: 7,
      version: v(9),
      name: "pending_migration",
      checksum: "f",
      sqlContent: "CREATE TABLE a ();",
      appliedAt: "2024-05-01T10:00:00.123+00:00",
      status: "failed",
      isDestructive: true,
      formatVersion: 1,
    };
    const state = fold(chain([{ version: v(9), type: "imported", payload: { row } }]));
    const [projected] = projectedRows(state);
    const { id: _id, ...columns } = row;
    expect(projected).toEqual({ ...columns, imported: true });
    expect(state.versions.get(v(9))?.status).toBe("failed");
  });

  test("versions are in version order, and lastHash is the last event's", () => {
    const log = chain([planned(v(3)), applied(v(3)), planned(v(1)), applied(v(1))]);
    const state = fold(log);
    expect([...state.versions.keys()]).toEqual([v(1), v(3)]);
    expect(state.lastHash).toBe(log[3]?.hash as string);
    expect(state.lastId).toBe(4);
  });
});

describe("checkTransition", () => {
  const stateOf = (bodies: Parameters<typeof chain>[0]) => fold(chain(bodies)).versions.get(v(1));

  test("applied and failed need an open planned run", () => {
    expect(checkTransition(undefined, applied(v(1)))?.reason).toContain("no open planned run");
    expect(checkTransition(stateOf([planned(v(1)), applied(v(1))]), failed(v(1)))).not.toBeNull();
    expect(checkTransition(stateOf([planned(v(1))]), applied(v(1)))).toBeNull();
  });

  test("marked_failed and removed need a record", () => {
    const markFailed = { version: v(1), type: "marked_failed", payload: { reason: "r" } } as const;
    expect(checkTransition(undefined, markFailed)?.unknownVersion).toBe(true);
    expect(checkTransition(stateOf([planned(v(1))]), markFailed)?.unknownVersion).toBe(true);
    expect(checkTransition(stateOf([planned(v(1)), failed(v(1))]), markFailed)).toBeNull();
    const removed = stateOf([
      planned(v(1)),
      applied(v(1)),
      { version: v(1), type: "removed", payload: { reason: "r" } },
    ]);
    expect(checkTransition(removed, { type: "removed", payload: { reason: "again" } })?.reason).toContain(
      "already removed",
    );
  });

  test("imported only starts a stream; planned and marked_applied are always allowed", () => {
    const row = fold(chain([planned(v(1)), applied(v(1))])).versions.get(v(1));
    expect(checkTransition(row, planned(v(1)))).toBeNull();
    expect(
      checkTransition(row, {
        type: "marked_applied",
        payload: { name: "n", checksum: "c", reason: "r" },
      }),
    ).toBeNull();
    expect(checkTransition(row, { type: "imported", payload: { row: {} as never } })).not.toBeNull();
  });
});
