import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * The team's notes, kept in one JSON file.
 *
 * Every change rewrites the whole file atomically: the new content goes to a temporary file that is
 * then renamed over the old one, so a crash never leaves half a file behind. Changes run one at a
 * time, in the order they were asked for, so concurrent requests never overwrite each other.
 *
 * @param {string} file path of the JSON file (created with its folder on the first change)
 */
export function createNotesStore(file) {
  /** @type {Note[] | undefined} */
  let notes;
  let pending = Promise.resolve();
  let temporaryCount = 0;

  async function load() {
    if (notes) return notes;
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if (error.code === 'ENOENT') return (notes = []);
      throw error;
    }
    let data;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new Error(`${file} is not valid JSON: ${error.message}`);
    }
    if (!Array.isArray(data) || !data.every(isNote)) throw new Error(`${file} does not hold a JSON array of notes`);
    return (notes = data);
  }

  async function save(next) {
    await mkdir(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${++temporaryCount}.tmp`;
    await writeFile(temporary, `${JSON.stringify(next, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
    notes = next;
  }

  /** Runs `change` after every change asked for before it, whether those succeeded or not. */
  function oneAtATime(change) {
    const result = pending.then(change);
    pending = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  return {
    /** All notes, newest first. */
    async list() {
      return [...(await load())].reverse();
    },

    /** Stores a new note; `title` and `body` must already be validated. */
    add({ title, body }) {
      return oneAtATime(async () => {
        const note = { id: randomUUID(), title, body, createdAt: new Date().toISOString() };
        await save([...(await load()), note]);
        return note;
      });
    },

    /** Deletes a note; false when there is no note with that id. */
    remove(id) {
      return oneAtATime(async () => {
        const current = await load();
        const next = current.filter((note) => note.id !== id);
        if (next.length === current.length) return false;
        await save(next);
        return true;
      });
    },
  };
}

function isNote(value) {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof value.id === 'string' &&
    typeof value.title === 'string' &&
    typeof value.body === 'string' &&
    typeof value.createdAt === 'string'
  );
}

/** @typedef {{ id: string; title: string; body: string; createdAt: string }} Note */
