/** The largest file an agent may write. */
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const SAMPLE_CHARS = 8192;

/** Why content may not be written as a text file, or undefined when it may. */
export function contentRefusal(content: string, maxBytes = DEFAULT_MAX_FILE_BYTES): string | undefined {
  const bytes = Buffer.byteLength(content, 'utf8');
  if (bytes > maxBytes) {
    return `the file is ${formatBytes(bytes)}, over the ${formatBytes(maxBytes)} limit; split it into smaller files`;
  }
  if (content.includes('\0')) return 'binary content (NUL bytes) is refused; write text files only';
  if (LONE_SURROGATE.test(content)) return 'the content is not valid UTF-8 text (a lone surrogate); write text files only';
  const sample = content.slice(0, SAMPLE_CHARS);
  let controls = 0;
  for (let i = 0; i < sample.length; i++) if (isBinaryControl(sample.charCodeAt(i))) controls++;
  if (sample.length > 0 && controls / sample.length > 0.05) return 'the content looks binary (many control characters); write text files only';
  return undefined;
}

/** C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape; and DEL. */
function isBinaryControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0b && code !== 0x0c && code !== 0x0d && code !== 0x1b) || code === 0x7f;
}

/** `812 B`, `1.2 KB`, `3.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${oneDecimal(bytes / 1024)} KB`;
  return `${oneDecimal(bytes / (1024 * 1024))} MB`;
}

function oneDecimal(value: number): string {
  return value.toFixed(1).replace(/\.0$/, '');
}
