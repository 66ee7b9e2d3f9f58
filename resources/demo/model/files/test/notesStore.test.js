// DEMO-5: the tests of the notes store (DEMO-1), run with `npm test`.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { createNotesStore } from '../server/notesStore.js';

describe('DEMO-1 notes store', () => {
  let dir;
  let file;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'team-notes-store-'));
    file = path.join(dir, 'data', 'notes.json');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('has no notes while the file does not exist', async () => {
    assert.deepEqual(await createNotesStore(file).list(), []);
  });

  it('keeps notes across a restart, newest first', async () => {
    const first = createNotesStore(file);
    const older = await first.add({ title: 'Standup moved', body: 'Now at 9:30.' });
    const newer = await first.add({ title: 'Release', body: '' });

    const restarted = createNotesStore(file);
    assert.deepEqual(await restarted.list(), [newer, older]);
    assert.match(older.id, /^[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(older.createdAt)), 'createdAt is an ISO 8601 timestamp');
  });

  it('leaves no temporary file behind', async () => {
    const store = createNotesStore(file);
    await store.add({ title: 'One', body: '' });
    await store.add({ title: 'Two', body: '' });
    assert.deepEqual(await readdir(path.dirname(file)), ['notes.json']);
    assert.equal(JSON.parse(await readFile(file, 'utf8')).length, 2);
  });

  it('applies concurrent changes one at a time', async () => {
    const store = createNotesStore(file);
    const titles = Array.from({ length: 25 }, (_, i) => `Note ${i + 1}`);
    await Promise.all(titles.map((title) => store.add({ title, body: '' })));

    const stored = JSON.parse(await readFile(file, 'utf8'));
    assert.deepEqual(stored.map((note) => note.title), titles);
    assert.equal(new Set(stored.map((note) => note.id)).size, titles.length);
  });

  it('deletes a note and reports an unknown id', async () => {
    const store = createNotesStore(file);
    const kept = await store.add({ title: 'Keep', body: '' });
    const dropped = await store.add({ title: 'Drop', body: '' });

    assert.equal(await store.remove(dropped.id), true);
    assert.equal(await store.remove(dropped.id), false);
    assert.deepEqual(await createNotesStore(file).list(), [kept]);
  });

  it('names a file that does not hold notes', async () => {
    await writeFile(path.join(dir, 'broken.json'), '{ "notes": ', 'utf8');
    await writeFile(path.join(dir, 'object.json'), '{ "notes": [] }', 'utf8');

    await assert.rejects(createNotesStore(path.join(dir, 'broken.json')).list(), /broken\.json is not valid JSON/);
    await assert.rejects(createNotesStore(path.join(dir, 'object.json')).list(), /object\.json does not hold a JSON array of notes/);
  });
});
