import { parseTree, type Node as JsonNode } from 'jsonc-parser/lib/esm/main.js';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode } from 'yaml';

/** A YAML or JSON value with where it is in the text (offsets, end exclusive). */
export type Positioned =
  | { type: 'object'; offset: number; end: number; entries: PositionedEntry[] }
  | { type: 'array'; offset: number; end: number; items: Positioned[] }
  | { type: 'scalar'; offset: number; end: number; value: string | number | boolean | null };

export interface PositionedEntry {
  key: string;
  /** The key's own span. */
  offset: number;
  end: number;
  value: Positioned;
}

export type TreeError = { offset: number; end: number; message: string };

/**
 * JSON, strictly (JSON.parse decides what is valid and says why), then positioned by jsonc-parser:
 * linear time, where the `yaml` library takes seconds on a megabyte. Duplicate keys are errors.
 */
export function jsonTree(text: string): { tree?: Positioned; errors: TreeError[] } {
  try {
    JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = Math.min(Number(/position (\d+)/.exec(message)?.[1] ?? 0), text.length);
    return { errors: [{ offset, end: offset + 1, message: message.replace(/^JSON\.parse: /, '') }] };
  }
  const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
  const errors: TreeError[] = [];
  const convert = (node: JsonNode): Positioned => {
    const span = { offset: node.offset, end: node.offset + node.length };
    if (node.type === 'array') return { type: 'array', ...span, items: (node.children ?? []).map(convert) };
    if (node.type === 'object') {
      const entries: PositionedEntry[] = [];
      for (const property of node.children ?? []) {
        const [keyNode, valueNode] = property.children ?? [];
        const key = String(keyNode.value);
        const at = { offset: keyNode.offset, end: keyNode.offset + keyNode.length };
        if (entries.some((e) => e.key === key)) errors.push({ ...at, message: `duplicate key "${key}"` });
        entries.push({ key, ...at, value: valueNode ? convert(valueNode) : { type: 'scalar', ...at, value: null } });
      }
      return { type: 'object', ...span, entries };
    }
    return { type: 'scalar', ...span, value: (node.value as string | number | boolean | null) ?? null };
  };
  return { tree: root ? convert(root) : undefined, errors };
}

/** YAML (the `yaml` library: 1.2 core schema, unique keys), positioned. */
export function yamlTree(text: string): { tree?: Positioned; errors: TreeError[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    return {
      errors: doc.errors.map((error) => ({
        offset: error.pos[0],
        end: Math.max(error.pos[1], error.pos[0] + 1),
        message: error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, ''),
      })),
    };
  }
  const convert = (node: unknown, fallback: number): Positioned => {
    const resolved = isAlias(node) ? node.resolve(doc as Document) : node;
    const [offset, end] = (resolved as YamlNode | undefined)?.range ?? [fallback, fallback];
    if (isSeq(resolved)) return { type: 'array', offset, end, items: resolved.items.map((item) => convert(item, offset)) };
    if (isMap(resolved)) {
      return {
        type: 'object',
        offset,
        end,
        entries: resolved.items.map((pair) => {
          const [keyOffset, keyEnd] = (pair.key as YamlNode | null)?.range ?? [offset, offset];
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          return { key, offset: keyOffset, end: keyEnd, value: convert(pair.value, keyEnd) };
        }),
      };
    }
    if (isScalar(resolved)) {
      const value = resolved.value;
      return { type: 'scalar', offset, end, value: typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : value === null || value === undefined ? null : String(value) };
    }
    return { type: 'scalar', offset, end, value: null };
  };
  return { tree: doc.contents === null ? undefined : convert(doc.contents, 0), errors: [] };
}
