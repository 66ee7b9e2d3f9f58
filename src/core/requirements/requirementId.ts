/** SPEC §2: an ID is `[A-Z][A-Z0-9]*-\d+`, not followed by more word characters. */
export const REQUIREMENT_ID_SOURCE = '[A-Z][A-Z0-9]*-\\d+(?![A-Za-z0-9_-])';

const LEADING_ID = new RegExp(`^\\s*(?:\\[(${REQUIREMENT_ID_SOURCE})\\]|\`(${REQUIREMENT_ID_SOURCE})\`|(${REQUIREMENT_ID_SOURCE}))`);
const ANY_ID = new RegExp(REQUIREMENT_ID_SOURCE, 'g');
const WHOLE_ID = new RegExp(`^${REQUIREMENT_ID_SOURCE}$`);

/**
 * Well-known names that have the shape of an ID but name a standard (UTF-8, ISO-8601, SHA-256…): a
 * free-form PRD that has a bullet "UTF-8 everywhere" is still free-form.
 */
const NOT_IDS = new Set(['UTF', 'UCS', 'ISO', 'IEC', 'SHA', 'MD', 'AES', 'RSA', 'COVID', 'SARS', 'IPV', 'HTTP', 'TLS', 'SSL', 'ES', 'ECMA', 'IEEE', 'RFC', 'WCAG', 'CP', 'KOI']);

export function isRequirementId(value: string): boolean {
  return WHOLE_ID.test(value) && !NOT_IDS.has(value.slice(0, value.indexOf('-')));
}

/** The ID a line of text starts with (bare, `[ID]` or `` `ID` ``; bold is already stripped), and the text after it. */
export function leadingId(text: string): { id: string; rest: string } | undefined {
  const match = LEADING_ID.exec(text);
  if (!match) return undefined;
  const id = match[1] ?? match[2] ?? match[3];
  if (!isRequirementId(id)) return undefined;
  return { id, rest: text.slice(match[0].length) };
}

/** Every ID-shaped word in a text, in order. */
export function idsIn(text: string): string[] {
  return [...text.matchAll(ANY_ID)].map((m) => m[0]);
}
