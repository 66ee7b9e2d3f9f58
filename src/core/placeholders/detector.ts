import type { Node, Tree } from 'web-tree-sitter';
import { SwarmInputError } from '../errors';
import { loadGrammar, loadedGrammar, query, type LoadedGrammar } from './grammars';
import {
  GRAMMAR_OF,
  isBuildConstrainedGo,
  isDeclarationPath,
  isExamplePath,
  isGeneratedText,
  isMinifiedText,
  isTemplatePath,
  isTestPath,
  languageOf,
  type GrammarName,
  type LanguageId,
} from './languages';
import { ECHO, fileStems, MOCK, PHRASE, STUB_THROW, type FileStems } from './prefilter';
import { lexConfig, lexGeneric, lexJson, lexMarkdown, lexText, maskProse, type LexSegment } from './lexers';
import { PLACEHOLDER_RULES, SUGGESTIONS, type BuiltinRuleId } from './rules';
import {
  checkEcho,
  checkEmptyBody,
  checkMockIdentifier,
  checkStubThrow,
  emptyBodyCandidates,
  MOCK_IDENTIFIER,
  STUB_THROW_PREFILTER,
  stubThrowCandidates,
  type StructureContext,
} from './structure';
import { isSuppressed, parseSuppressions } from './suppressions';
import { PROFILES, type SyntaxProfile } from './syntax';
import { checkSegment, commentLayout, phraseGate, PHRASE_PREFILTER, truncate, type SegmentFacts, type SegmentKind } from './textRules';
import type { DetectorOptions, ExtraPattern, PlaceholderFinding, Severity } from './types';

const DEFAULT_SEVERITY = new Map<string, Severity>(PLACEHOLDER_RULES.map((r) => [r.id, r.severity]));
const PHRASE_AT = new RegExp(PHRASE_PREFILTER.source, 'iy');
const ECHO_TRIGGER = /\b(response|answer|reply|echo|you said|you asked|received|processed)\b[^'"`\n]{0,16}?(\$\{|\{|%[sdvq]|["'`]\s*\+)/gi;

interface Hit {
  rule: string;
  start: number;
  end: number;
  severity?: Severity;
  message: string;
  suggestion?: string;
}

interface CompiledExtra {
  id: string;
  regex: RegExp;
  message: string;
}

const compiledExtras = new WeakMap<ExtraPattern[], CompiledExtra[]>();

/** Validates and compiles `extraPatterns`; bad input is a SwarmInputError naming the pattern. */
export function compileExtraPatterns(patterns: ExtraPattern[] | undefined): CompiledExtra[] {
  if (!patterns || patterns.length === 0) return [];
  const cached = compiledExtras.get(patterns);
  if (cached) return cached;
  const out = patterns.map((p, i) => {
    if (!p || typeof p.id !== 'string' || !/^[A-Za-z][\w-]*$/.test(p.id)) {
      throw new SwarmInputError(`placeholders.extraPatterns[${i}].id must be a rule id such as "no-hack" (letters, digits, - and _)`);
    }
    if (typeof p.pattern !== 'string' || p.pattern === '') throw new SwarmInputError(`placeholders.extraPatterns[${i}] ("${p.id}") needs a non-empty pattern`);
    const literal = /^\/(.+)\/([a-z]*)$/s.exec(p.pattern);
    const source = literal ? (literal[1] ?? '') : p.pattern;
    const flags = literal ? (literal[2] ?? '') : 'i';
    let regex: RegExp;
    try {
      regex = new RegExp(source, `${flags.replace(/[gy]/g, '')}g`);
    } catch (error) {
      throw new SwarmInputError(`placeholders.extraPatterns[${i}] ("${p.id}") is not a valid regular expression: ${(error as Error).message}`);
    }
    if (regex.test('')) throw new SwarmInputError(`placeholders.extraPatterns[${i}] ("${p.id}") matches the empty string`);
    return { id: p.id, regex, message: p.message || `Matches the project pattern ${p.pattern}` };
  });
  compiledExtras.set(patterns, out);
  return out;
}

/** Loads the grammar a file needs, so that `detectPlaceholdersSync` can run on it. */
export async function preloadGrammarFor(file: string): Promise<void> {
  const language = languageOf(file);
  const grammar = language ? GRAMMAR_OF[language] : undefined;
  if (grammar) await loadGrammar(grammar);
}

/** Loads every bundled grammar (the language server does this once at startup). */
export async function preloadAllGrammars(): Promise<void> {
  await Promise.all((Object.keys(PROFILES) as GrammarName[]).map((g) => loadGrammar(g)));
}

/** Whether `detectPlaceholdersSync` can analyse this file now. */
export function canDetectSync(file: string): boolean {
  const language = languageOf(file);
  const grammar = language ? GRAMMAR_OF[language] : undefined;
  return !grammar || !!loadedGrammar(grammar);
}

export async function detectPlaceholders(file: string, text: string, options: DetectorOptions = {}): Promise<PlaceholderFinding[]> {
  await preloadGrammarFor(file);
  return detectPlaceholdersSync(file, text, options);
}

/**
 * The same as `detectPlaceholders`, for callers that cannot wait (the language server on every
 * keystroke). The file's grammar must already be loaded (`preloadGrammarFor`/`preloadAllGrammars`).
 */
export function detectPlaceholdersSync(file: string, text: string, options: DetectorOptions = {}): PlaceholderFinding[] {
  const language = languageOf(file);
  if (!language) return [];
  const extras = compileExtraPatterns(options.extraPatterns);
  const disabled = new Set(options.disabledRules ?? []);
  const claimed = (options.claimedRequirements ?? []).filter((r) => typeof r === 'string' && r.trim() !== '');
  const stems = fileStems(text);
  if ((stems.generatedInHead && isGeneratedText(text)) || isMinifiedText(file, text)) return [];
  const env: FileEnv = {
    file,
    text,
    language,
    isTest: isTestPath(file),
    isExample: isExamplePath(file),
    isTemplate: isTemplatePath(file),
    isDeclaration: isDeclarationPath(file),
    disabled,
    extras,
    claimed,
  };
  const grammarName = GRAMMAR_OF[language];
  const hits = grammarName ? analyseWithTree(env, grammarName, stems) : analyseWithLexer(env, stems);
  return toFindings(env, hits);
}

interface FileEnv {
  file: string;
  text: string;
  language: LanguageId;
  isTest: boolean;
  /** Example or tutorial code: structural rules and mock data are left alone, as in tests. */
  isExample: boolean;
  isTemplate: boolean;
  isDeclaration: boolean;
  disabled: Set<string>;
  extras: CompiledExtra[];
  claimed: string[];
}

function enabled(env: FileEnv, rule: BuiltinRuleId): boolean {
  return !env.disabled.has(rule);
}

// ---------------------------------------------------------------- parsed languages

interface TreeSegment {
  kind: SegmentKind;
  node: Node;
}

function classify(profile: SyntaxProfile, root: Node, index: number): TreeSegment | undefined {
  let n: Node | null = root.descendantForIndex(index, index + 1);
  for (let depth = 0; n && depth < 5; depth++, n = n.parent) {
    if (profile.comments.has(n.type)) return { kind: 'comment', node: n };
    if (profile.embeddedCode.has(n.type)) return undefined;
    if (profile.markup.has(n.type)) return { kind: 'markup', node: n };
    if (profile.strings.has(n.type)) {
      const docstring = n.parent?.type === 'expression_statement' && n.parent.namedChildCount === 1 && profile === PROFILES.python;
      return { kind: docstring ? 'docstring' : 'string', node: n };
    }
  }
  return undefined;
}

/** Blanks comment markers (`//`, `#`, `/*`, leading `*`, `<!--`) keeping offsets. */
export function maskComment(raw: string): string {
  return raw.replace(/\/\*+!?|\*+\/|<!--|-->|^[ \t]*(\/\/+[!/]?|#+|--|\*+(?!\/))/gm, (m) => ' '.repeat(m.length));
}

function maskString(profile: SyntaxProfile, node: Node, raw: string): string {
  let content = raw
    .replace(/^(?:[@$]+|[rRbBuUfF]{1,2}|b?r#+)?("""|'''|"|'|`)/, (m) => ' '.repeat(m.length))
    .replace(/("""|'''|"|'|`)#*$/, (m) => ' '.repeat(m.length));
  for (const child of node.namedChildren) {
    if (child && profile.embeddedCode.has(child.type)) {
      const s = child.startIndex - node.startIndex;
      const e = child.endIndex - node.startIndex;
      content = content.slice(0, s) + ' '.repeat(e - s) + content.slice(e);
    }
  }
  return content;
}

function ownerOf(node: Node): string | undefined {
  let n: Node | null = node.parent;
  for (let depth = 0; n && depth < 4; depth++, n = n.parent) {
    switch (n.type) {
      case 'jsx_attribute':
        return n.namedChildren[0]?.text;
      case 'pair':
      case 'keyword_argument':
      case 'keyed_element':
        return (n.childForFieldName('key') ?? n.childForFieldName('name') ?? n.namedChildren[0])?.text;
      case 'variable_declarator':
      case 'assignment':
      case 'assignment_expression':
      case 'augmented_assignment':
      case 'public_field_definition':
      case 'const_spec':
      case 'var_spec':
      case 'let_declaration':
      case 'property_declaration':
        return (n.childForFieldName('name') ?? n.childForFieldName('left') ?? n.childForFieldName('pattern') ?? n.namedChildren[0])?.text;
      case 'call_expression':
      case 'call':
      case 'invocation_expression':
        return (n.childForFieldName('function') ?? n.namedChildren[0])?.text;
      case 'method_invocation':
        return [n.childForFieldName('object')?.text, n.childForFieldName('name')?.text].filter(Boolean).join('.');
      case 'macro_invocation':
        return `${n.childForFieldName('macro')?.text ?? ''}!`;
      case 'return_statement':
        return 'return';
      case 'arguments':
      case 'argument_list':
      case 'token_tree':
      case 'jsx_expression':
      case 'binary_expression':
      case 'parenthesized_expression':
      case 'expression_list':
      case 'equals_value_clause':
      case 'variable_declaration':
      case 'template_string':
      case 'concatenated_string':
        continue;
      default:
        return undefined;
    }
  }
  return undefined;
}

function followedByCode(profile: SyntaxProfile, comment: Node): boolean | undefined {
  for (let next = comment.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (!profile.comments.has(next.type)) return true;
  }
  // Go keeps a block's statements in a statement_list: the comment may sit after it.
  return false;
}

function analyseWithTree(env: FileEnv, grammarName: GrammarName, stems: FileStems): Hit[] {
  const { text } = env;
  const structural = !env.isTest && !env.isExample && !env.isDeclaration;
  // Each expression runs only when the file holds one of its stems (one pass found them all).
  const wantPhrases = (stems.all & PHRASE) !== 0 && phraseGate(text, stems.phrases);
  const emptyCandidates = structural && enabled(env, 'empty-body') ? emptyBodyCandidates(text, grammarName) : [];
  const throwCandidates = structural && enabled(env, 'not-implemented-throw') && (stems.all & STUB_THROW) !== 0 && STUB_THROW_PREFILTER.test(text) ? stubThrowCandidates(text) : [];
  MOCK_IDENTIFIER.lastIndex = 0;
  const mockCandidates = structural && enabled(env, 'mock-data') && (stems.all & MOCK) !== 0 && MOCK_IDENTIFIER.test(text);
  ECHO_TRIGGER.lastIndex = 0;
  const echoCandidates = structural && enabled(env, 'canned-answer') && (stems.all & ECHO) !== 0 && ECHO_TRIGGER.test(text);
  const tiny = env.claimed.length > 0 && enabled(env, 'tiny-claimed-file');
  if (!wantPhrases && emptyCandidates.length === 0 && throwCandidates.length === 0 && !mockCandidates && !echoCandidates && !tiny && env.extras.length === 0) {
    return [];
  }
  const grammar = loadedGrammar(grammarName);
  if (!grammar) throw new Error(`The ${grammarName} grammar is not loaded: await preloadGrammarFor("${env.file}") before detectPlaceholdersSync`);
  const tree = grammar.parser.parse(text);
  if (!tree) return [];
  try {
    return analyseTree(env, grammar, tree, { wantPhrases, phraseStems: stems.phrases, emptyCandidates, throwCandidates, mockCandidates, echoCandidates, tiny });
  } finally {
    tree.delete();
  }
}

interface Plan {
  wantPhrases: boolean;
  /** Offsets where PHRASE_PREFILTER matches (from the stem pass). */
  phraseStems: readonly number[];
  emptyCandidates: number[];
  throwCandidates: number[];
  mockCandidates: boolean;
  echoCandidates: boolean;
  tiny: boolean;
}

function analyseTree(env: FileEnv, grammar: LoadedGrammar, tree: Tree, plan: Plan): Hit[] {
  const { text } = env;
  const profile = PROFILES[grammar.name];
  const root = tree.rootNode;
  const ctx: StructureContext = { text, grammar: grammar.name, profile, root, platformVariant: isBuildConstrainedGo(env.file, text) };
  const hits: Hit[] = [];
  const seen = new Set<number>();

  const segmentHits = (seg: TreeSegment): void => {
    if (seen.has(seg.node.startIndex)) return;
    seen.add(seg.node.startIndex);
    const raw = seg.node.text;
    const content = seg.kind === 'comment' ? maskComment(raw) : seg.kind === 'markup' ? raw : maskString(profile, seg.node, raw);
    const facts: SegmentFacts = {
      kind: seg.kind,
      content,
      isTest: env.isTest,
      isExample: env.isExample,
      platformVariant: ctx.platformVariant,
      isTemplate: env.isTemplate || env.isExample,
      followedByCode: () => followedByCode(profile, seg.node),
      ownerName: () => ownerOf(seg.node),
      layout: () => commentLayout(text, seg.node.startIndex, seg.node.endIndex),
    };
    for (const h of checkSegment(facts)) hits.push({ ...h, start: seg.node.startIndex + h.start, end: seg.node.startIndex + h.end });
  };

  if (plan.wantPhrases) {
    // The matches of PHRASE_PREFILTER, walked as a global search would: the stem pass already knows
    // every offset where one starts; a sticky match there gives its length.
    let resumeAt = 0;
    for (const at of plan.phraseStems) {
      if (at < resumeAt) continue;
      PHRASE_AT.lastIndex = at;
      const m = PHRASE_AT.exec(text);
      resumeAt = at + Math.max(1, m?.[0].length ?? 1);
      const seg = classify(profile, root, at);
      if (!seg) continue;
      segmentHits(seg);
      // Everything in this segment has been read: resume after it.
      if (seg.node.endIndex > resumeAt) resumeAt = seg.node.endIndex;
    }
  }
  if (plan.echoCandidates) {
    ECHO_TRIGGER.lastIndex = 0;
    const checked = new Set<number>();
    for (let m = ECHO_TRIGGER.exec(text); m; m = ECHO_TRIGGER.exec(text)) {
      const seg = classify(profile, root, m.index);
      if (!seg || seg.kind !== 'string' || checked.has(seg.node.startIndex)) continue;
      checked.add(seg.node.startIndex);
      const hit = checkEcho(ctx, seg.node, maskString(profile, seg.node, seg.node.text));
      if (hit) hits.push(hit);
    }
  }
  for (const offset of plan.emptyCandidates) {
    const hit = checkEmptyBody(ctx, offset);
    if (hit) hits.push(hit);
  }
  for (const offset of plan.throwCandidates) {
    const hit = checkStubThrow(ctx, offset);
    if (hit) hits.push(hit);
  }
  if (plan.mockCandidates) {
    MOCK_IDENTIFIER.lastIndex = 0;
    for (let m = MOCK_IDENTIFIER.exec(text); m; m = MOCK_IDENTIFIER.exec(text)) {
      const hit = checkMockIdentifier(ctx, m.index, m[0].length);
      if (hit) hits.push({ ...hit, severity: 'warning' });
    }
  }
  for (const extra of env.extras) {
    extra.regex.lastIndex = 0;
    for (let m = extra.regex.exec(text); m; m = extra.regex.exec(text)) {
      if (m[0].length === 0) extra.regex.lastIndex++;
      else if (classify(profile, root, m.index)) hits.push({ rule: extra.id, start: m.index, end: m.index + m[0].length, message: extra.message });
    }
  }
  if (plan.tiny) {
    const commentQuery = grammar.name === 'rust' || grammar.name === 'java' ? '[(line_comment) (block_comment)] @c' : '(comment) @c';
    const blanks = query(grammar, commentQuery).captures(root).map((c) => [c.node.startIndex, c.node.endIndex] as const);
    if (grammar.name === 'python') {
      for (const c of query(grammar, '(expression_statement (string) @s)').captures(root)) blanks.push([c.node.startIndex, c.node.endIndex]);
    }
    const hit = tinyClaimedCode(env, blanks);
    if (hit) hits.push(hit);
  }
  return hits;
}

// ---------------------------------------------------------------- other formats

/** Changelogs and release notes: they announce what is "coming soon"; that is news, not a gap in the docs. */
const RELEASE_NOTES = /(^|\/)(changelog|changes|history|releases?|release[-_ ]?notes)([^/]*\.[a-z]+$|\/)/i;

function analyseWithLexer(env: FileEnv, stems: FileStems): Hit[] {
  const { text, language } = env;
  const hits: Hit[] = [];
  let segments: LexSegment[];
  if (language === 'markdown') {
    const md = lexMarkdown(text);
    segments = md.segments;
    // Templates keep empty sections by design, and so do changelogs (Keep a Changelog's "### Security").
    if (enabled(env, 'docs-tbd') && !env.isTest && !env.isTemplate && !RELEASE_NOTES.test(env.file)) {
      for (const s of md.emptySections) {
        hits.push({ rule: 'docs-tbd', start: s.start, end: s.end, severity: 'warning', message: `Section "${truncate(s.title, 40)}" is empty` });
      }
    }
  } else if (language === 'text') segments = lexText(text);
  else if (language === 'json') segments = lexJson(text);
  else if (language === 'config') segments = lexConfig(text);
  else segments = lexGeneric(text, language);

  if ((stems.all & PHRASE) !== 0 && phraseGate(text, stems.phrases)) {
    for (const seg of segments) {
      const raw = text.slice(seg.start, seg.end);
      if (!PHRASE_PREFILTER.test(raw)) continue;
      const content = seg.kind === 'comment' ? maskComment(raw) : seg.kind === 'prose' ? maskProse(raw) : seg.kind === 'string' ? raw.replace(/^["'`]|["'`]$/g, ' ') : raw;
      const facts: SegmentFacts = {
        kind: seg.kind,
        content,
        isTest: env.isTest,
        isExample: env.isExample,
        isTemplate: env.isTemplate || env.isExample,
        followedByCode: () => undefined,
        ownerName: () => seg.owner,
        layout: () => commentLayout(text, seg.start, seg.end),
      };
      for (const h of checkSegment(facts)) {
        if (h.rule === 'docs-tbd' && language === 'markdown' && RELEASE_NOTES.test(env.file)) continue;
        hits.push({ ...h, start: seg.start + h.start, end: seg.start + h.end });
      }
    }
  }
  for (const extra of env.extras) {
    extra.regex.lastIndex = 0;
    for (let m = extra.regex.exec(text); m; m = extra.regex.exec(text)) {
      if (m[0].length === 0) {
        extra.regex.lastIndex++;
        continue;
      }
      const at = m.index;
      const inSegment = language === 'text' || segments.some((s) => s.start <= at && at < s.end);
      if (inSegment) hits.push({ rule: extra.id, start: at, end: at + m[0].length, message: extra.message });
    }
  }
  if (env.claimed.length > 0 && enabled(env, 'tiny-claimed-file')) {
    if (language === 'markdown' || language === 'text') {
      const words = segments.filter((s) => s.kind === 'prose').reduce((n, s) => n + (text.slice(s.start, s.end).match(/[\p{L}\p{N}]+/gu)?.length ?? 0), 0);
      const needed = Math.min(150, 25 * env.claimed.length);
      if (words < needed) hits.push(tinyHit(env, `${words} words of documentation`));
    } else if (language === 'c-like' || language === 'hash-comment' || language === 'sql') {
      const hit = tinyClaimedCode(env, segments.filter((s) => s.kind === 'comment').map((s) => [s.start, s.end] as const));
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

// ---------------------------------------------------------------- tiny files

const NOT_MEANINGFUL = /^[\s{}()[\];,]*$|^\s*(import\b|from\s+\S+\s+import\b|package\b|use\s|using\s|#include\b|#!|export\s+\*|export\s+\{[^}]*\}\s*(from\b|;|$)|require\(|mod\s+\w+;|namespace\s|['"]use strict['"])/;

function tinyClaimedCode(env: FileEnv, blanks: readonly (readonly [number, number])[]): Hit | undefined {
  let stripped = env.text;
  for (const [s, e] of blanks) stripped = stripped.slice(0, s) + stripped.slice(s, e).replace(/[^\n]/g, ' ') + stripped.slice(e);
  const lines = stripped.split('\n').filter((l) => !NOT_MEANINGFUL.test(l)).length;
  const needed = Math.min(16, 3 * env.claimed.length + 1);
  return lines < needed ? tinyHit(env, `${lines} line${lines === 1 ? '' : 's'} of code`) : undefined;
}

function tinyHit(env: FileEnv, size: string): Hit {
  const firstLineEnd = env.text.indexOf('\n');
  const ids = env.claimed.slice(0, 5).join(', ') + (env.claimed.length > 5 ? ', …' : '');
  return {
    rule: 'tiny-claimed-file',
    start: 0,
    end: firstLineEnd === -1 ? env.text.length : firstLineEnd,
    message: `Only ${size} for ${env.claimed.length} claimed requirement${env.claimed.length === 1 ? '' : 's'} (${ids})`,
  };
}

// ---------------------------------------------------------------- findings

class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.starts[lo] ?? 0) + 1 };
  }
}

function toFindings(env: FileEnv, hits: Hit[]): PlaceholderFinding[] {
  if (hits.length === 0) return [];
  const suppressions = parseSuppressions(env.text);
  const lines = new LineIndex(env.text);
  const extraIds = new Set(env.extras.map((e) => e.id));
  const seen = new Set<string>();
  const findings: PlaceholderFinding[] = [];
  for (const hit of hits) {
    if (env.disabled.has(hit.rule)) continue;
    const start = lines.position(hit.start);
    if (isSuppressed(suppressions, hit.rule, start.line)) continue;
    const key = `${hit.rule}:${hit.start}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const end = lines.position(Math.max(hit.end, hit.start + 1));
    const builtin = SUGGESTIONS[hit.rule as BuiltinRuleId];
    findings.push({
      file: env.file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
      rule: hit.rule,
      severity: hit.severity ?? DEFAULT_SEVERITY.get(hit.rule) ?? (extraIds.has(hit.rule) ? 'error' : 'warning'),
      message: hit.message,
      suggestion: hit.suggestion ?? builtin ?? `Resolve this before finishing: ${hit.message}. Replace it with the complete, working implementation.`,
    });
  }
  return findings.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}
