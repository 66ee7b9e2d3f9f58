// swarm-ignore-file: this file names the placeholder phrases it detects.
import type { PlaceholderRule } from './types';

const CODE = ['typescript', 'javascript', 'tsx', 'jsx', 'python', 'go', 'rust', 'java', 'csharp'];
const COMMENTED = [...CODE, 'markdown', 'config'];

/** Every built-in rule, with its default (highest) severity. Findings may report a lower one. */
export const PLACEHOLDER_RULES = [
  {
    id: 'todo-marker',
    severity: 'warning',
    description: 'A TODO/FIXME/XXX marker that stands for work not done (error when it says what is missing, info when it is tracked by an issue).',
    languages: COMMENTED,
  },
  {
    id: 'omission-comment',
    severity: 'error',
    description: 'A comment that stands in for omitted code: "rest of the code", "… existing code …", "remains the same", "similar to above".',
    languages: CODE,
  },
  {
    id: 'your-code-here',
    severity: 'error',
    description: '"Your code here", "implementation goes here", "add logic here" and placeholder values such as "YOUR_API_KEY_HERE".',
    languages: COMMENTED,
  },
  {
    id: 'placeholder-comment',
    severity: 'error',
    description: 'A comment that declares the code a placeholder, stub, dummy or temporary implementation, or not implemented yet.',
    languages: CODE,
  },
  {
    id: 'not-implemented-throw',
    severity: 'error',
    description: "A body that only throws `Error('Not implemented')`, `NotImplementedError`/`NotImplementedException`, `todo!()`/`unimplemented!()` or `panic(\"TODO\")`.",
    languages: CODE,
  },
  {
    id: 'empty-body',
    severity: 'error',
    description: 'A function or method that is meant to do something but has an empty body, or only `pass`, `...` or a docstring.',
    languages: CODE,
  },
  {
    id: 'canned-answer',
    severity: 'error',
    description: 'A canned model answer instead of a real call: "This is a placeholder response", "As an AI language model", `Response to: ${prompt}` echoes.',
    languages: CODE,
  },
  {
    id: 'mock-data',
    severity: 'error',
    description: 'Mock, fake or simulated data standing in for a real call in production code.',
    languages: CODE,
  },
  {
    id: 'lorem-ipsum',
    severity: 'warning',
    description: 'Lorem ipsum filler text in strings, markup or documentation.',
    languages: [...CODE, 'markdown', 'config'],
  },
  {
    id: 'docs-tbd',
    severity: 'warning',
    description: 'Documentation that is not written yet: "TBD", "coming soon", "to be documented", empty sections.',
    languages: ['markdown', 'text', 'config'],
  },
  {
    id: 'tiny-claimed-file',
    severity: 'error',
    description: 'A file too small to implement the requirements it claims.',
    languages: [...CODE, 'markdown'],
  },
] as const satisfies readonly PlaceholderRule[];

export type BuiltinRuleId = (typeof PLACEHOLDER_RULES)[number]['id'];

/** Instructions given back to the model with each finding, by rule. */
export const SUGGESTIONS: Record<BuiltinRuleId, string> = {
  'todo-marker':
    'Do the work the marker describes now and delete the marker. Write the complete, working code; do not leave TODO/FIXME/XXX notes for missing functionality.',
  'omission-comment':
    'Write out the complete code instead of the comment that stands for it. Never abbreviate with "rest of the code", "... existing code ..." or "same as above": the file you write replaces the old one entirely, so every line must be present.',
  'your-code-here':
    'Replace the "goes here" marker with the actual implementation (or, for a configuration value, read it from the environment or configuration instead of a placeholder value).',
  'placeholder-comment':
    'Replace the placeholder/stub with the real implementation the requirement asks for and remove the comment that calls it a placeholder.',
  'not-implemented-throw':
    'Implement this function: replace the "not implemented" throw/panic with the real logic its name and signature promise, handling errors properly.',
  'empty-body':
    'Give this function a real body that does what its name and signature promise (validate input, perform the operation, return or raise as declared). If it is not needed, delete it instead of leaving it empty.',
  'canned-answer':
    'Call the real service (the configured model/API client) and return its actual result, with error handling and a clearly labelled fallback, instead of a hard-coded or echoed answer.',
  'mock-data':
    'Fetch the data from the real source (API, database, model call) this code is for, with error handling; keep mock data only in tests or fixtures.',
  'lorem-ipsum': 'Replace the lorem ipsum filler with the real content the requirement describes.',
  'docs-tbd':
    'Write the missing documentation now: describe the actual behaviour, usage and configuration of what was implemented instead of "TBD"/"coming soon".',
  'tiny-claimed-file':
    'This file is far too small for the requirements it claims. Implement each claimed requirement completely (all acceptance criteria), or stop claiming requirements this file does not implement.',
};
