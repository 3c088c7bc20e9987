import { describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { adhocSign, checkSignature } from "../../../scripts/macho-signature.ts";

/**
 * A small 64-bit Mach-O file: a header, a `__LINKEDIT` segment and LC_CODE_SIGNATURE pointing at
 * a signature blob (given, or 64 zero bytes) after `codeBytes` bytes of code.
 */
function machO(codeBytes: number, signature: Buffer = Buffer.alloc(64)): Buffer {
  const file = Buffer.alloc(codeBytes + signature.length);
  for (let i = 200; i < codeBytes; i++) file[i] = (i * 31) & 0xff;
  file.writeUInt32LE(0xfeedfacf, 0);
  file.writeUInt32LE(2, 16); // two load commands
  let at = 32;
  file.writeUInt32LE(0x19, at); // LC_SEGMENT_64 __LINKEDIT
  file.writeUInt32LE(72, at + 4);
  file.write("__LINKEDIT", at + 8, "latin1");
  file.writeBigUInt64LE(0x100000000n, at + 24);
  file.writeBigUInt64LE(8192n, at + 32);
  file.writeBigUInt64LE(4096n, at + 40);
  file.writeBigUInt64LE(BigInt(codeBytes + signature.length - 4096), at + 48);
  at += 72;
  file.writeUInt32LE(0x1d, at); // LC_CODE_SIGNATURE
  file.writeUInt32LE(16, at + 4);
  file.writeUInt32LE(codeBytes, at + 8);
  file.writeUInt32LE(signature.length, at + 12);
  signature.copy(file, codeBytes);
  return file;
}

describe("Mach-O ad-hoc signature", () => {
  test("an unsigned (zeroed) signature area fails; after sign every page hash matches", () => {
    const unsigned = machO(3 * 4096 + 123);
    expect(checkSignature(unsigned)).toEqual({ ok: false, reason: "no embedded-signature SuperBlob" });
    const signed = adhocSign(unsigned, "pormg");
    expect(checkSignature(signed)).toEqual({ ok: true, summary: "identifier pormg, 4 sha256 page hashes match" });
    // The code bytes after the load commands are unchanged; the last page is hashed short.
    expect(signed.subarray(200, 3 * 4096 + 123)).toEqual(unsigned.subarray(200, 3 * 4096 + 123));
    const lastPage = signed.subarray(3 * 4096, 3 * 4096 + 123);
    expect(signed.includes(createHash("sha256").update(lastPage).digest())).toBe(true);
  });

  test("the signature area and __LINKEDIT grow to hold more page hashes", () => {
    const signed = adhocSign(machO(40 * 4096), "pormg");
    const sigSize = signed.readUInt32LE(32 + 72 + 12);
    expect(sigSize).toBe(12 + 8 + 88 + 6 + 40 * 32);
    expect(signed.length).toBe(40 * 4096 + sigSize);
    expect(Number(signed.readBigUInt64LE(32 + 48))).toBe(signed.length - 4096);
    expect(Number(signed.readBigUInt64LE(32 + 32))).toBeGreaterThanOrEqual(signed.length - 4096);
  });

  test("a changed code byte or a signature that stops short is reported", () => {
    const signed = adhocSign(machO(5 * 4096), "pormg");
    const tampered = Buffer.from(signed);
    tampered.writeUInt8(tampered.readUInt8(2 * 4096 + 7) ^ 1, 2 * 4096 + 7);
    expect(checkSignature(tampered)).toEqual({ ok: false, reason: "page 2 does not match its sha256 hash" });
    const short = Buffer.concat([signed, Buffer.alloc(16)]);
    expect(checkSignature(short).ok).toBe(false);
    expect(checkSignature(Buffer.alloc(64))).toEqual({ ok: false, reason: "not a 64-bit Mach-O file" });
  });
});
