/**
 * Turns a requirements file's bytes into text. UTF-8 (with or without BOM) and UTF-16 with a BOM are
 * read; anything else (invalid UTF-8, binary content) is an error at the line of the first bad byte,
 * never a guessed encoding.
 */
export function decodeRequirementsBytes(bytes: Uint8Array): { text: string } | { problem: { line: number; column: number; message: string } } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const body = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(body);
    const nul = text.indexOf('\u0000');
    if (nul >= 0) return { problem: { ...lineColumnOfOffset(text, nul), message: 'the file holds binary data (a NUL character): save it as UTF-8 text' } };
    return { text };
  } catch {
    const bad = firstInvalidUtf8(body);
    const before = new TextDecoder('utf-8').decode(body.subarray(0, bad));
    return {
      problem: {
        ...lineColumnOfOffset(before, before.length),
        message: `the file is not valid UTF-8 (byte 0x${body[bad].toString(16).padStart(2, '0')} at offset ${bad}): save it as UTF-8`,
      },
    };
  }
}

/** For text that was already decoded by someone else (an editor): U+FFFD marks bytes that could not be read. */
export function findUnreadableCharacter(text: string): { line: number; column: number; message: string } | undefined {
  const replacement = text.indexOf('\ufffd');
  if (replacement >= 0) return { ...lineColumnOfOffset(text, replacement), message: 'the file has characters that could not be decoded (U+FFFD): save it as UTF-8' };
  const nul = text.indexOf('\u0000');
  if (nul >= 0) return { ...lineColumnOfOffset(text, nul), message: 'the file holds binary data (a NUL character): save it as UTF-8 text' };
  return undefined;
}

function lineColumnOfOffset(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += length;
  }
  return Math.max(0, bytes.length - 1);
}
