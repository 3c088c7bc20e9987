import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import { canonicalJson } from "../../../src/core/canonical-json.ts";
import { sha256Hex } from "../../../src/core/hash.ts";
import { canonicalText } from "../../../src/history/canonical-text.ts";
import { checkChain } from "../../../src/history/chain-check.ts";
import type { HistoryEvent } from "../../../src/history/events.ts";
import { eventHash, GENESIS_HASH } from "../../../src/history/hash-chain.ts";
import { applied, chain, failed, planned, v } from "./history-events.ts";

describe("canonicalJson", () => {
  test("sorts keys at every depth and drops undefined members", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{"a":{"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  test("is the same for any key order (property)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(canonicalJson(JSON.parse(canonicalJson(obj)))).toBe(canonicalJson(obj));
      }),
    );
  });
});

describe("eventHash", () => {
  const fields = {
    version: v(1),
    type: "planned",
    payload: { name: "p", checksum: "c", sqlContent: "s", isDestructive: false, statements: 1 },
    actor: "a",
    seq: 1,
    occurredAt: "2025-01-01T00:00:00.000Z",
  } as const;

  test("is lowercase hex SHA-256 and depends on prev_hash and every field", () => {
    const h = eventHash(GENESIS_HASH, fields);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash("1".repeat(64), fields)).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...fields, seq: 2 })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...fields, actor: "b" })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...fields, version: v(2) })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...fields, occurredAt: "2025-01-01T00:00:00.001Z" })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...fields, payload: { ...fields.payload, sqlContent: "x" } })).not.toBe(h);
  });

  test("sha256Hex matches a known digest", () => {
    expect(sha256Hex("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});

describe("checkChain", () => {
  const log = chain([planned(v(1)), applied(v(1)), planned(v(2)), failed(v(2)), planned(v(2)), applied(v(2))]);

  test("accepts an intact log, and the empty one", () => {
    expect(checkChain(log)).toBeNull();
    expect(checkChain([])).toBeNull();
    expect(log[0]?.prevHash).toBe(GENESIS_HASH);
  });

  test("an edited payload is a hash mismatch at that event", () => {
    const edited = log.map((e) =>
      e.id === 4 ? ({ ...e, payload: { ...e.payload, error: "fine" } } as HistoryEvent) : e,
    );
    const bad = checkChain(edited);
    expect(bad?.id).toBe(4);
    expect(bad?.reason).toStartWith("hash mismatch");
  });

  test("an edited event whose hash was recomputed breaks the chain at the next one", () => {
    const target = log[2] as HistoryEvent;
    const forged = { ...target, actor: "mallory" } as HistoryEvent;
    const rehashed = { ...forged, hash: eventHash(forged.prevHash, forged) } as HistoryEvent;
    const bad = checkChain(log.map((e) => (e.id === 3 ? rehashed : e)));
    expect(bad).toEqual({ id: 4, reason: expect.stringMatching(/^broken chain/) });
  });

  test("a deleted event breaks the chain at its successor", () => {
    const bad = checkChain(log.filter((e) => e.id !== 2));
    expect(bad?.id).toBe(3);
    expect(bad?.reason).toStartWith("broken chain");
  });

  test("a seq gap is reported even when the hashes are consistent", () => {
    const gap = chain([planned(v(1))]);
    const first = gap[0] as HistoryEvent;
    const skipped = { ...first, seq: 2 } as HistoryEvent;
    const bad = checkChain([{ ...skipped, hash: eventHash(skipped.prevHash, skipped) } as HistoryEvent]);
    expect(bad?.reason).toStartWith("seq out of order");
  });
});

describe("canonicalText", () => {
  test("is canonicalJson's text for any value (property)", () => {
    const value = fc.anything({
      withBoxedValues: true,
      withMap: false,
      withSet: false,
      withBigInt: false,
      withTypedArray: false,
      withSparseArray: true,
      withNullPrototype: true,
      withDate: true,
      withObjectString: true,
    });
    fc.assert(
      fc.property(value, (a) => {
        expect(canonicalText(a)).toBe(canonicalJson(a));
        const parsed = JSON.parse(JSON.stringify({ v: a }) ?? "{}").v;
        expect(canonicalText(parsed)).toBe(canonicalJson(parsed));
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (a) => expect(canonicalText(a)).toBe(canonicalJson(a))),
      { numRuns: 5000 },
    );
  });

  test("edge cases: index-like keys, undefined members, non-finite numbers, toJSON, -0", () => {
    for (const a of [
      { 10: 1, 9: 2, a: 3 },
      { b: undefined, a: 1 },
      [undefined, 1],
      { n: Number.NaN, m: -0 },
      { d: new Date(0) },
      { toJSON: "x" },
      { "": 1, é: 2, Z: 3, a: [[], {}] },
    ])
      expect(canonicalText(a)).toBe(canonicalJson(a));
  });
});
