import path from 'node:path';
import { createApp } from './app.js';
import { createNotesStore } from './notesStore.js';

const port = Number(process.env.PORT ?? 3000);
const notesFile = path.resolve(process.env.NOTES_FILE ?? 'data/notes.json');

const server = createApp(createNotesStore(notesFile));
server.listen(port, () => {
  console.log(`Team Notes API on http://localhost:${port}/api/notes (notes kept in ${notesFile})`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
