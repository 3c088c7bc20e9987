/** The text that stands in for a secret in every message pormg prints. */
export const REDACTED = "***";

const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/)/i;

/**
 * The user-info part of a connection URL as written, before any parsing: everything between
 * `scheme://` and the LAST `@` of the text (a password may hold `/`, `#`, `?` or `@` unencoded,
 * which URL parsers split in the wrong place). `undefined` when the text is not `scheme://…@…`.
 */
export function rawUserInfo(url: string): { user: string; password?: string } | undefined {
  const scheme = SCHEME.exec(url)?.[1];
  if (scheme === undefined) return undefined;
  const at = url.lastIndexOf("@");
  if (at < scheme.length) return undefined;
  const info = url.slice(scheme.length, at);
  const colon = info.indexOf(":");
  return colon < 0 ? { user: info } : { user: info.slice(0, colon), password: info.slice(colon + 1) };
}

/**
 * Redacts the password of a connection URL (`postgres://user:secret@host/db` →
 * `postgres://user:***@host/db`) and of a libpq keyword string (`password=secret`), plus any
 * `password`/`sslpassword` query parameter. The password runs to the last `@` of the text, so an
 * unencoded `/`, `#`, `?` or `@` in it is hidden too. Text that is neither comes back unchanged.
 */
export function redactUrl(text: string): string {
  const scheme = SCHEME.exec(text)?.[1];
  if (scheme !== undefined) {
    let out = text;
    const info = rawUserInfo(text);
    if (info?.password !== undefined) {
      const at = text.lastIndexOf("@");
      out = `${scheme}${info.user}:${REDACTED}${text.slice(at)}`;
    }
    return out.replace(/([?&](?:ssl)?password=)[^&#\s]*/gi, `$1${REDACTED}`);
  }
  return text.replace(/((?:^|\s)(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.|'')*'|\S+)/gi, `$1${REDACTED}`);
}

/**
 * A URL inside free text: up to the last `@` of its run of non-blank characters, or to a quote.
 * The scheme must start where no scheme character precedes it and is at most 32 characters long,
 * so the search stays linear in long text (a 10 MB string literal) instead of rescanning every run
 * of letters from each of its positions.
 */
const URL_IN_TEXT = /(?<![a-z0-9+.-])[a-z][a-z0-9+.-]{0,31}:\/\/(?:\S*@[^\s"'`]*|[^\s"'`]+)/gi;

/**
 * Replaces every occurrence of each secret in `text` with `***`, and redacts any connection URL
 * in it. Secrets shorter than three characters are left alone: hiding them would mangle ordinary
 * words without protecting anything (the URL redaction still hides them inside URLs).
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  // Every URL the pattern matches holds "://": text without it (a schema's DDL) skips the search.
  let out = text.includes("://") ? text.replace(URL_IN_TEXT, (url) => redactUrl(url)) : text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Every spelling of a secret that could reach output: as given, percent-decoded, and JSON-escaped. */
export function secretForms(secret: string): string[] {
  const forms = new Set([secret]);
  try {
    forms.add(decodeURIComponent(secret));
  } catch {
    // not percent-encoded text
  }
  for (const form of [...forms]) forms.add(JSON.stringify(form).slice(1, -1));
  return [...forms].filter((s) => s !== "");
}
