import type { Token } from "./tokenize.ts";

/** Whether `token` is the unquoted keyword `keyword` (case-insensitive). */
export function isKeyword(token: Token | undefined, keyword: string): boolean {
  if (token === undefined || token.kind !== "word") return false;
  const text = token.text;
  // ASCII letters uppercase one for one, so an ASCII word is compared by code without a copy; a
  // word with other characters (which may uppercase to more, `ﬁ` to `FI`) is uppercased whole.
  // Uppercasing never shortens a text, so only a shorter word with such a character can still match.
  if (text.length !== keyword.length)
    return text.length < keyword.length && !isAscii(text) && text.toUpperCase() === keyword;
  for (let k = 0; k < text.length; k++) {
    let code = text.charCodeAt(k);
    if (code >= 0x80) return text.toUpperCase() === keyword;
    if (code >= 97 && code <= 122) code -= 32;
    if (code !== keyword.charCodeAt(k)) return false;
  }
  return true;
}

function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) >= 0x80) return false;
  return true;
}

/** Whether `token` is a comment. */
export function isComment(token: Token): boolean {
  return token.kind === "line_comment" || token.kind === "block_comment";
}

/** Whether `token` names something: an unquoted word or a quoted identifier. */
export function isName(token: Token | undefined): boolean {
  return token?.kind === "word" || token?.kind === "quoted_identifier";
}
