import type { ValidationFinding } from '../events';
import { checkSyntax } from './syntaxCheck';
import type { ValidationRule } from './validationRule';

export const genericRules: ValidationRule[] = [
  {
    id: 'agent-finished',
    description: 'The agent ended its turn with the finish tool.',
    check: ({ finished }) =>
      finished
        ? []
        : [
            {
              rule: 'agent-finished',
              message: 'the agent did not call finish before its turn ended',
              suggestion: 'Write every file your requirements need, then call the `finish` tool with a summary and the requirement IDs you completed.',
            },
          ],
  },
  {
    id: 'files-written',
    description: 'At least one file was written when requirements were assigned.',
    check: ({ assigned, files }) =>
      assigned.length > 0 && files.length === 0
        ? [
            {
              rule: 'files-written',
              message: 'no file was written although requirements were assigned',
              suggestion: `Implement ${assigned.map((r) => r.id).join(', ')} by writing the files with \`write_file\`, listing the requirement IDs each file implements.`,
            },
          ]
        : [],
  },
  {
    id: 'requirement-claimed',
    description: 'Every assigned requirement is claimed in finish.',
    check: ({ assigned, covered, finished }) =>
      finished
        ? assigned
            .filter((r) => !covered.includes(r.id))
            .map((r) => ({
              rule: 'requirement-claimed',
              message: `${r.id} was assigned but not claimed as covered`,
              suggestion: `Implement ${r.id} ("${r.title}") completely and include it in \`covered\` when you call \`finish\`.`,
            }))
        : [],
  },
  {
    id: 'claimed-has-file',
    description: 'Every claimed requirement has a file that implements it.',
    check: ({ covered, files }) =>
      covered
        .filter((id) => !files.some((f) => f.requirements.includes(id)))
        .map((id) => ({
          rule: 'claimed-has-file',
          message: `${id} was claimed as covered but no written file lists it`,
          suggestion: `Write the file(s) that implement ${id} and pass "${id}" in their \`requirements\` argument.`,
        })),
  },
  {
    id: 'no-placeholder',
    description: 'No file holds placeholder or stub code.',
    check: ({ placeholders }) =>
      [...placeholders].flatMap(([file, found]) =>
        found.map((p) => ({
          rule: 'no-placeholder',
          file,
          line: p.line,
          message: `${p.rule}: ${p.message}`,
          suggestion: `Replace the placeholder at ${file}:${p.line} with the complete, working implementation. ${p.suggestion ?? ''}`.trim(),
        })),
      ),
  },
  {
    id: 'syntax-valid',
    description: 'TS/JS/TSX/JSX, JSON and YAML files parse.',
    check: ({ files }) =>
      files.flatMap((f): ValidationFinding[] => {
        const problem = checkSyntax(f.path, f.content);
        return problem
          ? [
              {
                rule: 'syntax-valid',
                file: f.path,
                line: problem.line,
                message: `syntax error: ${problem.message}`,
                suggestion: `Fix the syntax error in ${f.path} at line ${problem.line}, column ${problem.column} (${problem.message}) and write the whole file again.`,
              },
            ]
          : [];
      }),
  },
];
