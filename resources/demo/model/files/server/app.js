import { createServer } from 'node:http';
import { validateNote } from './validateNote.js';

export const MAX_BODY_BYTES = 10 * 1024;

/**
 * The Team Notes HTTP API over a notes store.
 *
 * @param {ReturnType<typeof import('./notesStore.js').createNotesStore>} store
 * @returns {import('node:http').Server} a server that is not listening yet
 */
export function createApp(store) {
  return createServer((request, response) => {
    route(store, request, response).catch((error) => {
      if (error instanceof HttpError) {
        sendJson(response, error.status, { error: error.message }, error.headers);
      } else {
        console.error(error);
        sendJson(response, 500, { error: 'the server could not handle the request' });
      }
    });
  });
}

async function route(store, request, response) {
  const { pathname } = new URL(request.url ?? '/', 'http://localhost');

  if (pathname === '/api/notes') {
    if (request.method === 'GET') return sendJson(response, 200, await store.list());
    if (request.method === 'POST') {
      const result = validateNote(await readJsonBody(request));
      if ('errors' in result) return sendJson(response, 400, { errors: result.errors });
      return sendJson(response, 201, await store.add(result.value));
    }
    throw new HttpError(405, `${request.method} is not allowed on ${pathname}`, { allow: 'GET, POST' });
  }

  const noteRoute = /^\/api\/notes\/([^/]+)$/.exec(pathname);
  if (noteRoute) {
    if (request.method !== 'DELETE') throw new HttpError(405, `${request.method} is not allowed on ${pathname}`, { allow: 'DELETE' });
    const id = decodeURIComponent(noteRoute[1]);
    if (!(await store.remove(id))) throw new HttpError(404, `there is no note with id ${id}`);
    response.writeHead(204).end();
    return;
  }

  throw new HttpError(404, `there is no route for ${request.method} ${pathname}`);
}

async function readJsonBody(request) {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'send the note as application/json');
  const chunks = [];
  let size = 0;
  // Reads the whole body even when it is too large, so the client receives the 413 answer
  // instead of a reset connection.
  for await (const chunk of request) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) throw new HttpError(413, `the request body is larger than ${MAX_BODY_BYTES} bytes`);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the request body is not valid JSON');
  }
}

function sendJson(response, status, value, headers = {}) {
  const body = JSON.stringify(value);
  response
    .writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) })
    .end(body);
}

/** A failure the client caused, answered with its status code and a JSON `{ error }`. */
class HttpError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.status = status;
    this.headers = headers;
  }
}
