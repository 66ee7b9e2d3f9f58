import { parse as parseJs } from '@babel/parser';
import { parse as parseYaml } from 'yaml';
import * as path from 'node:path';

export interface SyntaxProblem {
  line: number;
  column: number;
  message: string;
}

const SCRIPT_EXTENSIONS = new Set(['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs']);

/** Parses the file with its language's parser; undefined when it parses or the language is not checked. */
export function checkSyntax(file: string, text: string): SyntaxProblem | undefined {
  const ext = path.extname(file).toLowerCase();
  try {
    if (SCRIPT_EXTENSIONS.has(ext)) parseScript(file, ext, text);
    else if (ext === '.json') JSON.parse(text);
    else if (ext === '.yaml' || ext === '.yml') parseYaml(text, { prettyErrors: true });
    return undefined;
  } catch (error) {
    return toProblem(error, text);
  }
}

/** True when the script declares at least one export (ES or CommonJS). */
export function hasExports(file: string, text: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (!SCRIPT_EXTENSIONS.has(ext)) return true;
  try {
    const ast = parseScript(file, ext, text);
    return ast.program.body.some(
      (node) =>
        node.type === 'ExportNamedDeclaration' ||
        node.type === 'ExportDefaultDeclaration' ||
        node.type === 'ExportAllDeclaration' ||
        (node.type === 'ExpressionStatement' && /\b(module\.exports|exports\.\w+)\s*=/.test(text.slice(node.start ?? 0, node.end ?? 0))),
    );
  } catch {
    return false;
  }
}

function parseScript(file: string, ext: string, text: string) {
  const typescript = ext === '.ts' || ext === '.tsx' || ext === '.mts' || ext === '.cts';
  const jsx = ext === '.tsx' || ext === '.jsx' || ext === '.js';
  return parseJs(text, {
    sourceType: 'unambiguous',
    sourceFilename: file,
    errorRecovery: false,
    plugins: [...(typescript ? (['typescript'] as const) : []), ...(jsx ? (['jsx'] as const) : []), 'decorators-legacy', 'importAttributes'],
  });
}

function toProblem(error: unknown, text: string): SyntaxProblem {
  const e = error as { loc?: { line: number; column: number }; linePos?: { line: number; col: number }[]; message?: string };
  if (e.loc) return { line: e.loc.line, column: e.loc.column + 1, message: cleanMessage(e.message) };
  if (e.linePos?.[0]) return { line: e.linePos[0].line, column: e.linePos[0].col, message: cleanMessage(e.message) };
  const jsonPosition = /position (\d+)/.exec(e.message ?? '');
  if (jsonPosition) {
    const before = text.slice(0, Number(jsonPosition[1]));
    const line = before.split('\n').length;
    return { line, column: before.length - before.lastIndexOf('\n'), message: cleanMessage(e.message) };
  }
  return { line: 1, column: 1, message: cleanMessage(e.message) };
}

function cleanMessage(message: string | undefined): string {
  return (message ?? 'does not parse').split('\n')[0]!.replace(/\s*\(\d+:\d+\)$/, '');
}
