import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';

/**
 * The block structure of a Markdown document, from markdown-it (CommonMark, linear time: micromark
 * takes minutes on a 10,000-item list) with its source line maps. Lines are 1-based.
 */
export type MarkdownBlock =
  | { kind: 'heading'; depth: number; line: number; text: string }
  | { kind: 'paragraph'; line: number; text: string }
  | { kind: 'list'; line: number; items: MarkdownListItem[] }
  | { kind: 'code'; line: number; lang: string; value: string }
  | { kind: 'blockquote'; line: number; children: MarkdownBlock[] }
  /** A table, an HTML block, a thematic break: kept by its lines. */
  | { kind: 'other'; type: string; line: number; endLine: number };

export interface MarkdownListItem {
  line: number;
  children: MarkdownBlock[];
}

const parser = new MarkdownIt('commonmark');

export function markdownBlocks(text: string): MarkdownBlock[] {
  const tokens = parser.parse(text, {});
  const root: MarkdownBlock[] = [];
  /** Open containers: where the next block goes. */
  const stack: { children: MarkdownBlock[]; list?: MarkdownListItem[] }[] = [{ children: root }];
  const top = () => stack[stack.length - 1];
  const lineOf = (token: Token) => (token.map?.[0] ?? 0) + 1;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    switch (token.type) {
      case 'heading_open':
        top().children.push({ kind: 'heading', depth: Number(token.tag.slice(1)), line: lineOf(token), text: inlineText(tokens[i + 1]) });
        i += 2;
        break;
      case 'paragraph_open':
        top().children.push({ kind: 'paragraph', line: lineOf(token), text: inlineText(tokens[i + 1]) });
        i += 2;
        break;
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const items: MarkdownListItem[] = [];
        top().children.push({ kind: 'list', line: lineOf(token), items });
        stack.push({ children: [], list: items });
        break;
      }
      case 'list_item_open': {
        const item: MarkdownListItem = { line: lineOf(token), children: [] };
        top().list?.push(item);
        stack.push({ children: item.children });
        break;
      }
      case 'blockquote_open': {
        const children: MarkdownBlock[] = [];
        top().children.push({ kind: 'blockquote', line: lineOf(token), children });
        stack.push({ children });
        break;
      }
      case 'list_item_close':
      case 'bullet_list_close':
      case 'ordered_list_close':
      case 'blockquote_close':
        stack.pop();
        break;
      case 'fence':
      case 'code_block':
        top().children.push({ kind: 'code', line: lineOf(token), lang: token.info.trim(), value: token.content.replace(/\n$/, '') });
        break;
      default:
        if (token.nesting !== -1 && token.map) top().children.push({ kind: 'other', type: token.type, line: lineOf(token), endLine: token.map[1] });
        if (token.nesting === 1) i = closingIndex(tokens, i);
    }
  }
  return root;
}

/** Skips an opened block we do not look into (a table): to its closing token. */
function closingIndex(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    depth += tokens[i].nesting;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Text of an inline token: emphasis dropped, code kept in backticks, line breaks as `\n`. */
function inlineText(token: Token | undefined): string {
  let out = '';
  for (const child of token?.children ?? []) {
    switch (child.type) {
      case 'text':
      case 'html_inline':
        out += child.content;
        break;
      case 'code_inline':
        out += `\`${child.content}\``;
        break;
      case 'softbreak':
      case 'hardbreak':
        out += '\n';
        break;
      case 'image':
        out += child.content;
        break;
      default:
        break;
    }
  }
  return out;
}
