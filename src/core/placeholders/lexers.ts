import type { LanguageId } from './languages';
import type { SegmentKind } from './textRules';

/**
 * Segmenters for the formats that have no tree-sitter grammar in the bundle: Markdown, plain text,
 * configuration files and a generic comment/string lexer for other code. Each returns the
 * non-code parts of the file; everything not covered is code or markup syntax.
 */

export interface LexSegment {
  kind: SegmentKind;
  start: number;
  end: number;
  /** For values and strings: the key, attribute or property they belong to. */
  owner?: string;
}

export interface EmptySection {
  start: number;
  end: number;
  title: string;
}

export interface MarkdownResult {
  segments: LexSegment[];
  emptySections: EmptySection[];
}

/** Splits Markdown into prose lines (code fences, front matter and HTML comments excluded), HTML comments and empty sections. */
export function lexMarkdown(text: string): MarkdownResult {
  const segments: LexSegment[] = [];
  const headings: { level: number; start: number; end: number; title: string; hasContent: boolean }[] = [];
  const markContent = (): void => {
    const last = headings[headings.length - 1];
    if (last) last.hasContent = true;
  };
  let fence: string | undefined;
  let inComment = false;
  let offset = 0;
  let lineNo = 0;
  let frontMatter = text.startsWith('---\n') || text.startsWith('---\r\n');
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    lineNo++;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (frontMatter) {
      if (lineNo > 1 && /^(---|\.\.\.)\s*$/.test(line)) frontMatter = false;
      continue;
    }
    if (fence) {
      // Fences inside list items are indented further than three spaces.
      const closing = fence[0] === '`' ? /^\s*(`+)\s*$/.exec(line) : /^\s*(~+)\s*$/.exec(line);
      if (closing && (closing[1] ?? '').length >= fence.length) fence = undefined;
      markContent();
      continue;
    }
    if (inComment) {
      const close = line.indexOf('-->');
      segments.push({ kind: 'comment', start: lineStart, end: lineStart + (close === -1 ? line.length : close) });
      if (close !== -1) inComment = false;
      continue;
    }
    const opening = /^\s*(`{3,}|~{3,})/.exec(line);
    if (opening) {
      fence = opening[1];
      markContent();
      continue;
    }
    if (!line.trim()) continue;
    const heading = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line);
    if (heading) {
      const title = heading[2] ?? '';
      const at = lineStart + line.indexOf(title);
      headings.push({ level: (heading[1] ?? '#').length, start: lineStart, end: lineStart + line.length, title, hasContent: false });
      segments.push({ kind: 'prose', start: at, end: at + title.length });
      continue;
    }
    markContent();
    // HTML comments on this line; a comment left open continues on the next lines.
    let prose = line;
    for (let i = prose.indexOf('<!--'); i !== -1; i = prose.indexOf('<!--', i)) {
      const close = prose.indexOf('-->', i + 4);
      const end = close === -1 ? prose.length : close + 3;
      segments.push({ kind: 'comment', start: lineStart + i + 4, end: lineStart + (close === -1 ? prose.length : close) });
      prose = prose.slice(0, i) + ' '.repeat(end - i) + prose.slice(end);
      if (close === -1) inComment = true;
    }
    if (prose.trim()) segments.push({ kind: 'prose', start: lineStart, end: lineStart + line.length });
  }
  // A heading followed by nothing, or directly by a heading of the same or a higher level, heads an empty section.
  const emptySections: EmptySection[] = [];
  headings.forEach((h, i) => {
    const next = headings[i + 1];
    if (h.hasContent || (next && next.level > h.level)) return;
    if (/unreleased|changelog|contents|^\[?\d+\.\d+/i.test(h.title)) return;
    emptySections.push({ start: h.start, end: h.end, title: h.title });
  });
  return { segments, emptySections };
}

/** Masks inline code spans, link targets and HTML tags in a prose line so phrase rules do not read them. */
export function maskProse(line: string): string {
  return line
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (m) => ' '.repeat(m.length))
    .replace(/\]\([^)\s]*(\s+"[^"]*")?\)/g, (m) => `]${' '.repeat(m.length - 1)}`)
    .replace(/<\/?[A-Za-z][^>]*>/g, (m) => ' '.repeat(m.length))
    .replace(/https?:\/\/\S+/g, (m) => ' '.repeat(m.length));
}

/** Every non-blank line of a plain-text document is prose. */
export function lexText(text: string): LexSegment[] {
  const out: LexSegment[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    if (line.trim()) out.push({ kind: 'prose', start: offset, end: offset + line.length });
    offset += line.length + 1;
  }
  return out;
}

/** JSON/JSONC: values (not keys) and comments. */
export function lexJson(text: string): LexSegment[] {
  const out: LexSegment[] = [];
  const re = /"((?:[^"\\\n]|\\.)*)"|\/\/[^\n]*|\/\*[\s\S]*?\*\//g;
  let lastKey: string | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].startsWith('/')) {
      out.push({ kind: 'comment', start: m.index, end: m.index + m[0].length });
      continue;
    }
    const after = /^\s*:/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 20));
    if (after) {
      lastKey = m[1];
      continue;
    }
    out.push({ kind: 'value', start: m.index + 1, end: m.index + m[0].length - 1, owner: lastKey });
  }
  return out;
}

/** YAML, TOML, INI, dotenv, properties: `#`/`;` comments and the value part of each line. */
export function lexConfig(text: string): LexSegment[] {
  const out: LexSegment[] = [];
  let offset = 0;
  for (const raw of text.split('\n')) {
    const start = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const lead = line.search(/\S/);
    if (lead === -1) continue;
    if (/^[#;!]/.test(line.slice(lead))) {
      out.push({ kind: 'comment', start: start + lead, end: start + line.length });
      continue;
    }
    // An inline ` # comment`, outside quotes.
    let commentAt = -1;
    let quote = '';
    for (let i = lead; i < line.length; i++) {
      const ch = line[i];
      if (quote) {
        if (ch === quote) quote = '';
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#' && /\s/.test(line[i - 1] ?? '')) {
        commentAt = i;
        break;
      }
    }
    const body = commentAt === -1 ? line : line.slice(0, commentAt);
    if (commentAt !== -1) out.push({ kind: 'comment', start: start + commentAt, end: start + line.length });
    const sep = /^(\s*(?:-\s+)?)([^:=\s][^:=]*?)?\s*([:=])\s?/.exec(body);
    let valueStart = lead;
    let owner: string | undefined;
    if (sep && !/^\s*-\s/.test(body.slice(0, (sep[1] ?? '').length + 1)) && sep[2] !== undefined) {
      valueStart = sep[0].length;
      owner = sep[2].trim();
    } else if (/^\s*-\s+/.test(body)) {
      valueStart = (/^\s*-\s+/.exec(body)?.[0] ?? '').length;
    } else if (/^\s*\[.*\]\s*$/.test(body)) {
      continue;
    }
    let value = body.slice(valueStart);
    let vStart = start + valueStart;
    const trimmed = value.trimEnd();
    const q = /^(["'])(.*)\1$/.exec(trimmed);
    if (q) {
      vStart += 1;
      value = q[2] ?? '';
    } else value = trimmed;
    if (value.trim()) out.push({ kind: 'value', start: vStart, end: vStart + value.length, owner });
  }
  return out;
}

/** A lexer for code languages without a bundled grammar: comments and string literals only. */
export function lexGeneric(text: string, language: LanguageId): LexSegment[] {
  const out: LexSegment[] = [];
  const slashes = language === 'c-like' || language === 'sql';
  const hash = language === 'hash-comment';
  const dashes = language === 'sql';
  const html = language === 'html';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const ch = text[i];
    const next = text[i + 1];
    if (html && text.startsWith('<!--', i)) {
      const close = text.indexOf('-->', i + 4);
      const end = close === -1 ? n : close + 3;
      out.push({ kind: 'comment', start: i, end });
      i = end;
    } else if (html && ch === '>') {
      const open = text.indexOf('<', i + 1);
      const end = open === -1 ? n : open;
      if (text.slice(i + 1, end).trim()) out.push({ kind: 'markup', start: i + 1, end });
      i = end;
    } else if ((slashes && ch === '/' && next === '/') || (dashes && ch === '-' && next === '-') || (hash && ch === '#' && (i === 0 || /\s/.test(text[i - 1] ?? '')) && next !== '{' && next !== '!')) {
      const close = text.indexOf('\n', i);
      const end = close === -1 ? n : close;
      out.push({ kind: 'comment', start: i, end });
      i = end;
    } else if (slashes && ch === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close === -1 ? n : close + 2;
      out.push({ kind: 'comment', start: i, end });
      i = end;
    } else if (!html && (ch === '"' || ch === '`' || (ch === "'" && language !== 'c-like'))) {
      let j = i + 1;
      while (j < n && text[j] !== ch && !(text[j] === '\n' && ch !== '`')) j += text[j] === '\\' ? 2 : 1;
      out.push({ kind: 'string', start: i, end: Math.min(n, j + 1) });
      i = j + 1;
    } else i++;
  }
  return out;
}
