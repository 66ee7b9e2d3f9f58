import { MOSCOW, type Priority } from './requirement';

/** Capabilities of the default team, recognised as tags even in a free-form PRD. */
export const STANDARD_CAPABILITIES = ['architect', 'backend', 'frontend', 'ai', 'tests', 'docs', 'devops'];

export interface ParsedTags {
  capabilities: string[];
  priority?: Priority;
  problems: string[];
}

const MOSCOW_FORM = /^(must|should|could|won['’]?t)(?:[- ]?have)?$/;
/** Words people use for priorities that are not MoSCoW: an error rather than a silent capability. */
const OTHER_PRIORITY_WORDS = new Set([
  'high', 'medium', 'med', 'low', 'critical', 'urgent', 'blocker', 'major', 'minor', 'trivial', 'p0', 'p1', 'p2', 'p3', 'p4',
  'shall', 'may', 'optional', 'required', 'mandatory', 'nice-to-have', 'nice', 'will', 'would',
]);
const TAG_TOKEN = /^[a-z][a-z0-9+#._-]*$|^won['’]t$/i;
const PRIORITY_KEY = /^(?:priority|moscow)\s*[:=]\s*(.+)$/i;

export function moscowWord(token: string): Priority | undefined {
  const match = MOSCOW_FORM.exec(token.toLowerCase());
  if (!match) return undefined;
  return (match[1].startsWith('won') ? 'wont' : match[1]) as Priority;
}

/**
 * Whether a parenthesised group reads as tags: comma- or space-separated single words, or
 * `priority: X`. "(see REQ-002)" does not; it stays part of the title.
 */
export function looksLikeTagGroup(inner: string): boolean {
  const parts = splitParts(inner);
  if (parts.length === 0) return false;
  return parts.every((part) => PRIORITY_KEY.test(part) || part.split(/\s+/).every((t) => TAG_TOKEN.test(t) && !/^[A-Z][A-Z0-9]*-\d+$/.test(t)));
}

/** Parses the words of a tag group. Unknown priority words are problems, never guesses. */
export function parseTags(inner: string): ParsedTags {
  const result: ParsedTags = { capabilities: [], problems: [] };
  const setPriority = (word: string) => {
    const priority = moscowWord(word);
    if (!priority) {
      result.problems.push(unknownPriority(word));
      return;
    }
    if (result.priority && result.priority !== priority) result.problems.push(`two MoSCoW priorities, "${result.priority}" and "${priority}": keep one`);
    result.priority = priority;
  };
  for (const part of splitParts(inner)) {
    const keyed = PRIORITY_KEY.exec(part);
    if (keyed) {
      setPriority(keyed[1].trim());
      continue;
    }
    const words = part.split(/\s+/);
    if (words.length === 2 && moscowWord(part)) {
      setPriority(part);
      continue;
    }
    for (const word of words) {
      const lower = word.toLowerCase();
      if (moscowWord(lower)) setPriority(lower);
      else if (OTHER_PRIORITY_WORDS.has(lower) || nearMoscow(lower)) result.problems.push(unknownPriority(word));
      else if (!result.capabilities.includes(lower)) result.capabilities.push(lower);
    }
  }
  return result;
}

/** A tag group in a free-form PRD counts only when every word is a MoSCoW word or a standard capability. */
export function isStrictTagGroup(inner: string): boolean {
  const parts = splitParts(inner);
  return (
    parts.length > 0 &&
    parts.every((part) => part.split(/\s+/).every((w) => moscowWord(w) !== undefined || STANDARD_CAPABILITIES.includes(w.toLowerCase())))
  );
}

function splitParts(inner: string): string[] {
  return inner
    .split(/[,;]/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}

function unknownPriority(word: string): string {
  const near = nearMoscow(word.toLowerCase());
  const hint = near ? ` (did you mean "${near}"?)` : '';
  return `unknown MoSCoW priority "${word}"${hint}: a priority is one of ${MOSCOW.join(', ')}`;
}

/**
 * A MoSCoW word one deletion, insertion or transposition away ("shoud", "mst", "cuold"). Substitutions
 * are left alone so that capabilities such as "rust" or "font" are not mistaken for typos.
 */
function nearMoscow(word: string): Priority | undefined {
  if (word.length < 3) return undefined;
  return MOSCOW.find((m) => m !== word && oneEditWithoutSubstitution(word, m));
}

function oneEditWithoutSubstitution(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) === 1) {
    const [short, long] = a.length < b.length ? [a, b] : [b, a];
    for (let i = 0; i < long.length; i++) if (long.slice(0, i) + long.slice(i + 1) === short) return true;
    return false;
  }
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length - 1; i++) {
    if (a[i] !== b[i]) return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return false;
}
