import * as vscode from 'vscode';
import { SwarmInputError } from '../../core/errors';

/** The workspace has no requirements document at the configured path: offer to create one or run the demo. */
export class MissingRequirementsError extends SwarmInputError {
  constructor(readonly file: string) {
    super(vscode.l10n.t('There is no requirements document at {0}. Create one from the template, point the setting swarm.requirementsFile at yours, or run the demo.', file));
    this.name = 'MissingRequirementsError';
  }
}
