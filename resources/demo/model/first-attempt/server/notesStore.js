import { readFile } from 'node:fs/promises';

/**
 * The team's notes, kept in one JSON file.
 *
 * @param {string} file path of the JSON file
 */
export function createNotesStore(file) {
  return {
    /** All notes, newest first. */
    async list() {
      try {
        return JSON.parse(await readFile(file, 'utf8')).reverse();
      } catch (error) {
        if (error.code === 'ENOENT') return [];
        throw error;
      }
    },

    /** Stores a new note. */
    async add({ title, body }) {
      // TODO: implement atomic writes to the notes file
      throw new Error('Not implemented');
    },

    /** Deletes a note; false when there is no note with that id. */
    async remove(id) {
      // TODO: implement
      throw new Error('Not implemented');
    },
  };
}
