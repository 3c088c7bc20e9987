import type { PostgresTarget, Target } from "../../config/config.ts";
import { SSL_MODES, type SslMode } from "../../config/keys.ts";
import { rawUserInfo, redactUrl, secretForms } from "../../config/redact.ts";
import type { TargetPart } from "../../config/target-part.ts";
import { ENCODE_HINT, userInfoProblem } from "../../config/url-user-info.ts";
import type { Block } from "../../config/yaml-block.ts";
import { didYouMeanHint } from "../../core/did-you-mean.ts";

/**
 * PostgreSQL's target part: `adapter: PostgreSQL` with `url:` (a `postgres://` URL or a libpq
 * keyword string) or the discrete keys (`host`, `port`, `database` …); `postgres://` and
 * `postgresql://` URLs; the environment's `schema` (default `public`) and `extensions`.
 */
export const postgresTarget: TargetPart = {
  adapters: ["postgresql", "postgres"],
  schemes: ["postgres", "postgresql"],
  urlExample: "postgres://user@host:5432/dbname",
  urlPrefix: "postgres://",
  ignoredKeys: [],
  fromBlock,
  fromUrl(url) {
    const problem = postgresUrlProblem(url);
    if (problem !== undefined) return { problem };
    const target: PostgresTarget = { dialect: "postgresql", url };
    return { target };
  },
  describe: (target) => describeTarget(target as PostgresTarget),
  secrets(target) {
    const { password, url } = target as PostgresTarget;
    const raw = [password, url === undefined ? undefined : rawUserInfo(url)?.password];
    return raw.filter((s): s is string => s !== undefined && s !== "").flatMap(secretForms);
  },
  schema: (block) => block?.string("schema") ?? "public",
  extensions: (block) => block?.stringList("extensions") ?? [],
  exists: () => true,
};

function fromBlock(block: Block): Target {
  const url = block.string("url");
  if (url !== undefined && url.trim() !== "") return postgresFromUrl(block, url.trim());
  const database = block.string("database");
  if (database === undefined)
    throw block.error("database", 'is missing; name the PostgreSQL database ("database: app") or give "url:"');
  return pruned({
    dialect: "postgresql",
    host: block.string("host"),
    port: block.integer("port", 1, 65535),
    database,
    username: block.string("username"),
    password: block.string("password"),
    sslmode: sslMode(block),
    sslrootcert: block.string("sslrootcert"),
    sslcert: block.string("sslcert"),
    sslkey: block.string("sslkey"),
    connectTimeoutSeconds: block.integer("connect_timeout", 1, 3600),
  });
}

function postgresFromUrl(block: Block, url: string): PostgresTarget {
  if (/^postgres(ql)?:\/\//i.test(url)) {
    const problem = postgresUrlProblem(url);
    if (problem !== undefined) throw block.error("url", problem);
    return pruned({
      dialect: "postgresql",
      url,
      sslmode: sslMode(block),
      connectTimeoutSeconds: block.integer("connect_timeout", 1, 3600),
    });
  }
  const pairs = parseKeywordString(url);
  if (!pairs)
    throw block.error(
      "url",
      'must be a postgres:// URL or a libpq keyword string such as "host=db port=5432 dbname=app"',
    );
  const port = pairs.port === undefined ? undefined : Number(pairs.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536))
    throw block.error("url", `port "${pairs.port}" must be a whole number from 1 to 65535`);
  const mode = pairs.sslmode;
  if (mode !== undefined && !(SSL_MODES as readonly string[]).includes(mode))
    throw block.error("url", `sslmode "${mode}" is not one of ${SSL_MODES.join(", ")}`);
  return pruned({
    dialect: "postgresql",
    host: pairs.host,
    port,
    database: pairs.dbname,
    username: pairs.user,
    password: pairs.password,
    sslmode: mode as SslMode | undefined,
  });
}

function sslMode(block: Block): SslMode | undefined {
  const mode = block.string("sslmode");
  if (mode === undefined) return undefined;
  if (!(SSL_MODES as readonly string[]).includes(mode))
    throw block.error("sslmode", `"${mode}" is not one of ${SSL_MODES.join(", ")}${didYouMeanHint(mode, SSL_MODES)}`);
  return mode as SslMode;
}

/** Drops keys whose value is `undefined`, so optional properties stay absent rather than undefined. */
function pruned<T extends object>(value: { [K in keyof T]: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * What is wrong with a `postgres://` URL, or `undefined` when it is usable: its user name and
 * password (`userInfoProblem`), then the URL itself. Every message shows the URL redacted.
 */
export function postgresUrlProblem(url: string): string | undefined {
  const shown = redactUrl(url);
  const userInfo = userInfoProblem(url);
  if (userInfo !== undefined) return userInfo;
  try {
    new URL(url);
  } catch {
    return `"${shown}" is not a valid URL; write postgres://user:password@host:5432/dbname, and in the user name and password ${ENCODE_HINT}`;
  }
  return undefined;
}

/** Describes a PostgreSQL target for people to read, with the password replaced by `***`. */
function describeTarget(target: PostgresTarget): string {
  if (target.url !== undefined) return redactUrl(target.url);
  const auth =
    target.username === undefined ? "" : `${encodeURIComponent(target.username)}${target.password ? ":***" : ""}@`;
  const host = target.host ?? "localhost";
  const port = target.port === undefined ? "" : `:${target.port}`;
  const query = target.sslmode === undefined ? "" : `?sslmode=${target.sslmode}`;
  return `postgresql://${auth}${host.includes(":") ? `[${host}]` : host}${port}/${encodeURIComponent(target.database ?? "")}${query}`;
}

/**
 * Parses a libpq keyword string (`host=db port=5432 dbname='my db'`) into its pairs, as PormG
 * accepts in `url:`. Returns `undefined` when the text is not of that form.
 */
export function parseKeywordString(text: string): Record<string, string> | undefined {
  const pairs: Record<string, string> = {};
  const pattern = /\s*([A-Za-z_]+)\s*=\s*('((?:[^'\\]|\\.)*)'|[^\s']*)/y;
  let index = 0;
  while (index < text.length) {
    if (/^\s*$/.test(text.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (!match) return undefined;
    const key = match[1] as string;
    pairs[key] = match[3] !== undefined ? match[3].replace(/\\(.)/g, "$1") : (match[2] as string);
    index = pattern.lastIndex;
  }
  return Object.keys(pairs).length > 0 ? pairs : undefined;
}
