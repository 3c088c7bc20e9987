/**
 * Cases that fail today for a known reason, keyed by case id (`pg/…`, `sqlite/…`), with the reason.
 * The runner still runs them: each must still fail, and one that passes fails the run ("remove it
 * from known-failures"), so this list can only shrink — remove an entry when its fix lands.
 * "open:" entries are described in the README of the corpus and wait for a fix of their own.
 */
export const KNOWN_FAILURES: Readonly<Record<string, string>> = {};
