import { useEffect, useMemo, useState } from 'react';
import { filterNotes } from './filterNotes';
import { NoteForm } from './NoteForm';
import { createNote, deleteNote, fetchNotes, type Note, type NoteInput } from './notesApi';

type Loaded = { state: 'loading' } | { state: 'failed'; message: string } | { state: 'ready'; notes: Note[] };

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The team's notes, newest first, with a form to add one, a search box and a delete button per note. */
export function NotesBoard() {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [search, setSearch] = useState('');
  const [actionFailure, setActionFailure] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    fetchNotes(controller.signal).then(
      (notes) => setLoaded({ state: 'ready', notes }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, []);

  const notes = loaded.state === 'ready' ? loaded.notes : [];
  const visible = useMemo(() => filterNotes(notes, search), [notes, search]);

  async function add(input: NoteInput): Promise<Note> {
    const note = await createNote(input);
    setLoaded((current) => (current.state === 'ready' ? { state: 'ready', notes: [note, ...current.notes] } : current));
    return note;
  }

  async function remove(note: Note) {
    setActionFailure(undefined);
    try {
      await deleteNote(note.id);
      setLoaded((current) => (current.state === 'ready' ? { state: 'ready', notes: current.notes.filter((n) => n.id !== note.id) } : current));
    } catch (error) {
      setActionFailure(`"${note.title}" could not be deleted: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return (
    <main className="notes-board">
      <h1>Team Notes</h1>
      <NoteForm onCreate={add} />

      <label htmlFor="note-search">Search</label>
      <input id="note-search" type="search" value={search} onChange={(event) => setSearch(event.target.value)} />

      {actionFailure && (
        <p role="alert" className="failure">
          {actionFailure}
        </p>
      )}
      {loaded.state === 'loading' && <p aria-live="polite">Loading notes…</p>}
      {loaded.state === 'failed' && (
        <p role="alert" className="failure">
          The notes could not be loaded: {loaded.message}
        </p>
      )}
      {loaded.state === 'ready' && notes.length === 0 && <p>No notes yet. Add the first one above.</p>}
      {loaded.state === 'ready' && notes.length > 0 && visible.length === 0 && <p>No notes match “{search.trim()}”.</p>}

      <ul className="notes">
        {visible.map((note) => (
          <li key={note.id} className="note">
            <h2>{note.title}</h2>
            {note.body && <p>{note.body}</p>}
            <footer>
              <time dateTime={note.createdAt}>{dateFormat.format(new Date(note.createdAt))}</time>
              <button type="button" onClick={() => void remove(note)} aria-label={`Delete "${note.title}"`}>
                Delete
              </button>
            </footer>
          </li>
        ))}
      </ul>
    </main>
  );
}
