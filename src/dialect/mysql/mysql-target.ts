import type { MysqlTarget, Target } from "../../config/config.ts";
import { SSL_MODES, type SslMode } from "../../config/keys.ts";
import { rawUserInfo, redactUrl, secretForms } from "../../config/redact.ts";
import type { TargetPart } from "../../config/target-part.ts";
import { ENCODE_HINT, userInfoProblem } from "../../config/url-user-info.ts";
import type { Block } from "../../config/yaml-block.ts";
import { didYouMeanHint } from "../../core/did-you-mean.ts";
import { isMariadb } from "./mysql-timeouts.ts";

/**
 * MySQL's target part: `adapter: MySQL` or `adapter: MariaDB` with `url:` (a `mysql://` or
 * `mariadb://` URL) or the discrete keys (`host`, `port`, `database`, `username`, `password`,
 * `sslmode`, `sslrootcert`, `sslcert`, `sslkey`, `connect_timeout`); `mysql://` and `mariadb://`
 * URLs, whose only query parameters are `sslmode` and `connect_timeout`. MySQL has no schemas
 * apart from databases: the database is the managed namespace (`schema:` only warns), and it has
 * no extensions (an `extensions:` list is refused when a plan runs).
 */
export const mysqlTarget: TargetPart = {
  adapters: ["mysql", "mariadb"],
  adapterLabels: ["MySQL", "MariaDB"],
  // The server decides what it is; without it, what the environment names (`adapter: MariaDB`, `mariadb://`).
  label: (target, serverVersion) =>
    (serverVersion === undefined ? (target as MysqlTarget).mariadb === true : isMariadb(serverVersion))
      ? "MariaDB"
      : "MySQL",
  schemes: ["mysql", "mariadb"],
  urlExample: "mysql://user@host:3306/dbname",
  urlPrefix: "mysql://",
  ignoredKeys: ["schema"],
  fromBlock,
  fromUrl(url, scheme) {
    const problem = mysqlUrlProblem(url);
    if (problem !== undefined) return { problem };
    return { target: urlTarget(url, scheme === "mariadb") };
  },
  describe: (target) => describeTarget(target as MysqlTarget),
  secrets(target) {
    const { password, url } = target as MysqlTarget;
    const raw = [password, url === undefined ? undefined : rawUserInfo(url)?.password];
    return raw.filter((s): s is string => s !== undefined && s !== "").flatMap(secretForms);
  },
  // The namespace is the connection's database; the name is for messages (a URL alone gives none here).
  schema: (block) => block?.string("database") ?? urlDatabase(block?.string("url")) ?? "",
  extensions: (block) => block?.stringList("extensions") ?? [],
  exists: () => true,
};

function fromBlock(block: Block): Target {
  const mariadb = block.string("adapter")?.trim().toLowerCase() === "mariadb";
  const url = block.string("url")?.trim();
  if (url !== undefined && url !== "") {
    if (!/^(mysql|mariadb):\/\//i.test(url)) throw block.error("url", "must be a mysql:// or mariadb:// URL");
    const problem = mysqlUrlProblem(url);
    if (problem !== undefined) throw block.error("url", problem);
    return pruned<MysqlTarget>({
      ...urlTarget(url, mariadb || /^mariadb:/i.test(url)),
      sslmode: sslMode(block),
      connectTimeoutSeconds: block.integer("connect_timeout", 1, 3600),
    });
  }
  const database = block.string("database");
  if (database === undefined)
    throw block.error("database", 'is missing; name the MySQL database ("database: app") or give "url:"');
  return pruned<MysqlTarget>({
    dialect: "mysql",
    mariadb: mariadb || undefined,
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

function urlTarget(url: string, mariadb: boolean): MysqlTarget {
  return mariadb ? { dialect: "mysql", url, mariadb } : { dialect: "mysql", url };
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

/** The query parameters a MySQL URL may carry. */
const URL_PARAMETERS = ["sslmode", "connect_timeout"] as const;

/** The settings a `mysql://` or `mariadb://` URL holds, decoded (what the driver connects with). */
export interface MysqlUrlSettings {
  readonly host?: string;
  readonly port?: number;
  readonly database?: string;
  readonly username?: string;
  readonly password?: string;
  readonly sslmode?: SslMode;
  readonly connectTimeoutSeconds?: number;
}

/**
 * Reads a `mysql://` or `mariadb://` URL into its settings; the scheme only chose the dialect, so
 * a `mariadb://` URL reaches the client as the same discrete settings a `mysql://` one does.
 * Call it on a URL {@link mysqlUrlProblem} accepted.
 */
export function mysqlUrlSettings(url: string): MysqlUrlSettings {
  const info = rawUserInfo(url);
  // The user info is cut off first: a URL parser would split an unencoded character in it.
  const rest = info === undefined ? url : `mysql://${url.slice(url.lastIndexOf("@") + 1)}`;
  const parsed = new URL(rest.replace(/^[a-z]+:/i, "mysql:"));
  const host = parsed.hostname.startsWith("[") ? parsed.hostname.slice(1, -1) : parsed.hostname;
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  const sslmode = parsed.searchParams.get("sslmode") ?? undefined;
  const timeout = parsed.searchParams.get("connect_timeout");
  return pruned<MysqlUrlSettings>({
    host: host === "" ? undefined : decodeURIComponent(host),
    port: parsed.port === "" ? undefined : Number(parsed.port),
    database: database === "" ? undefined : database,
    username: info === undefined || info.user === "" ? undefined : decodeURIComponent(info.user),
    password: info?.password === undefined ? undefined : decodeURIComponent(info.password),
    sslmode: sslmode as SslMode | undefined,
    connectTimeoutSeconds: timeout === null ? undefined : Number(timeout),
  });
}

/** The database a MySQL URL names, when it is one that names a database. */
function urlDatabase(url: string | undefined): string | undefined {
  if (url === undefined || mysqlUrlProblem(url) !== undefined) return undefined;
  return mysqlUrlSettings(url).database;
}

/**
 * What is wrong with a `mysql://` or `mariadb://` URL, or `undefined` when it is usable: the user
 * name and password run from `scheme://` to the LAST `@` and must percent-encode `/ ? # @`; the
 * only query parameters are `sslmode` (as PostgreSQL's) and `connect_timeout` (seconds). Every
 * message shows the URL redacted.
 */
export function mysqlUrlProblem(url: string): string | undefined {
  const shown = redactUrl(url);
  const userInfo = userInfoProblem(url);
  if (userInfo !== undefined) return userInfo;
  const info = rawUserInfo(url);
  let parsed: URL;
  try {
    parsed = new URL(`mysql://${url.slice(info === undefined ? url.indexOf("://") + 3 : url.lastIndexOf("@") + 1)}`);
  } catch {
    return `"${shown}" is not a valid URL; write mysql://user:password@host:3306/dbname, and in the user name and password ${ENCODE_HINT}`;
  }
  for (const [key, value] of parsed.searchParams) {
    if (!(URL_PARAMETERS as readonly string[]).includes(key))
      return `"${shown}": unknown parameter "${key}"${didYouMeanHint(key, URL_PARAMETERS)}; a MySQL URL takes ${URL_PARAMETERS.join(" and ")}`;
    if (key === "sslmode" && !(SSL_MODES as readonly string[]).includes(value))
      return `"${shown}": sslmode "${value}" is not one of ${SSL_MODES.join(", ")}`;
    if (key === "connect_timeout" && !(/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 3600))
      return `"${shown}": connect_timeout "${value}" must be a whole number of seconds from 1 to 3600`;
  }
  return undefined;
}

/** Describes a MySQL target for people to read, with the password replaced by `***`. */
function describeTarget(target: MysqlTarget): string {
  if (target.url !== undefined) return redactUrl(target.url);
  const auth =
    target.username === undefined ? "" : `${encodeURIComponent(target.username)}${target.password ? ":***" : ""}@`;
  const host = target.host ?? "localhost";
  const port = target.port === undefined ? "" : `:${target.port}`;
  const query = target.sslmode === undefined ? "" : `?sslmode=${target.sslmode}`;
  const scheme = target.mariadb ? "mariadb" : "mysql";
  return `${scheme}://${auth}${host.includes(":") ? `[${host}]` : host}${port}/${encodeURIComponent(target.database ?? "")}${query}`;
}
