// swarm-ignore-file: this file names the placeholder phrases it detects.
import type { BuiltinRuleId } from './rules';
import { StemScanner, type Stem } from './stemScanner';
import type { Severity } from './types';

/**
 * Phrase rules over the non-code parts of a file. Every check runs on a segment's *content*: the
 * segment's text with its delimiters (comment markers, quotes) blanked out, so offsets in the
 * content are offsets in the segment.
 */

/** comment: code comment; docstring: Python docstring; string: string literal in code;
 *  markup: text shown by JSX/HTML; prose: Markdown/plain-text paragraphs; value: a config value. */
export type SegmentKind = 'comment' | 'docstring' | 'string' | 'markup' | 'prose' | 'value';

export interface SegmentFacts {
  kind: SegmentKind;
  /** The segment text with delimiters blanked (same length as the raw text). */
  content: string;
  isTest: boolean;
  /** Example or tutorial code (`examples/`, `docs_src/`). */
  isExample?: boolean;
  /** A Go file for some platforms only: its dummies and stand-ins are that platform's variant. */
  platformVariant?: boolean;
  isTemplate: boolean;
  /** Comments: whether real code follows the comment in its block (undefined when unknown). */
  followedByCode?: () => boolean | undefined;
  /** Strings: the attribute, property, variable, parameter or callee the string belongs to. */
  ownerName?: () => string | undefined;
  /** Comments: where the comment sits among the lines around it (undefined when unknown). */
  layout?: () => CommentLayout;
}

export interface CommentLayout {
  /** Code precedes the comment on its line: it annotates that line. */
  trailing: boolean;
  /** The line above is a comment line (the comment continues a block)… */
  commentAbove: boolean;
  /** …and that line does not end a sentence, so this line continues it. */
  continuesSentence: boolean;
  /** The line below is a comment line. */
  commentBelow: boolean;
  /** The text of the comment line above (without its marker), or ''. */
  above: string;
}

const COMMENT_LINE = /^\s*(\/\/|#|\*|\/\*|--|<!--)/;

/** The layout of a comment that spans `start`..`end` of `text`, read from the lines around it. */
export function commentLayout(text: string, start: number, end: number): CommentLayout {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const trailing = /\S/.test(text.slice(lineStart, start));
  const aboveStart = lineStart > 0 ? text.lastIndexOf('\n', lineStart - 2) + 1 : -1;
  const above = aboveStart >= 0 ? text.slice(aboveStart, lineStart - 1) : '';
  const belowStart = text.indexOf('\n', end);
  const belowEnd = belowStart === -1 ? -1 : text.indexOf('\n', belowStart + 1);
  const below = belowStart === -1 ? '' : text.slice(belowStart + 1, belowEnd === -1 ? text.length : belowEnd);
  const commentAbove = aboveStart >= 0 && COMMENT_LINE.test(above);
  const aboveText = above.replace(COMMENT_LINE, '').trim();
  return {
    trailing,
    commentAbove,
    continuesSentence: commentAbove && aboveText !== '' && !/[.!?:;]$/.test(aboveText),
    commentBelow: COMMENT_LINE.test(below),
    above: commentAbove ? aboveText : '',
  };
}

export interface TextHit {
  rule: BuiltinRuleId;
  /** Offsets into the segment content. */
  start: number;
  end: number;
  severity?: Severity;
  message: string;
}

/** Cheap test over a whole file: can any phrase rule fire? Case-insensitive stems, a superset of all triggers. */
export const PHRASE_PREFILTER =
  /todo|fixme|xxx|\btb[dac]\b|coming soon|lorem|dolor sit|consectetur|rest of|existing|remain|unchanged|stays? the same|same (as|for)|similar|omit|elided|\.\.\.(?![\w$[({)\],.;])|\.\.\.(existing|rest|more|other|remaining|same)|…|here\b|implement|placeholder|stub|dummy|fake|mock|simulat|hard-?coded|for now|for the time being|temporar|in a real|in production|would (normally|typically|usually)|this would|replace|swap|substitute|as an ai|canned|echo|you said|response to|answer to|reply to|wip\b|work in progress|to be \w+|to come|pending|forthcoming|changeme|change[-_]me|etc\b|and so (on|forth)|skeleton|\bwould\b|pretend|\byour[-_]|<your|\byour (api|key|token|secret|password)/i;

/**
 * `PHRASE_PREFILTER` as literal stems for the `StemScanner`: a stem occurs at an offset exactly when
 * the expression matches there (the test in test/unit/placeholders/stemScanner.test.ts holds the two
 * together). Alternatives with a group are spelt out.
 */
const SPREAD_FOLLOWER = /[\w$[({)\],.;]/;
const ELLIPSIS_WORD = /^(existing|rest|more|other|remaining|same)/i;
export const PHRASE_STEMS: Stem[] = [
  ...['todo', 'fixme', 'xxx', 'coming soon', 'lorem', 'dolor sit', 'consectetur', 'rest of', 'existing', 'remain', 'unchanged'].map((text) => ({ text })),
  ...['tbd', 'tba', 'tbc'].map((text) => ({ text, wordStart: true, wordEnd: true })),
  ...['stay the same', 'stays the same', 'same as', 'same for', 'similar', 'omit', 'elided', '\u2026'].map((text) => ({ text })),
  { text: '...', followedBy: (text, end) => end >= text.length || !SPREAD_FOLLOWER.test(text[end] as string) || ELLIPSIS_WORD.test(text.slice(end, end + 9)) },
  { text: 'here', wordEnd: true },
  ...['implement', 'placeholder', 'stub', 'dummy', 'fake', 'mock', 'simulat', 'hardcoded', 'hard-coded', 'for now', 'for the time being', 'temporar'].map((text) => ({ text })),
  ...['in a real', 'in production', 'would normally', 'would typically', 'would usually', 'this would', 'replace', 'swap', 'substitute', 'as an ai', 'canned'].map((text) => ({ text })),
  ...['echo', 'you said', 'response to', 'answer to', 'reply to', 'work in progress', 'to come', 'pending', 'forthcoming', 'changeme', 'change-me', 'change_me'].map((text) => ({ text })),
  { text: 'wip', wordEnd: true },
  { text: 'to be ', followedBy: (text, end) => end < text.length && /\w/.test(text[end] as string) },
  { text: 'etc', wordEnd: true },
  ...['and so on', 'and so forth', 'skeleton', 'pretend', '<your'].map((text) => ({ text })),
  { text: 'would', wordStart: true, wordEnd: true },
  ...['your-', 'your_', 'your api', 'your key', 'your token', 'your secret', 'your password'].map((text) => ({ text, wordStart: true })),
];

/** Finds where `PHRASE_PREFILTER` would match, several times faster than the expression. */
export const PHRASE_STEM_SCANNER = new StemScanner(PHRASE_STEMS);

const WORD_BEFORE = /[\w$@.\-/'"`]/;

const MARKER = /@?\b(todo|fixme|xxx)\b/gi;
const IMPLEMENT_ISH =
  /\b(implement|stub|placeholder|real\b|actual\b|replace|fill in|write (the|a|an|this|real|proper)\b|finish|complete|missing|hook up|wire up|integrate|call the|not (yet )?(done|implemented|working)|add (the |real |actual |proper )?(logic|code|implementation|functionality|handling|support|validation))/i;
const TRACKED = /^\s*\(\s*(#\d+|[A-Z][A-Z0-9]+-\d+|https?:|[\w.-]+\/[\w.-]+#\d+)|#\d+\b|\b[A-Z][A-Z0-9]+-\d+\b|https?:\/\//;
const META_AFTER = /^(s\b|\s*(comments?|markers?|items?|lists?|apps?|entries|tags?|tasks?|notes?|keywords?|patterns?|counts?)\b)/i;

function lineStartOf(content: string, index: number): number {
  return content.lastIndexOf('\n', index - 1) + 1;
}
function lineEndOf(content: string, index: number): number {
  const end = content.indexOf('\n', index);
  return end === -1 ? content.length : end;
}
function quoted(content: string, start: number, end: number): boolean {
  const before = content[start - 1] ?? '';
  const after = content[end] ?? '';
  return /["'`‘“«]/.test(before) && /["'`’”»]/.test(after);
}

function todoMarkers(f: SegmentFacts): TextHit[] {
  const hits: TextHit[] = [];
  const { content } = f;
  MARKER.lastIndex = 0;
  for (let m = MARKER.exec(content); m; m = MARKER.exec(content)) {
    const start = m.index;
    const end = start + m[0].length;
    const word = m[0];
    if (WORD_BEFORE.test(content[start - 1] ?? '') && word[0] !== '@') continue;
    const next = content[end] ?? '';
    if (/[\w$-]/.test(next) || (next === '.' && /\w/.test(content[end + 1] ?? ''))) continue;
    const upper = word === word.toUpperCase();
    const punctuated = /^\s*[:(!]|^\s+-\s/.test(content.slice(end, end + 3));
    if (word.toLowerCase() === 'xxx' && !upper) continue;
    if (!upper && !punctuated && word[0] !== '@') continue;
    // In prose a lower-case "todo" is a word of another language ("¡Eso es todo!").
    if (!upper && word[0] !== '@' && (f.kind === 'prose' || f.kind === 'value')) continue;
    if (quoted(content, start, end)) continue;
    const before = content.slice(lineStartOf(content, start), start);
    const atStart = /^[\s\-*>#\d.)[\]x+]*$/i.test(before) || /[.;!?:]\s+$/.test(before);
    if (!atStart && !punctuated) continue;
    const rest = content.slice(end, lineEndOf(content, end));
    if (META_AFTER.test(rest)) continue;
    let severity: Severity = 'warning';
    if (TRACKED.test(rest)) severity = /\b(implement|stub|placeholder)/i.test(rest) ? 'error' : 'info';
    else if (IMPLEMENT_ISH.test(rest)) severity = 'error';
    const what = rest.replace(/^[\s:(!)-]+/, '').trim();
    hits.push({
      rule: 'todo-marker',
      start,
      end,
      severity,
      message: what ? `${word.replace('@', '').toUpperCase()} marker: ${truncate(what, 80)}` : `${word.replace('@', '').toUpperCase()} marker left in the code`,
    });
  }
  return hits;
}

const STRONG_OMISSION: RegExp[] = [
  // Not "in/for/throughout the rest of the test": prose about the scope of something.
  /(?<!\b(in|for|throughout|during|across|from|to|through|affects?|on|with|and|over|rewrite|refactor|see|read|skip|run)\s+(the\s+)?)\b(the )?rest of (the |this |your |my )?(code|file|implementation|function|class|methods?|logic|component|module|handlers?|routes?|endpoints?|properties|fields|config(uration)?|imports|program|script|body|tests?|cases|page|markup|styles?)\b/i,
  // `/*, ...rest*/` names a rest parameter.
  /(\.\.\.|…)\s*(existing|previous|original|other|more|remaining|same|unchanged|additional|similar|your)\b|(\.\.\.|…)\s*rest\b(?!\s*($|[,)]))/i,
  /\b(existing|previous|original|remaining|unchanged|additional) (code|implementation|logic|methods|functions|imports|content|fields|properties|routes|handlers|tests|cases|endpoints|lines|markup|styles)\b[^\n]{0,40}?(\.\.\.|…|\b(here|unchanged|omitted|as before|stays?|remains?|goes here)\b)/i,
  /\b(code|implementation|details|logic|content|methods|functions|body|remainder)( \w+){0,2} (omitted|elided|truncated|abbreviated)\b/i,
  /\bomitted for (brevity|clarity|space|simplicity)\b|\bfor brevity\b/i,
  /\b(keep|leave) (the |all )?(existing|rest|other|remaining|original) (code|implementation|methods|logic|functions|routes|handlers)( as( it)? is| unchanged)?\b/i,
  /\b(code|implementation|logic|function|method|file|class|component|module|everything else|rest|this part|other methods|other functions|the others|body|remainder)( \w+){0,3} (remains?|stays?|is|are|kept|left) (the )?(same|unchanged|as (is|before)|intact)\b/i,
];
const WEAK_OMISSION: RegExp[] = [
  /\b(similar(ly)?|same) (to|as) (the |what's |what is )?(above|before|previous|earlier|others?|other \w+)\b/i,
  /\b(same|similar) for (the )?(other|remaining|rest)\b/i,
  /\b(etc\.?|and so (on|forth))\s*$/i,
  /\b(more|other|additional|remaining) (methods|functions|fields|cases|routes|endpoints|handlers|properties|tests)( \w+)?\s*(\.\.\.|…)?\s*$/i,
];
const ELLIPSIS_ONLY = /^\s*(\.\s?\.\s?\.|…)\s*$/;

function omissions(f: SegmentFacts): TextHit[] {
  const { content } = f;
  const trimmedStart = content.search(/\S/);
  if (trimmedStart === -1) return [];
  const layout = f.kind === 'comment' ? f.layout?.() : undefined;
  if (ELLIPSIS_ONLY.test(content)) {
    // Not a line of its own (`ELLIPSIS // ...` names a token), or an elided line of an example in a doc comment.
    if (layout && (layout.trailing || (layout.commentAbove && layout.commentBelow))) return [];
    return [{ rule: 'omission-comment', start: trimmedStart, end: content.trimEnd().length, message: 'A "..." comment stands in for omitted code' }];
  }
  for (const re of STRONG_OMISSION) {
    const m = re.exec(content);
    if (m) return [{ rule: 'omission-comment', start: m.index, end: m.index + m[0].length, message: `Comment stands in for omitted code: "${truncate(m[0].trim(), 60)}"` }];
  }
  const weak = WEAK_OMISSION.map((re) => re.exec(content)).find((m) => m !== null);
  // "..." at the start of a comment, unless it documents a rest/spread parameter (`// ...args are forwarded`).
  const leading = /^\s*(\.\.\.|…)(?![\w$])/.exec(content);
  const hit = weak ?? leading;
  if (hit && f.kind === 'comment' && !layout?.trailing && f.followedByCode?.() === false) {
    return [{ rule: 'omission-comment', start: hit.index, end: hit.index + hit[0].length, message: `Comment stands in for omitted code: "${truncate(hit[0].trim(), 60)}"` }];
  }
  return [];
}

const GOES_HERE: RegExp[] = [
  /\b(your|my|the|actual|real|custom|business|main|core|additional|more|other|remaining|own)\s+(\w+\s+)?(code|logic|implementation|functionality|handlers?|methods?|routes?|endpoints?|tests?|validation|stuff)\s+(goes|go|would go|should go|will go|belongs?|comes?)\s+here\b/i,
  /\b(code|logic|implementation|functionality|handler|handling|validation|processing|magic)\s+(goes|go|would go|should go|will go|belongs?|comes?)\s+here\b/i,
  /\b(add|insert|put|write|place|implement|fill in|handle|include|perform)\s+((your|the|any|some|more|additional|actual|real|custom|business|own|other)\s+)*(\w+\s+)?(code|logic|implementation|functionality|handlers?|methods?|routes?|endpoints?|cases?|validation|processing|stuff|steps?)\s+(here|below|as needed)\b/i,
  /\byour\s+(\w+\s+)?(code|logic|implementation)\s+here\b/i,
];
const PLACEHOLDER_VALUE =
  /\b(your|insert|replace|enter|put)[-_ ]?([a-z0-9]+[-_ ]?){0,4}here\b|^\s*<[^<>\n]*\byour\b[^<>\n]*>\s*$|^\s*(changeme|change[-_]me|replace[-_]?me|your[-_]?(api[-_]?)?(key|token|secret|password))\s*$/i;
/** Names of the places where a "type your … here" text is a legitimate UI hint or sample. */
const HINT_OWNER = /placeholder|hint|helper|tooltip|empty|starter|boilerplate|template|snippet|sample|example|initial|default|prompt|watermark|label/i;

function goesHere(f: SegmentFacts): TextHit[] {
  const { content } = f;
  if (f.kind === 'value') {
    if (f.isTemplate) return [];
    const m = PLACEHOLDER_VALUE.exec(content);
    return m ? [{ rule: 'your-code-here', start: m.index, end: m.index + m[0].length, message: `Placeholder value "${truncate(m[0].trim(), 50)}" instead of a real setting` }] : [];
  }
  if (f.kind === 'markup' || f.kind === 'prose') return [];
  if (f.kind === 'string') {
    // Test data in a test file, not a marker.
    if (f.isTest) return [];
    const owner = f.ownerName?.();
    if (owner && HINT_OWNER.test(owner)) return [];
  }
  for (const re of GOES_HERE) {
    const m = re.exec(content);
    if (!m) continue;
    // "Handle the small cases here, because…" above the code that does it describes that code.
    if (f.kind === 'comment' && /^\W*(handle|perform|process|include)\b/i.test(m[0]) && !/\b(your|actual|real|custom|business|own)\b/i.test(m[0]) && f.followedByCode?.() === true) continue;
    return [{ rule: 'your-code-here', start: m.index, end: m.index + m[0].length, message: `"${truncate(m[0].trim(), 60)}" marks code that was never written` }];
  }
  return [];
}

const STUB_DECLARATION: RegExp[] = [
  /\b(placeholder|stub(bed)?|dummy|fake|mock(ed)?|temporary|temp|skeleton|simulated|hard-?coded) (implementation|impl|version|logic|code|function|method|handler|body|endpoint|service|class|module|return( value)?|result|stub)\b/i,
  /^\s*(this is (just )?(an? )?)?(placeholder|stub|dummy|temporary|fake)\s*(implementation|impl|code|function|method|only|for now)?\s*([:.!\-—–(]|$)/i,
  // "Not implemented (yet)" as a statement; not "Unimplemented indicates …", a doc comment naming a constant.
  /^\s*((this|it|that|function|method|feature|endpoint|handler)\s+)?((is|are)\s+)?(currently\s+|still\s+)?(not\s+(yet\s+)?implemented|unimplemented)(\s+yet)?\b(?=\s*($|[.:;!,(—–-]|yet\b|for now\b|here\b|in this\b))/i,
  /\bnot (yet )?implemented yet\b/i,
  // Work still to do, not a description of who implements something ("to be implemented by gRPC", "in eBPF", "meant to be implemented").
  /(?<!\b(meant|intended|expected|supposed|designed|enough|able|allowing it|allows it)\s+)\b(needs|needs to be|to be|will be|still needs to be|has to be|yet to be) implemented\b(?!\s+(by|in|on|for|as|via|using|with|through|outside|inside|within|per|separately|elsewhere)\b)/i,
  /\bimplement (me|later|properly|for real|this later)\b|^\s*implement( this| me)?\s*[.!]?\s*$/i,
];
const FOR_NOW = /\b(for now|for the time being|temporarily|until we (have|get|implement|add|wire))\b/i;
const FOR_NOW_WHAT = /\b(return(s|ing)?|hard-?cod(e|ed|es|ing)|stub(bed|s)?|fake[ds]?|mock(ed|s)?|dummy|placeholder|simulat\w*|pretend\w*|always return\w*)\b/i;

/** Words that describe a test double: what a test file is made of, not a gap. */
const DOUBLE_WORD = /^\s*(this is (just )?(an? )?)?(stub(bed)?|dummy|fake|mock(ed)?|simulated)\b/i;
const DELIBERATE = /\b(unsupported|not supported|to satisfy|satisfies|for (use (in|with) )?tests?\b|for testing|for (\w+ )?(operating systems|OSes|platforms|architectures)|(faster|optimi[sz]ed|specialized|inlined|hand-written)\s+hard-?coded)/i;

function stubDeclarations(f: SegmentFacts): TextHit[] {
  const { content } = f;
  const layout = f.kind === 'comment' ? f.layout?.() : undefined;
  for (const [index, re] of STUB_DECLARATION.entries()) {
    // Patterns anchored at the start of the comment do not apply to a line that continues a sentence.
    if (re.source.startsWith('^') && layout?.continuesSentence && /^\s*[a-z]/.test(content)) continue;
    const m = re.exec(content);
    if (m && m[0].trim()) {
      if (f.isTest && (index === 0 || DOUBLE_WORD.test(m[0]))) continue;
      if (index <= 1 && (f.platformVariant || DELIBERATE.test(`${layout?.continuesSentence ? layout.above : ''} ${content}`))) continue;
      // A question about the code ("temporary code example?") is not a claim about it.
      if (/^[^.!\n]*\?/.test(content.slice(m.index))) continue;
      const start = m.index + (m[0].length - m[0].trimStart().length);
      return [{ rule: 'placeholder-comment', start, end: m.index + m[0].trimEnd().length, message: `Comment marks this code as a placeholder: "${truncate(m[0].trim(), 60)}"` }];
    }
  }
  const now = FOR_NOW.exec(content);
  // What is done "for now" is said in the same sentence, not anywhere in a long comment.
  if (now && !f.platformVariant && FOR_NOW_WHAT.test(content.slice(Math.max(0, now.index - 80), now.index + now[0].length + 80))) {
    return [{ rule: 'placeholder-comment', start: now.index, end: now.index + now[0].length, message: `Comment says this is a stand-in "${now[0]}"` }];
  }
  return [];
}

const CANNED: RegExp[] = [
  /\b(placeholder|dummy|fake|mock(ed)?|simulated|canned|stub(bed)?|hard-?coded) (ai |llm |model |chat |bot |gpt |assistant )?(response|answer|reply|completion|output|summary|result)\b/i,
  /\bthis is (an? |the )?(sample|example|test|generic|default|static) (ai |llm |model )?(response|answer|reply|completion)\b/i,
  /\b(ai|llm|model|gpt|assistant|bot)(['’]s)?[- ](generated )?(response|answer|reply|output|summary|content|text) (would|will|should|goes|go) (go |appear |be (shown|displayed|inserted) )?here\b/i,
  /\b(in a real (app|application|implementation)|real (ai|llm|model|api) (call|response|integration) (would|will|goes))\b/i,
];
const AS_AN_AI = /\bas an ai( language model| assistant)?\b/i;

function cannedAnswers(f: SegmentFacts): TextHit[] {
  if (f.kind !== 'string' || f.isTest || f.isExample) return [];
  const { content } = f;
  const owner = f.ownerName?.();
  if (owner && HINT_OWNER.test(owner)) return [];
  // "Never return a canned placeholder answer": an instruction to a model, not an answer.
  const forbidden = (index: number): boolean => /\b(never|don['’]?t|do not|avoid|without|not|no)\b[^.]{0,40}$/i.test(content.slice(0, index));
  for (const re of CANNED) {
    const m = re.exec(content);
    if (m && !forbidden(m.index)) return [{ rule: 'canned-answer', start: m.index, end: m.index + m[0].length, message: `Canned answer instead of a real result: "${truncate(m[0], 60)}"` }];
  }
  const ai = AS_AN_AI.exec(content);
  if (ai && !forbidden(ai.index)) {
    return [{ rule: 'canned-answer', start: ai.index, end: ai.index + ai[0].length, message: 'Canned model answer ("As an AI language model")' }];
  }
  return [];
}

const MOCK_COMMENT: RegExp[] = [
  /\b(mock|mocked|fake|dummy|simulated|stubbed|canned) (data|response|responses|results?|users?|items?|records?|list|payload|values?|json|products?|orders?|entries|rows|api|server|backend|database|db)\b/i,
  /\b(replace|swap|substitute)( this| these| it| them)?( out)? (with|for|by) (an? |the )?(real|actual|live|proper) \w+/i,
  /\bsimulat(e|es|ed|ing) (an? |the |some )?(api|network|server|backend|database|db|ai|llm|model|http|fetch|request|call|response|delay|latency|processing|payment|email|sms|upload|download|loading|external|remote)\b/i,
  /\bin a real (app|application|implementation|system|world|scenario|project|environment|setting|product|deployment|service)\b/i,
  /\bin production,? (you|we|this|it) (would|should|'d)\b/i,
  /\b(would|should) (normally|typically|usually) (call|fetch|query|hit|use|connect|send|invoke|come from|be fetched)\b/i,
  /\bthis would (call|fetch|query|hit|connect|send|invoke)\b/i,
];
const PRETEND_LOG = /^\W*(would|simulat(ing|ed)|pretend(ing)?( to)?|fake|mock(ed)?|dummy)\b/i;
const LOG_CALL = /(^|\.)(log|info|debug|warn|warning|error|trace|print|println|printf|printLn|Println|Printf|Print|WriteLine|Write|puts|echo)$|^(print|println!|eprintln!|console)$/i;

function mockData(f: SegmentFacts): TextHit[] {
  if (f.isTest || f.isExample) return [];
  const { content } = f;
  if ((f.kind === 'comment' || f.kind === 'docstring') && !f.platformVariant) {
    for (const re of MOCK_COMMENT) {
      const m = re.exec(content);
      // "use this dummy value": a sentinel, not data standing in for a real source.
      if (m && !/^dummy value$/i.test(m[0])) return [{ rule: 'mock-data', start: m.index, end: m.index + m[0].length, message: `Comment says the data or call is a stand-in: "${truncate(m[0], 60)}"` }];
    }
  } else if (f.kind === 'string') {
    const m = PRETEND_LOG.exec(content);
    const owner = m ? f.ownerName?.() : undefined;
    if (m && owner && LOG_CALL.test(owner)) {
      return [{ rule: 'mock-data', start: m.index, end: m.index + m[0].length, message: 'Logs what it would do instead of doing it' }];
    }
  }
  return [];
}

const LOREM = /\blorem ipsum dolor\b|\bdolor sit amet\b|\bconsectetur adipiscing\b/i;

function loremIpsum(f: SegmentFacts): TextHit[] {
  if (f.isTest || f.kind === 'comment' || f.kind === 'docstring') return [];
  const m = LOREM.exec(f.content);
  return m ? [{ rule: 'lorem-ipsum', start: m.index, end: m.index + m[0].length, message: 'Lorem ipsum filler text' }] : [];
}

const TBD_PROSE: RegExp[] = [
  /\b(TBD|TBA|TBC)\b/,
  /\bcoming soon\b/i,
  // The text itself is still to be written; not "tests to be written for all platforms".
  /(^|[:(—–-]\s*|\b(is|are|remains?|still|yet|currently)\s+)to be (written|documented|determined|added|completed|decided|announced|confirmed|filled in|defined|described)\b/i,
  /\b(documentation|docs|section|content|details|description|instructions|examples?|usage)( \w+)? (coming soon|to come|pending|will be added|will follow|forthcoming|is (missing|empty)|to be (added|written))\b/i,
  // This page is unfinished; not "there's work in progress to make X stable".
  /\b(this|it|page|section|document|guide|docs?|documentation|chapter|feature)\s+(is|are)\s+(still\s+|currently\s+)?(a\s+|an\s+)?(work in progress|WIP)\b|^\W*(work in progress|WIP)\b|[([]WIP[)\]]/,
  /\b(write|add|fill in|document) (this|the|these) (section|docs|documentation|part|page)( \w+)? (later|soon)\b/i,
];
const TBD_VALUE = /^\s*(TBD|TBA|TBC|coming soon|to be (determined|decided|announced))\s*$/i;

function docsTbd(f: SegmentFacts): TextHit[] {
  const { content } = f;
  // Test data, not documentation.
  if (f.isTest) return [];
  if (f.kind === 'value') {
    const m = TBD_VALUE.exec(content);
    return m && !f.isTemplate ? [{ rule: 'docs-tbd', start: m.index, end: m.index + m[0].length, message: `Value left as "${m[0].trim()}"` }] : [];
  }
  if (f.kind !== 'prose') return [];
  // An indented "..." is a line of an example (an indented code block), not a paragraph.
  if (ELLIPSIS_ONLY.test(content) && !/^( {4}|\t)/.test(content)) {
    const start = content.search(/\S/);
    return [{ rule: 'docs-tbd', start, end: content.trimEnd().length, message: 'A paragraph that is only "..."' }];
  }
  for (const re of TBD_PROSE) {
    const m = re.exec(content);
    if (m && !quoted(content, m.index, m.index + m[0].length)) {
      return [{ rule: 'docs-tbd', start: m.index, end: m.index + m[0].length, message: `Documentation not written yet: "${m[0]}"` }];
    }
  }
  return [];
}

/** All phrase rules that apply to a segment. At most one hit per rule per segment (plus every TODO marker). */
export function checkSegment(f: SegmentFacts): TextHit[] {
  switch (f.kind) {
    case 'comment':
    case 'docstring':
      return [...todoMarkers(f), ...omissions(f), ...goesHere(f), ...stubDeclarations(f), ...mockData(f)];
    case 'string':
      return [...goesHere(f), ...cannedAnswers(f), ...mockData(f), ...loremIpsum(f)];
    case 'markup':
      return loremIpsum(f);
    case 'prose':
      return [...todoMarkers(f), ...docsTbd(f), ...loremIpsum(f)];
    case 'value':
      return [...goesHere(f), ...docsTbd(f), ...loremIpsum(f)];
  }
}

export function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Whether any phrase rule can fire anywhere in a file, from its raw text: the union of every rule's
 * own expression with start anchors dropped (so a superset of what the segment checks find). Files
 * that fail it are never parsed for phrase rules; most real source files fail it.
 */
const SEGMENT_START = '(?:^|[/#*"\'`:=(]|--|<!--)';
const SEGMENT_END = '(?=$|[*"\'`]|-->)';

export const PHRASE_GATE: RegExp = (() => {
  const sources = [
    MARKER, ...STRONG_OMISSION, ...WEAK_OMISSION, ...GOES_HERE, PLACEHOLDER_VALUE, ...STUB_DECLARATION, FOR_NOW, ...CANNED, AS_AN_AI,
    ...MOCK_COMMENT, PRETEND_LOG, LOREM, ...TBD_PROSE, TBD_VALUE,
  ].map((re) =>
    re.source
      // A segment starts after a comment marker, a quote or `:`/`=` (config values), or at a line start (prose).
      .replace(/^\^/, SEGMENT_START)
      .replace(/(^|\|)\^/g, `$1${SEGMENT_START}`)
      // …and ends before a comment closer, a quote or the end of a line.
      .replace(/(?<!\\)\$(?=\)|\||$)/g, SEGMENT_END),
  );
  // "..." alone in a comment or paragraph, or opening a comment.
  sources.push('(\\/\\/|#|\\*|--|<!--)[ \\t]*(\\.\\.\\.|…)(?![\\w$])', '^[ \\t]*(\\.[ ]?\\.[ ]?\\.|…)[ \\t]*$');
  return new RegExp(sources.map((src) => `(?:${src})`).join('|'), 'im');
})();

/**
 * `PHRASE_GATE` tested only on the lines where a stem occurs: the same answer for phrases within a
 * line (all of them), at a fraction of the cost of running the whole union over every file. `stems`:
 * the offsets of the phrase stems when a pass over the text has already found them.
 */
export function phraseGate(text: string, stems?: readonly number[]): boolean {
  let checkedUpTo = -1;
  const lineHasPhrase = (at: number): boolean => {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    checkedUpTo = newline === -1 ? text.length : newline;
    return PHRASE_GATE.test(text.slice(start, checkedUpTo));
  };
  if (stems) {
    for (const at of stems) if (at >= checkedUpTo && lineHasPhrase(at)) return true;
    return false;
  }
  for (let at = PHRASE_STEM_SCANNER.find(text, 0); at !== -1; at = PHRASE_STEM_SCANNER.find(text, checkedUpTo)) {
    if (lineHasPhrase(at)) return true;
  }
  return false;
}
