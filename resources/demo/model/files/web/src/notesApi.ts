export interface Note {
  id: string;
  title: string;
  body: string;
  createdAt: string;
}

export interface NoteInput {
  title: string;
  body: string;
}

/** The API refused a note: one message per invalid field, as `POST /api/notes` answers with 400. */
export class NoteValidationError extends Error {
  constructor(readonly fieldErrors: Record<string, string>) {
    super(Object.values(fieldErrors).join('; '));
    this.name = 'NoteValidationError';
  }
}

/** Any other failure of the API, with the HTTP status when there was an answer. */
export class NotesApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'NotesApiError';
  }
}

export async function fetchNotes(signal?: AbortSignal): Promise<Note[]> {
  const response = await request('/api/notes', { signal });
  return (await response.json()) as Note[];
}

export async function createNote(input: NoteInput): Promise<Note> {
  const response = await request('/api/notes', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return (await response.json()) as Note;
}

export async function deleteNote(id: string): Promise<void> {
  await request(`/api/notes/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

async function request(url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new NotesApiError('The notes server cannot be reached. Is it running?');
  }
  if (response.ok) return response;
  const answer = (await response.json().catch(() => ({}))) as { error?: string; errors?: Record<string, string> };
  if (response.status === 400 && answer.errors) throw new NoteValidationError(answer.errors);
  throw new NotesApiError(answer.error ?? `The server answered ${response.status} ${response.statusText}.`, response.status);
}
