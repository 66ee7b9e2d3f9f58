import type { Node } from 'web-tree-sitter';
import { loadedGrammar } from './grammars';
import { commentSyntaxOf, GRAMMAR_OF, languageOf } from './languages';

/**
 * The line to insert above `line` (1-based) so that `rule` is not reported there:
 * `// swarm-ignore-next-line rule` in the file's comment syntax, `{/* … *\/}` between JSX children.
 * Undefined for formats without comments (JSON, plain text).
 */
export function ignoreDirectiveFor(file: string, text: string, line: number, rule: string): string | undefined {
  const language = languageOf(file);
  if (!language) return undefined;
  const syntax = commentSyntaxOf(language);
  if (!syntax) return undefined;
  const lines = text.split('\n');
  const target = lines[line - 1] ?? '';
  const indent = /^[ \t]*/.exec(target)?.[0] ?? '';
  const directive = `swarm-ignore-next-line ${rule}`;
  const grammar = GRAMMAR_OF[language];
  if (grammar === 'tsx' && insideJsxChildren(text, line, indent.length)) return `${indent}{/* ${directive} */}`;
  if (syntax.line) return `${indent}${syntax.line} ${directive}`;
  const [open, close] = syntax.block ?? ['/*', '*/'];
  return `${indent}${open} ${directive} ${close}`;
}

function insideJsxChildren(text: string, line: number, column: number): boolean {
  const grammar = loadedGrammar('tsx');
  if (!grammar) return false;
  const tree = grammar.parser.parse(text);
  if (!tree) return false;
  try {
    // The container of the line: the innermost node that starts before it.
    let n: Node | null = tree.rootNode.descendantForPosition({ row: line - 1, column });
    while (n && (n.startPosition.row > line - 1 || (n.startPosition.row === line - 1 && n.startPosition.column >= column))) n = n.parent;
    // Between a JSX element's children a `//` line would render as text.
    return !!n && (n.type === 'jsx_element' || n.type === 'jsx_fragment');
  } finally {
    tree.delete();
  }
}
