/** The text that stands in for a secret in every message pormg prints. */
export const REDACTED = "***";

/**
 * Redacts the password of a connection URL (`postgres://user:secret@host/db` →
 * `postgres://user:***@host/db`) and of a libpq keyword string (`password=secret`), plus any
 * `password`/`sslpassword` query parameter. Text that is neither comes back unchanged.
 */
export function redactUrl(text: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text))
    return text
      .replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@/?#\s]*@/i, `$1:${REDACTED}@`)
      .replace(/([?&](?:ssl)?password=)[^&#\s]*/gi, `$1${REDACTED}`);
  return text.replace(/((?:^|\s)(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.|'')*'|\S+)/gi, `$1${REDACTED}`);
}

/**
 * Replaces every occurrence of each secret in `text` with `***`, and redacts any connection URL
 * in it. Secrets shorter than three characters are left alone: hiding them would mangle ordinary
 * words without protecting anything.
 */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'`]+/gi, (url) => redactUrl(url));
  for (const secret of secrets) {
    if (secret.length >= 3) out = out.split(secret).join(REDACTED);
  }
  return out;
}
