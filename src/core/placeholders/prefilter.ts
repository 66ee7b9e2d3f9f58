// swarm-ignore-file: this file names the placeholder phrases it detects.
import { GENERATED_HEAD_CHARS } from './languages';
import { StemScanner, type StemHits } from './stemScanner';
import { PHRASE_STEMS } from './textRules';

/**
 * One pass over a file's text that tells which of the detector's filters can fire, instead of one
 * case-insensitive expression per filter. Each group's stems occur wherever its expression could
 * match (a superset), so a group that is absent rules its expression out; a group that is present
 * still runs the expression. Groups:
 */
/** `PHRASE_PREFILTER`, exactly (its offsets feed `phraseGate`). */
export const PHRASE = 1;
/** `ECHO_TRIGGER` (detector.ts): answers built from the prompt. */
export const ECHO = 2;
/** `STUB_THROW_PREFILTER` (structure.ts). */
export const STUB_THROW = 4;
/** `MOCK_IDENTIFIER` (structure.ts). */
export const MOCK = 8;
/** `isGeneratedText` (languages.ts), which reads the first `GENERATED_HEAD` characters. */
export const GENERATED = 16;
export const GENERATED_HEAD = GENERATED_HEAD_CHARS;

export const FILE_STEMS = new StemScanner([
  ...PHRASE_STEMS.map((stem) => ({ ...stem, groups: PHRASE })),
  ...['response', 'answer', 'reply', 'echo', 'you said', 'you asked', 'received', 'processed'].map((text) => ({ text, wordStart: true, wordEnd: true, groups: ECHO })),
  ...['implement', 'todo', 'stub'].map((text) => ({ text, groups: STUB_THROW })),
  ...['mock', 'fake', 'dummy'].map((text) => ({ text, wordStart: true, groups: MOCK })),
  ...['generated', 'do not edit'].map((text) => ({ text, groups: GENERATED })),
]);

export interface FileStems extends StemHits {
  /** Offsets of the phrase stems. */
  phrases: number[];
  /** A generated-file stem within the head that `isGeneratedText` reads. */
  generatedInHead: boolean;
}

export function fileStems(text: string): FileStems {
  const hits = FILE_STEMS.scan(text);
  const phrases: number[] = [];
  let generatedInHead = false;
  for (let i = 0; i < hits.positions.length; i++) {
    const groups = hits.groups[i] as number;
    const at = hits.positions[i] as number;
    if (groups & PHRASE) phrases.push(at);
    if (groups & GENERATED && at < GENERATED_HEAD) generatedInHead = true;
  }
  return { ...hits, phrases, generatedInHead };
}
