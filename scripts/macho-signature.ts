/**
 * The code signature of a 64-bit Mach-O executable (a darwin release binary), off a Mac.
 *
 * `check` verifies as far as that is possible without macOS: the LC_CODE_SIGNATURE blob ends the
 * file, it is an embedded-signature SuperBlob with a CodeDirectory, and every page hash matches
 * the file's bytes up to the code limit (macOS kills a binary whose pages do not match; on arm64
 * a valid signature is mandatory). Certificates are not checked.
 *
 * `sign` replaces the signature with an ad-hoc one (one CodeDirectory of SHA-256 page hashes,
 * as the linker writes it), growing the signature area and `__LINKEDIT` as needed. Bun 1.4.5
 * signs its darwin-arm64 output but leaves darwin-x64 with the runtime's own Developer ID
 * signature, which no longer matches once the program is embedded; scripts/build-release.ts
 * re-signs a binary whose check fails.
 *
 * Usage: bun scripts/macho-signature.ts check|sign FILE   (prints one line; exit 1 when invalid)
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";

const MH_MAGIC_64 = 0xfeedfacf;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const HASHES: Record<number, string> = { 1: "sha1", 2: "sha256" };

/** What the signature says, or why it is not valid. */
export function checkSignature(file: Buffer): { ok: true; summary: string } | { ok: false; reason: string } {
  if (file.readUInt32LE(0) !== MH_MAGIC_64) return { ok: false, reason: "not a 64-bit Mach-O file" };
  const ncmds = file.readUInt32LE(16);
  let at = 32;
  let blob: { offset: number; size: number } | undefined;
  for (let i = 0; i < ncmds; i++) {
    const cmd = file.readUInt32LE(at);
    if (cmd === LC_CODE_SIGNATURE) blob = { offset: file.readUInt32LE(at + 8), size: file.readUInt32LE(at + 12) };
    at += file.readUInt32LE(at + 4);
  }
  if (!blob) return { ok: false, reason: "no LC_CODE_SIGNATURE load command (unsigned)" };
  if (blob.offset + blob.size !== file.length)
    return { ok: false, reason: `the signature ends at ${blob.offset + blob.size}, the file at ${file.length}` };
  const sb = file.subarray(blob.offset, blob.offset + blob.size);
  if (sb.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE)
    return { ok: false, reason: "no embedded-signature SuperBlob" };
  const count = sb.readUInt32BE(8);
  for (let i = 0; i < count; i++) {
    const offset = sb.readUInt32BE(12 + i * 8 + 4);
    if (sb.readUInt32BE(offset) !== CSMAGIC_CODEDIRECTORY) continue;
    const cd = sb.subarray(offset, offset + sb.readUInt32BE(offset + 4));
    const hashOffset = cd.readUInt32BE(16);
    const identOffset = cd.readUInt32BE(20);
    const nCodeSlots = cd.readUInt32BE(28);
    const codeLimit = cd.readUInt32BE(32);
    const hashSize = cd.readUInt8(36);
    const hash = HASHES[cd.readUInt8(37)];
    const pageSize = 2 ** cd.readUInt8(39);
    if (!hash) return { ok: false, reason: `unknown hash type ${cd.readUInt8(37)}` };
    if (codeLimit !== blob.offset)
      return { ok: false, reason: `code limit ${codeLimit} is not the signature's offset ${blob.offset}` };
    if (nCodeSlots !== Math.ceil(codeLimit / pageSize))
      return { ok: false, reason: `${nCodeSlots} page hashes for ${codeLimit} bytes` };
    for (let page = 0; page < nCodeSlots; page++) {
      const bytes = file.subarray(page * pageSize, Math.min((page + 1) * pageSize, codeLimit));
      const want = cd.subarray(hashOffset + page * hashSize, hashOffset + (page + 1) * hashSize);
      const got = createHash(hash).update(bytes).digest().subarray(0, hashSize);
      if (!got.equals(want)) return { ok: false, reason: `page ${page} does not match its ${hash} hash` };
    }
    const ident = cd.subarray(identOffset, cd.indexOf(0, identOffset)).toString("utf8");
    return { ok: true, summary: `identifier ${ident}, ${nCodeSlots} ${hash} page hashes match` };
  }
  return { ok: false, reason: "no CodeDirectory in the signature" };
}

const LC_SEGMENT_64 = 0x19;
const CS_ADHOC = 0x2;
const CS_LINKER_SIGNED = 0x20000;
const CD_VERSION = 0x20400; // with the executable-segment fields
const CD_HEADER = 88;
const PAGE = 4096;

/**
 * The file re-signed ad hoc: a new SuperBlob holding one CodeDirectory (identifier `identifier`,
 * the executable-segment fields of the old one) replaces the old signature at the same offset;
 * LC_CODE_SIGNATURE and `__LINKEDIT` grow to hold it.
 */
export function adhocSign(input: Buffer, identifier: string): Buffer {
  if (input.readUInt32LE(0) !== MH_MAGIC_64) throw new Error("not a 64-bit Mach-O file");
  const ncmds = input.readUInt32LE(16);
  let at = 32;
  let sigCmd = -1;
  let linkedit = -1;
  for (let i = 0; i < ncmds; i++) {
    const cmd = input.readUInt32LE(at);
    if (cmd === LC_CODE_SIGNATURE) sigCmd = at;
    if (
      cmd === LC_SEGMENT_64 &&
      input
        .subarray(at + 8, at + 24)
        .toString("latin1")
        .replace(/\0+$/, "") === "__LINKEDIT"
    )
      linkedit = at;
    at += input.readUInt32LE(at + 4);
  }
  if (sigCmd < 0 || linkedit < 0) throw new Error("no LC_CODE_SIGNATURE or __LINKEDIT to re-sign");
  const codeLimit = input.readUInt32LE(sigCmd + 8);
  const old = input.subarray(codeLimit);
  // The executable segment (base, limit, flags) comes from the old CodeDirectory.
  const execSeg = { base: 0n, limit: 0n, flags: 1n };
  for (let i = 0; i < old.readUInt32BE(8); i++) {
    const offset = old.readUInt32BE(12 + i * 8 + 4);
    if (old.readUInt32BE(offset) === CSMAGIC_CODEDIRECTORY && old.readUInt32BE(offset + 8) >= 0x20400) {
      execSeg.base = old.readBigUInt64BE(offset + 64);
      execSeg.limit = old.readBigUInt64BE(offset + 72);
      execSeg.flags = old.readBigUInt64BE(offset + 80);
    }
  }
  const ident = Buffer.from(`${identifier}\0`, "utf8");
  const nCodeSlots = Math.ceil(codeLimit / PAGE);
  const hashOffset = CD_HEADER + ident.length;
  const cdLength = hashOffset + nCodeSlots * 32;
  const sigSize = 12 + 8 + cdLength;

  const out = Buffer.alloc(codeLimit + sigSize);
  input.copy(out, 0, 0, codeLimit);
  out.writeUInt32LE(sigSize, sigCmd + 12);
  const linkeditOff = Number(out.readBigUInt64LE(linkedit + 40));
  const linkeditSize = codeLimit + sigSize - linkeditOff;
  out.writeBigUInt64LE(BigInt(linkeditSize), linkedit + 48);
  const vmsize = Number(out.readBigUInt64LE(linkedit + 32));
  if (vmsize < linkeditSize) out.writeBigUInt64LE(BigInt(Math.ceil(linkeditSize / PAGE) * PAGE), linkedit + 32);

  const sb = out.subarray(codeLimit);
  sb.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  sb.writeUInt32BE(sigSize, 4);
  sb.writeUInt32BE(1, 8);
  sb.writeUInt32BE(0, 12); // slot 0: the CodeDirectory
  sb.writeUInt32BE(20, 16);
  const cd = sb.subarray(20);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cdLength, 4);
  cd.writeUInt32BE(CD_VERSION, 8);
  cd.writeUInt32BE(CS_ADHOC | CS_LINKER_SIGNED, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(CD_HEADER, 20);
  cd.writeUInt32BE(0, 24); // no special slots
  cd.writeUInt32BE(nCodeSlots, 28);
  cd.writeUInt32BE(codeLimit, 32);
  cd.writeUInt8(32, 36); // SHA-256
  cd.writeUInt8(2, 37);
  cd.writeUInt8(0, 38);
  cd.writeUInt8(Math.log2(PAGE), 39);
  cd.writeBigUInt64BE(execSeg.base, 64);
  cd.writeBigUInt64BE(execSeg.limit, 72);
  cd.writeBigUInt64BE(execSeg.flags, 80);
  ident.copy(cd, CD_HEADER);
  // The pages are hashed after the load commands were updated: they are part of page 0.
  for (let page = 0; page < nCodeSlots; page++) {
    const bytes = out.subarray(page * PAGE, Math.min((page + 1) * PAGE, codeLimit));
    createHash("sha256")
      .update(bytes)
      .digest()
      .copy(cd, hashOffset + page * 32);
  }
  return out;
}

if (import.meta.main) {
  const [action, path] = process.argv.slice(2);
  if ((action !== "check" && action !== "sign") || !path) {
    console.error("usage: bun scripts/macho-signature.ts check|sign FILE");
    process.exit(64);
  }
  if (action === "sign") writeFileSync(path, adhocSign(readFileSync(path), "pormg"));
  const result = checkSignature(readFileSync(path));
  console.log(result.ok ? result.summary : result.reason);
  process.exit(result.ok ? 0 : 1);
}
