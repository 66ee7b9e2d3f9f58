const REDACTED = '[redacted]';

/** Shapes that are secrets whoever's they are: bearer tokens and OpenAI-style keys, also when partly masked. */
const SECRET_SHAPES = [/\bBearer\s+[^\s"',;]+/gi, /\bsk-[A-Za-z0-9_*-]{6,}/g];

/**
 * Removes every known key (and anything shaped like a key or a bearer token) from a text before it
 * reaches an error message, an event, a log line or a file.
 */
export function redactSecrets(text: string, keys: readonly string[] = []): string {
  let out = text;
  for (const key of keys) {
    // Very short "keys" (e.g. "x" for a local server) would shred ordinary text and protect nothing.
    if (key.length >= 6) out = out.split(key).join(REDACTED);
  }
  for (const shape of SECRET_SHAPES) out = out.replace(shape, (match) => (match.toLowerCase().startsWith('bearer') ? `Bearer ${REDACTED}` : REDACTED));
  return out;
}
