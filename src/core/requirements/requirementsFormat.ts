import * as path from 'node:path';

export type RequirementsFormat = 'markdown' | 'yaml' | 'json';

/** SPEC §2: `.yaml`/`.yml` and `.json` by extension; everything else is Markdown. */
export function requirementsFormatOf(file: string): RequirementsFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.yaml' || extension === '.yml') return 'yaml';
  if (extension === '.json') return 'json';
  return 'markdown';
}
