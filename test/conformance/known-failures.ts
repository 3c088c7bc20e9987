/**
 * Cases that fail today for a known reason, keyed by case id (`pg/…`, `sqlite/…`), with the reason.
 * The runner still runs them: each must still fail, and one that passes fails the run ("remove it
 * from known-failures"), so this list can only shrink — remove an entry when its fix lands.
 * Classes (a)–(e) are being fixed on branch fix/fixes; "open:" entries are described in the README
 * of the corpus and wait for a fix of their own.
 */
const a = "(a) design §10: DROP INDEX / DROP CONSTRAINT (and a serial's DROP SEQUENCE) are flagged destructive";
const b = "(b) a table rename leaves its default-named key, uniques and foreign keys under the old names";
const opclass =
  "open: an index key with a non-default operator class, NULLS order or collation is unmanaged, so import-models leaves it out of the models and a database migrated from them lacks it";

export const KNOWN_FAILURES: Readonly<Record<string, string>> = {
  "pg/check-dropped": a,
  "pg/check-expression-changed": a,
  "pg/composite-key-shrinks-column-nullable": a,
  "pg/fk-action-changed": a,
  "pg/fk-match-full": a,
  "pg/index-dropped": a,
  "pg/index-partial-expression-changed": a,
  "pg/primary-key-moved-to-uuid": a,
  "pg/serial-to-identity": a,
  "pg/unique-deferrable-initially-deferred": a,
  "pg/unique-dropped": a,
  "pg/unique-nulls-not-distinct": a,
  "sqlite/index-dropped": a,
  "sqlite/rebuild-removes-undeclared-index": a,
  "pg/rename-table-with-hint": b,
  "pg/rename-table-and-column-with-fk": b,
  "pg/fk-to-ignored-django-auth-user":
    "(c) import-models fails on a foreign key to an ignored table (Django's auth_user)",
  "pg/index-include-columns": "(d) INCLUDE indexes are not in the IR/DSL: unmanaged, left out of the models",
  "pg/check-status-in-list":
    "(e) import-models writes the check as PostgreSQL printed it, which PostgreSQL then stores differently (ARRAY[…]::text[] vs …::character varying::text)",
  "pg/index-desc-nulls-multicolumn": opclass,
  "pg/index-gin-jsonb-and-btree-opclass": opclass,
  "pg/django-polls-next-version": `${opclass} (Django's *_like varchar_pattern_ops indexes)`,
  "pg/free-sequence-default-to-serial":
    "open: a column made serial adopts the free sequence its default reads (ALTER SEQUENCE global_ids OWNED BY), so its sequence keeps that name where a fresh database has gadgets_id_seq",
  "pg/shared-free-sequence-to-serial":
    "open: a free sequence read by two columns made serial is adopted by both (OWNED BY twice, the second wins): check then reports invoices.id as not serial",
  "sqlite/rebuild-refused-collation-in-table-key":
    "open: a collation inside a table-level UNIQUE (name COLLATE NOCASE, …) is not in the IR and check does not report it: the plan adds a column and leaves the NOCASE key, while the models say a plain one",
};
