import { describe, expect, test } from "bun:test";
import { matchByShape } from "../../../src/schema/match.ts";

interface Item {
  readonly name?: string;
  readonly shape: string;
}
const item = (shape: string, name?: string): Item => ({ shape, ...(name !== undefined && { name }) });
const byShape = (i: Item) => i.shape;

describe("matchByShape: items match by shape as multisets, the same name pairing first", () => {
  test("a side with nothing: everything added or dropped, in order", () => {
    const a = [item("x"), item("y")];
    expect(matchByShape([], a, byShape)).toEqual({ added: a, dropped: [], pairs: [] });
    expect(matchByShape(a, [], byShape)).toEqual({ added: [], dropped: a, pairs: [] });
  });

  test("one a side: paired when the shapes agree, else one added and one dropped", () => {
    const [l, t] = [item("x", "a"), item("x", "b")];
    expect(matchByShape([l], [t], byShape)).toEqual({ added: [], dropped: [], pairs: [[l, t]] });
    const other = item("y");
    expect(matchByShape([l], [other], byShape)).toEqual({ added: [other], dropped: [l], pairs: [] });
  });

  test("among equal shapes the same name pairs first, whatever the target's order", () => {
    const [one, two] = [item("x", "one"), item("x", "two")];
    const [unnamed, named] = [item("x"), item("x", "two")];
    const m = matchByShape([one, two], [unnamed, named], byShape);
    expect(m.pairs).toEqual([
      [two, named],
      [one, unnamed],
    ]);
    expect(m.added).toEqual([]);
    expect(m.dropped).toEqual([]);
  });

  test("added and dropped keep their sides' order", () => {
    const [a, b, c] = [item("a"), item("b"), item("c")];
    const [d, b2, e] = [item("d", "n"), item("b"), item("e")];
    const m = matchByShape([a, b, c], [d, b2, e], byShape);
    expect(m.added).toEqual([d, e]);
    expect(m.dropped).toEqual([a, c]);
    expect(m.pairs).toEqual([[b, b2]]);
  });
});
