/** The host (and port) of a URL, for logs: webhook paths and SMTP URLs often carry credentials. */
export function urlHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'invalid URL';
  }
}
