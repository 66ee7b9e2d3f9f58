import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { SwarmInputError } from '../errors';
import { decodeRequirementsBytes } from './decodeText';
import { parseRequirementsText } from './parseRequirements';
import { RequirementsError } from './problem';
import type { RequirementsDocument } from './requirement';

/**
 * Reads and parses the requirements file (`file` is workspace-relative or absolute). Any problem is a
 * `RequirementsError` (a SwarmInputError, exit 2) naming file and line; it reads only, so nothing in the
 * workspace changes. `source.file` of each requirement is workspace-relative with `/` separators.
 */
export async function loadRequirements(workspace: string, file: string): Promise<RequirementsDocument> {
  const absolute = path.resolve(workspace, file);
  const shown = displayPath(workspace, absolute);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(absolute);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message;
    throw new SwarmInputError(`cannot read the requirements file ${shown}: ${why}`);
  }
  const decoded = decodeRequirementsBytes(bytes);
  if ('problem' in decoded) {
    const { line, column, message } = decoded.problem;
    throw new RequirementsError(shown, [{ line, column, endLine: line, endColumn: column + 1, message, severity: 'error' }]);
  }
  const { document, problems } = parseRequirementsText(shown, decoded.text);
  if (problems.some((p) => p.severity === 'error')) throw new RequirementsError(shown, problems);
  return document;
}

function displayPath(workspace: string, absolute: string): string {
  const relative = path.relative(path.resolve(workspace), absolute);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : absolute;
}
