import type { DialectName } from "../core/dialect-name.ts";
import type { Target } from "./config.ts";
import type { Block } from "./yaml-block.ts";

/**
 * A TargetPart is what the configuration needs from a dialect (the port its folder implements in
 * `<d>-target.ts`): which `adapter:` names and URL schemes select it, how it reads an environment
 * block or a URL into its Target, how it shows one, which secrets it holds, and its defaults.
 */
export interface TargetPart {
  /** The `adapter:` values that select the dialect, lowercase (`postgresql`, `postgres`). */
  readonly adapters: readonly string[];
  /** The `adapter:` values as messages spell them (`MySQL`, `MariaDB`); absent: the dialect's label. */
  readonly adapterLabels?: readonly string[];
  /**
   * The product for people: the one `target` names (`adapter: MariaDB`), or with `serverVersion`
   * the one the server is (its version says MariaDB). Absent: the dialect's label.
   */
  label?(target: Target, serverVersion?: string): string;
  /** The URL schemes that select the dialect, lowercase, without the colon (`postgres`, `postgresql`). */
  readonly schemes: readonly string[];
  /** A URL for messages that show how to write one (`postgres://user@host:5432/dbname`). */
  readonly urlExample: string;
  /** How such a URL starts, for messages (`postgres://`, `sqlite:`). */
  readonly urlPrefix: string;
  /** Environment keys that have no effect on the dialect; `connection.yml` warns about each. */
  readonly ignoredKeys: readonly string[];
  /** Reads the target of an environment block (its `adapter` chose this dialect); errors name the key. */
  fromBlock(block: Block, folder: string): Target;
  /**
   * Reads a URL whose scheme (lowercase) chose this dialect; relative paths resolve against `cwd`.
   * Returns an explanation instead when the URL is unusable.
   */
  fromUrl(url: string, scheme: string, cwd: string): { target: Target } | { problem: string };
  /** The target for people to read, with the password replaced by `***`. */
  describe(target: Target): string;
  /** The target's secrets in every spelling that could reach output (`secretForms`). */
  secrets(target: Target): string[];
  /** The environment's schema, read from its block when there is one (a URL alone has none), else the default. */
  schema(block: Block | undefined): string;
  /** The extensions the environment asks for (its `extensions:`), where the dialect has them. */
  extensions(block: Block | undefined): readonly string[];
  /** Whether the database a target names exists already (a server's database: assumed yes). */
  exists(target: Target): boolean;
  /**
   * A target that needs no database (SQLite's `:memory:`), for asking the client's version while
   * the database does not exist yet (`pormg info`); absent when every target exists.
   */
  readonly inMemory?: Target;
}

/** A ConfigDialect is the slice of a Dialect the configuration uses: its name, label and target part. */
export interface ConfigDialect {
  readonly name: DialectName;
  readonly label: string;
  readonly target: TargetPart;
}

/** The dialect of `dialects` a target belongs to; throws when none is (a bug: targets come from them). */
export function dialectOfTarget<D extends { readonly name: DialectName }>(
  dialects: readonly D[],
  target: { readonly dialect: DialectName },
): D {
  const found = dialects.find((d) => d.name === target.dialect);
  if (found === undefined) throw new Error(`no dialect named ${target.dialect} is registered`);
  return found;
}
