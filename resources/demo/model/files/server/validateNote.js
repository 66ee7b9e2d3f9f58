export const TITLE_MAX_LENGTH = 120;
export const BODY_MAX_LENGTH = 2000;

/**
 * Checks a note sent by a client.
 *
 * @param {unknown} input the parsed JSON body
 * @returns {{ value: { title: string; body: string } } | { errors: Record<string, string> }}
 *   the trimmed note, or one message per invalid field
 */
export function validateNote(input) {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { errors: { note: 'send a JSON object with a "title" and an optional "body"' } };
  }
  /** @type {Record<string, string>} */
  const errors = {};
  const title = typeof input.title === 'string' ? input.title.trim() : undefined;
  if (title === undefined) errors.title = 'a title is required';
  else if (title.length === 0) errors.title = 'the title must not be empty';
  else if (title.length > TITLE_MAX_LENGTH) errors.title = `the title must be at most ${TITLE_MAX_LENGTH} characters`;

  const body = input.body ?? '';
  if (typeof body !== 'string') errors.body = 'the body must be text';
  else if (body.trim().length > BODY_MAX_LENGTH) errors.body = `the body must be at most ${BODY_MAX_LENGTH} characters`;

  for (const field of Object.keys(input)) {
    if (field !== 'title' && field !== 'body') errors[field] = `unknown field "${field}"`;
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { value: { title, body: body.trim() } };
}
