/**
 * The keys of one endpoint in rotation order. A key the server rejects (401) is set aside for the rest
 * of the process's use of this ring; the next one takes over.
 */
export class ApiKeyRing {
  private readonly rejected = new Set<string>();

  constructor(private readonly keys: readonly string[]) {}

  get all(): readonly string[] {
    return this.keys;
  }

  /** The key to use now, or undefined when every key was rejected. */
  current(): string | undefined {
    return this.keys.find((key) => !this.rejected.has(key));
  }

  /** Sets `key` aside; true while another key is left to try. Safe when several calls reject the same key at once. */
  reject(key: string): boolean {
    this.rejected.add(key);
    return this.current() !== undefined;
  }
}
