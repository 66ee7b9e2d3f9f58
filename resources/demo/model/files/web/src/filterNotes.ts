import type { Note } from './notesApi';

/**
 * The notes whose title or body contains every word of `search`, ignoring case, in their original
 * order. An empty or blank search keeps every note.
 */
export function filterNotes(notes: readonly Note[], search: string): Note[] {
  const words = search.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...notes];
  return notes.filter((note) => {
    const text = `${note.title}\n${note.body}`.toLocaleLowerCase();
    return words.every((word) => text.includes(word));
  });
}
