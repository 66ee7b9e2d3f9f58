import { readFileSync } from 'node:fs';
import { resourcePath } from '../resources';

/** The name the demo model answers as; shown in the progress output and in the report. */
export const DEMO_MODEL = 'swarm-demo-model';

/** The folder under `resources/demo/` that holds the demo model's answers (never copied to a workspace). */
export const DEMO_MODEL_FOLDER = 'model';

/**
 * Stands for the task that takes no requirement: the architect's design of the whole project, which
 * the planner schedules before everyone else.
 */
export const DESIGN_TASK = 'design';

/** One file the demo model writes. */
export interface DemoFile {
  /** Workspace-relative path; the content is `resources/demo/model/files/<path>`. */
  path: string;
  /** The requirement whose task writes the file, or DESIGN_TASK. */
  owner: string;
  /** The requirement IDs the file implements (only the task's assigned ones are claimed). */
  implements: string[];
  /** What the file is, for the model's narration and summary. */
  description: string;
  /**
   * The scripted failure: the first attempt writes `resources/demo/model/first-attempt/<path>`
   * instead, a stub that validation rejects, and the retry writes the real file.
   */
  stubOnFirstAttempt?: boolean;
}

/** The files of the Team Notes app, in the order each task writes them. */
export const DEMO_FILES: readonly DemoFile[] = [
  {
    path: 'docs/architecture.md',
    owner: DESIGN_TASK,
    implements: [],
    description: 'the architecture: components and their folders, the data model, the HTTP routes, settings and commands',
  },
  {
    path: 'server/notesStore.js',
    owner: 'DEMO-1',
    implements: ['DEMO-1'],
    description: 'the notes store: a JSON file rewritten atomically, one change at a time',
    stubOnFirstAttempt: true,
  },
  { path: 'server/validateNote.js', owner: 'DEMO-2', implements: ['DEMO-2'], description: 'the validation rules of a note, one message per invalid field' },
  { path: 'server/app.js', owner: 'DEMO-2', implements: ['DEMO-2'], description: 'the HTTP routes GET/POST /api/notes and DELETE /api/notes/:id with their status codes' },
  { path: 'server/main.js', owner: 'DEMO-2', implements: [], description: 'the entry point that reads PORT and NOTES_FILE and starts the API' },
  { path: 'package.json', owner: 'DEMO-2', implements: [], description: 'the project manifest with the start and test scripts' },
  { path: 'web/package.json', owner: 'DEMO-3', implements: [], description: 'the board’s manifest: React, Vite and TypeScript' },
  { path: 'web/tsconfig.json', owner: 'DEMO-3', implements: [], description: 'strict TypeScript settings for the board' },
  { path: 'web/vite.config.ts', owner: 'DEMO-3', implements: [], description: 'the Vite configuration that forwards /api to the Node server' },
  { path: 'web/index.html', owner: 'DEMO-3', implements: [], description: 'the page that loads the board' },
  { path: 'web/src/notesApi.ts', owner: 'DEMO-3', implements: ['DEMO-3'], description: 'the typed API client with field errors and network failures as errors' },
  { path: 'web/src/NoteForm.tsx', owner: 'DEMO-3', implements: ['DEMO-3'], description: 'the form with labelled fields that shows the API’s field errors' },
  { path: 'web/src/filterNotes.ts', owner: 'DEMO-4', implements: ['DEMO-4'], description: 'the search: every word must appear in the title or the body, ignoring case' },
  { path: 'web/src/NotesBoard.tsx', owner: 'DEMO-3', implements: ['DEMO-3', 'DEMO-4'], description: 'the board: loading and failure states, the list newest first, search and delete' },
  { path: 'web/src/main.tsx', owner: 'DEMO-3', implements: [], description: 'renders the board into the page' },
  { path: 'web/src/notes.css', owner: 'DEMO-3', implements: [], description: 'the board’s styles' },
  { path: 'test/notesStore.test.js', owner: 'DEMO-5', implements: ['DEMO-5', 'DEMO-1'], description: 'tests of the store: restart, atomic writes, concurrency, corrupt files' },
  { path: 'test/api.test.js', owner: 'DEMO-5', implements: ['DEMO-5', 'DEMO-2'], description: 'tests of every status code of the API on a server started on port 0' },
  { path: 'README.md', owner: 'DEMO-6', implements: ['DEMO-6'], description: 'the README: setup, running, testing and the project layout' },
  { path: 'docs/api.md', owner: 'DEMO-6', implements: ['DEMO-6'], description: 'the API reference with a curl example per route' },
];

export const DEMO_REQUIREMENT_IDS: readonly string[] = ['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4', 'DEMO-5', 'DEMO-6'];

/** What each task reads before writing (when the file is in the workspace), by requirement or DESIGN_TASK. */
export const DEMO_READS: Readonly<Record<string, readonly string[]>> = {
  [DESIGN_TASK]: ['REQUIREMENTS.md'],
  'DEMO-1': ['docs/architecture.md'],
  'DEMO-2': ['docs/architecture.md', 'server/notesStore.js'],
  // The board is built against the architecture's API contract, alongside the API itself.
  'DEMO-3': ['docs/architecture.md'],
  'DEMO-4': [],
  'DEMO-5': ['server/notesStore.js', 'server/app.js', 'server/validateNote.js', 'package.json'],
  'DEMO-6': ['docs/architecture.md', 'package.json', 'server/app.js', 'web/src/NotesBoard.tsx'],
};

/** The keys of DEMO_FILES' owners and DEMO_READS a task works on: its requirements, or the design. */
export function taskKeys(assigned: readonly string[]): string[] {
  return assigned.length ? [...assigned] : [DESIGN_TASK];
}

const contents = new Map<string, string>();

/** The content of a demo file as the model writes it: the real one, or the first attempt's stub. */
export function demoFileContent(file: DemoFile, variant: 'final' | 'first-attempt' = 'final'): string {
  const folder = variant === 'first-attempt' && file.stubOnFirstAttempt ? 'first-attempt' : 'files';
  const key = `${folder}/${file.path}`;
  let text = contents.get(key);
  if (text === undefined) {
    text = readFileSync(resourcePath('demo', DEMO_MODEL_FOLDER, folder, ...file.path.split('/')), 'utf8');
    contents.set(key, text);
  }
  return text;
}
