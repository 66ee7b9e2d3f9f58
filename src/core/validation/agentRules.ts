import * as path from 'node:path';
import type { ValidationFinding } from '../events';
import { checkSyntax, hasExports } from './syntaxCheck';
import type { ValidationRule, WrittenFile } from './validationRule';

const isComponent = (f: WrittenFile) => /\.(tsx|jsx)$/i.test(f.path);
const isTestFile = (f: WrittenFile) => /(^|\/)(tests?|__tests__|spec)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]+\.py$|_test\.(go|py)$/i.test(f.path);
const isMarkdown = (f: WrittenFile) => /\.(md|mdx)$/i.test(f.path);
const isCode = (f: WrittenFile) => /\.([cm]?[jt]sx?|py|go|rs|java|cs)$/i.test(f.path);

const ASSERTION = /\b(assert(\.\w+)?\s*\(|expect\s*\(|\.should\b|t\.(is|deepEqual|equal|true|false|throws|ok|same)\s*\(|assert_eq!|assertEquals|Assert\.\w+|self\.assert\w*\(|t\.(Error|Fatal)f?\s*\()/;
const FALLBACK = /\bfallback\b|\btemplate\b|catch\s*(\(|\{)|\bexcept\b|\brecover\(\)|\bdefault(Answer|Response|Reply)\b/i;

export const agentRules: ValidationRule[] = [
  {
    id: 'frontend-components',
    description: 'The frontend writes TSX/JSX components that export something.',
    appliesTo: ['frontend'],
    check: ({ files, assigned }): ValidationFinding[] => {
      if (assigned.length === 0) return [];
      const components = files.filter(isComponent);
      if (components.length === 0)
        return [
          {
            rule: 'frontend-components',
            message: 'no React component (.tsx or .jsx) was written',
            suggestion: 'Write the UI as React + TypeScript function components in .tsx files that export the component, and call the backend API with fetch.',
          },
        ];
      return components
        .filter((f) => !isEntryPoint(f) && !checkSyntax(f.path, f.content) && !hasExports(f.path, f.content))
        .map((f) => ({
          rule: 'frontend-components',
          file: f.path,
          line: 1,
          message: `${f.path} exports nothing`,
          suggestion: `Export the component from ${f.path} (e.g. \`export function ${componentName(f.path)}() { … }\`).`,
        }));
    },
  },
  {
    id: 'ai-fallback',
    description: 'The AI service has a fallback path for when the model is unavailable.',
    appliesTo: ['ai'],
    check: ({ files, assigned }): ValidationFinding[] => {
      const code = files.filter((f) => isCode(f) && !isTestFile(f));
      if (assigned.length === 0 || code.length === 0 || code.some((f) => FALLBACK.test(f.content))) return [];
      return [
        {
          rule: 'ai-fallback',
          message: 'the AI service has no fallback path for when the model call fails',
          suggestion:
            'Catch model errors and timeouts and answer from a deterministic template fallback; cache responses and rate-limit calls. Never return a canned placeholder answer.',
        },
      ];
    },
  },
  {
    id: 'tests-assert',
    description: 'Test files contain assertions.',
    appliesTo: ['tests'],
    check: ({ files }): ValidationFinding[] =>
      files
        .filter((f) => isTestFile(f) && isCode(f) && !ASSERTION.test(f.content))
        .map((f) => ({
          rule: 'tests-assert',
          file: f.path,
          line: 1,
          message: `${f.path} contains no assertion`,
          suggestion: `Make the tests in ${f.path} assert the behaviour the acceptance criteria describe (e.g. assert.equal / expect(...).toBe).`,
        })),
  },
  {
    id: 'docs-content',
    description: 'Docs have headings and real content.',
    appliesTo: ['docs'],
    check: ({ files }): ValidationFinding[] =>
      files.filter(isMarkdown).flatMap((f): ValidationFinding[] => {
        const headings = (f.content.match(/^#{1,6}\s+\S/gm) ?? []).length;
        const words = f.content.replace(/```[\s\S]*?```/g, ' ').split(/\s+/).filter((w) => /\w/.test(w)).length;
        if (headings > 0 && words >= 40) return [];
        return [
          {
            rule: 'docs-content',
            file: f.path,
            line: 1,
            message: `${f.path} has ${headings} heading(s) and ${words} words`,
            suggestion: `Give ${f.path} a title heading, sections for each topic, and real explanations (at least a few paragraphs) of how to install, use and extend the project.`,
          },
        ];
      }),
  },
];

/** `main.tsx` / `index.jsx` that mounts the app exports nothing by design (the Vite and CRA layouts). */
function isEntryPoint(f: WrittenFile): boolean {
  return /(^|\/)(main|index)\.(tsx|jsx)$/i.test(f.path) && /\b(createRoot|hydrateRoot|ReactDOM\.render|render)\s*\(/.test(f.content);
}

function componentName(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  return base.charAt(0).toUpperCase() + base.slice(1).replace(/[^A-Za-z0-9]/g, '');
}
