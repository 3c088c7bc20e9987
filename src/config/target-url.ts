import type { Target } from "./config.ts";
import { redactUrl } from "./redact.ts";
import type { ConfigDialect } from "./target-part.ts";

/**
 * Parses a connection URL given with `--url`, `PORMG_DATABASE_URL` or a `--targets` line: its
 * scheme chooses the dialect (one of `dialects`), whose target part reads the rest (relative
 * paths resolve against `cwd`). Returns an explanation instead when the URL has no scheme pormg
 * knows or is unusable.
 */
export function targetFromUrl(
  url: string,
  cwd: string,
  dialects: readonly ConfigDialect[],
): { target: Target } | { problem: string } {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  const dialect = scheme === undefined ? undefined : dialects.find((d) => d.target.schemes.includes(scheme));
  if (dialect !== undefined && scheme !== undefined) return dialect.target.fromUrl(url, scheme, cwd);
  return {
    problem: `"${redactUrl(url)}" is not a database URL pormg knows; use ${dialects.map((d) => d.target.urlExample).join(" or ")}`,
  };
}

/** How the URLs of `dialects` start, for messages: `postgres://…, sqlite:…`. */
export function urlForms(dialects: readonly ConfigDialect[]): string {
  return dialects.map((d) => `${d.target.urlPrefix}…`).join(", ");
}
