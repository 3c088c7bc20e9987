/**
 * Shows control characters and non-ASCII bytes the way `cat -v` does, so a doc can show the ANSI
 * escapes of coloured output: each byte of the UTF-8 text below 32 (but newline and tab) as `^`
 * and the byte plus 64 (`ESC` → `^[`), 127 as `^?`, a byte from 128 up as `M-` and the same
 * rendering of the byte minus 128 (`—` E2 80 94 → `M-bM-^@M-^T`).
 */
export function catV(text: string): string {
  let out = "";
  for (const byte of new TextEncoder().encode(text)) {
    const low = byte & 0x7f;
    if (byte >= 0x80) out += "M-";
    if (byte === 0x0a || byte === 0x09) out += String.fromCharCode(byte);
    else if (low < 0x20) out += `^${String.fromCharCode(low + 64)}`;
    else if (low === 0x7f) out += "^?";
    else out += String.fromCharCode(low);
  }
  return out;
}
