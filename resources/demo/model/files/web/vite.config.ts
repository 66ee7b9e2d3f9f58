import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The board calls the API with relative URLs; during development Vite forwards them to the
// Node server started with `npm start` in the project root.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
