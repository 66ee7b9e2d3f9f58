import { useState, type FormEvent } from 'react';
import { NoteValidationError, type Note, type NoteInput } from './notesApi';

interface NoteFormProps {
  onCreate(input: NoteInput): Promise<Note>;
}

/** Title and body fields that create a note; the API's field errors are shown next to the fields. */
export function NoteForm({ onCreate }: NoteFormProps) {
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setFieldErrors({});
    setFailure(undefined);
    try {
      await onCreate({ title, body });
      setTitle('');
      setBody('');
    } catch (error) {
      if (error instanceof NoteValidationError) setFieldErrors(error.fieldErrors);
      else setFailure(error instanceof Error ? error.message : String(error));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form className="note-form" onSubmit={(event) => void submit(event)} noValidate>
      <label htmlFor="note-title">Title</label>
      <input
        id="note-title"
        value={title}
        maxLength={120}
        onChange={(event) => setTitle(event.target.value)}
        aria-invalid={fieldErrors.title ? true : undefined}
        aria-describedby={fieldErrors.title ? 'note-title-error' : undefined}
      />
      {fieldErrors.title && (
        <p id="note-title-error" className="field-error">
          {fieldErrors.title}
        </p>
      )}

      <label htmlFor="note-body">Note</label>
      <textarea
        id="note-body"
        value={body}
        rows={4}
        onChange={(event) => setBody(event.target.value)}
        aria-invalid={fieldErrors.body ? true : undefined}
        aria-describedby={fieldErrors.body ? 'note-body-error' : undefined}
      />
      {fieldErrors.body && (
        <p id="note-body-error" className="field-error">
          {fieldErrors.body}
        </p>
      )}

      {failure && (
        <p role="alert" className="failure">
          {failure}
        </p>
      )}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving…' : 'Add note'}
      </button>
    </form>
  );
}
