import { rawUserInfo, redactUrl } from "./redact.ts";

/** How each character URL parsers stop at is written inside a user name or password. */
export const ENCODE_HINT =
  'percent-encode them: "/" → %2F, "?" → %3F, "#" → %23, "@" → %40, ":" → %3A, "%" → %25, space → %20';

/**
 * What is wrong with the user name and password of a server URL, or undefined when they read: they
 * run from `scheme://` to the LAST `@`, so a `/`, `?`, `#` or `@` inside them must be
 * percent-encoded (URL parsers, the drivers' among them, would end the password there and read the
 * rest as a host), and every `%` must start a `%XX` escape. The message shows the URL redacted.
 */
export function userInfoProblem(url: string): string | undefined {
  const shown = redactUrl(url);
  const info = rawUserInfo(url);
  const raw = info === undefined ? "" : `${info.user}:${info.password ?? ""}`;
  const stop = [...raw].find((c) => "/?#@".includes(c));
  if (stop !== undefined)
    return (
      `"${shown}": the user name or password holds an unencoded "${stop}" (pormg reads everything before the last "@" ` +
      `as user name and password); ${ENCODE_HINT} (an "@" outside them, e.g. in a query parameter, is %40 too)`
    );
  try {
    if (info !== undefined) {
      decodeURIComponent(info.user);
      decodeURIComponent(info.password ?? "");
    }
  } catch {
    return `"${shown}": the user name or password holds a "%" that starts no %XX escape; write a literal "%" as %25`;
  }
  return undefined;
}
