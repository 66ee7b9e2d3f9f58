import { ChatProviderError } from './chatProvider';

/** Every configured key was refused (401/403): no call can succeed, so the run stops rather than retries. */
export class ApiKeyRejectedError extends ChatProviderError {
  readonly stopsRun = true;

  constructor(message: string, status: number) {
    super(message, status, false);
    this.name = 'ApiKeyRejectedError';
  }
}
