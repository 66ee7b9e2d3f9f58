import { StrictMode } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { NotesBoard } from './NotesBoard';
import './notes.css';

/** Renders the board into `element`; returns the React root (to unmount it in tests or embeddings). */
export function mountNotesBoard(element: HTMLElement): Root {
  const root = createRoot(element);
  root.render(
    <StrictMode>
      <NotesBoard />
    </StrictMode>,
  );
  return root;
}

const element = document.getElementById('root');
if (!element) throw new Error('index.html has no #root element');
mountNotesBoard(element);
