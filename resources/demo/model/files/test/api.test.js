// DEMO-5: the tests of the notes API (DEMO-2) on a server started on port 0, run with `npm test`.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../server/app.js';
import { createNotesStore } from '../server/notesStore.js';

describe('DEMO-2 notes API', () => {
  let dir;
  let file;
  let server;
  let baseUrl;

  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'team-notes-api-'));
    file = path.join(dir, 'notes.json');
    server = createApp(createNotesStore(file));
    await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${server.address().port}`;
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  const post = (body, contentType = 'application/json') =>
    fetch(`${baseUrl}/api/notes`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });

  it('lists no notes at first', async () => {
    const response = await fetch(`${baseUrl}/api/notes`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type'), /^application\/json/);
    assert.deepEqual(await response.json(), []);
  });

  it('creates notes, stores them in the file and lists them newest first', async () => {
    const first = await post({ title: '  Retro notes  ', body: 'Keep the demo short.' });
    assert.equal(first.status, 201);
    const created = await first.json();
    assert.equal(created.title, 'Retro notes');
    assert.equal(created.body, 'Keep the demo short.');
    assert.equal(typeof created.id, 'string');

    const second = await (await post({ title: 'Lunch' })).json();
    assert.equal(second.body, '');

    const listed = await (await fetch(`${baseUrl}/api/notes`)).json();
    assert.deepEqual(
      listed.slice(0, 2).map((note) => note.id),
      [second.id, created.id],
    );
    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.ok(stored.some((note) => note.id === created.id));
  });

  it('answers 400 with one message per invalid field', async () => {
    const response = await post({ title: '   ', body: 'x'.repeat(2001), pinned: true });
    assert.equal(response.status, 400);
    const { errors } = await response.json();
    assert.deepEqual(Object.keys(errors).sort(), ['body', 'pinned', 'title']);
  });

  it('refuses a title longer than 120 characters and a missing title', async () => {
    assert.equal((await post({ title: 't'.repeat(121) })).status, 400);
    const missing = await post({ body: 'no title' });
    assert.equal(missing.status, 400);
    assert.equal((await missing.json()).errors.title, 'a title is required');
  });

  it('answers 400 for a body that is not JSON and 415 for another content type', async () => {
    const broken = await post('{ "title": ');
    assert.equal(broken.status, 400);
    assert.equal((await broken.json()).error, 'the request body is not valid JSON');
    assert.equal((await post('title=Hello', 'application/x-www-form-urlencoded')).status, 415);
  });

  it('answers 413 for a body larger than 10 kB', async () => {
    const response = await post({ title: 'Big', body: 'x'.repeat(11 * 1024) });
    assert.equal(response.status, 413);
  });

  it('deletes a note, then answers 404 for it', async () => {
    const note = await (await post({ title: 'Temporary' })).json();
    const url = `${baseUrl}/api/notes/${note.id}`;
    assert.equal((await fetch(url, { method: 'DELETE' })).status, 204);
    const again = await fetch(url, { method: 'DELETE' });
    assert.equal(again.status, 404);
    assert.match((await again.json()).error, new RegExp(note.id));
  });

  it('answers 404 with a JSON error for unknown routes and 405 for other methods', async () => {
    const unknown = await fetch(`${baseUrl}/api/users`);
    assert.equal(unknown.status, 404);
    assert.equal(typeof (await unknown.json()).error, 'string');
    const put = await fetch(`${baseUrl}/api/notes`, { method: 'PUT' });
    assert.equal(put.status, 405);
    assert.equal(put.headers.get('allow'), 'GET, POST');
  });
});
