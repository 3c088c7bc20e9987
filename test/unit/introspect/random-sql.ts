/**
 * Seeded random SQL text for the tests that compare a fast reader with its token-by-token
 * reference: up to `maxPieces` of `pieces`, each followed by a space or not, after `prefix`.
 * The same seed gives the same text (a linear congruential generator, no Math.random).
 */
export function randomPieces(pieces: readonly string[], seed: number, maxPieces: number, prefix = ""): string {
  let state = seed;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    return state;
  };
  let out = prefix;
  const length = 1 + (next() % maxPieces);
  for (let k = 0; k < length; k++) out += `${pieces[next() % pieces.length]}${next() % 2 ? " " : ""}`;
  return out;
}
