/**
 * Finds the first of many literal stems in a text, case-insensitively (ASCII case folding, as a
 * non-Unicode `/i` regular expression does), in one pass over the text. V8 runs a long `/i`
 * alternation at every position of the text; this looks at each pair of characters once and
 * compares a stem only where its first two characters are, which is several times cheaper on
 * source files where most positions start no stem.
 */

export interface Stem {
  /** The literal, matched case-insensitively. At least two characters unless its first is non-ASCII. */
  text: string;
  /** The character before must not be a word character (`\b` before a word). */
  wordStart?: boolean;
  /** The character after must not be a word character (`\b` after a word). */
  wordEnd?: boolean;
  /** A further test on what follows the stem (`end` is the offset just after it). */
  followedBy?: (text: string, end: number) => boolean;
  /** Bit set of the groups the stem belongs to (default 1), so one pass can serve several filters. */
  groups?: number;
}

/** Where stems occur: offsets in order, the groups of the stems found at each, and the union of all groups. */
export interface StemHits {
  positions: number[];
  groups: number[];
  all: number;
}

const LOWER = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOWER[c] = c >= 65 && c <= 90 ? c + 32 : c;

function caseVariants(lower: number): number[] {
  return lower >= 97 && lower <= 122 ? [lower, lower - 32] : [lower];
}

function isWordChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

interface CompiledStem {
  codes: Uint8Array;
  stem: Stem;
}

export class StemScanner {
  /** Bucket number (index into `buckets`, 0 = none) per folded pair of ASCII characters. */
  private readonly pairs = new Uint16Array(128 * 128);
  private readonly buckets: CompiledStem[][] = [[]];
  /** Per bucket, a 128-bit set of the characters that may follow its pair (any, for a two-character stem). */
  private thirds = new Uint32Array(4 * 64);
  /** Stems whose first character is not ASCII, by that character. */
  private readonly wide = new Map<number, Stem[]>();

  constructor(stems: readonly Stem[]) {
    for (const stem of stems) {
      const first = stem.text.charCodeAt(0);
      if (first >= 128) {
        this.wide.set(first, [...(this.wide.get(first) ?? []), stem]);
        continue;
      }
      if (stem.text.length < 2) throw new Error(`stem "${stem.text}" needs at least two characters`);
      const codes = new Uint8Array(stem.text.length);
      for (let i = 0; i < stem.text.length; i++) {
        const code = stem.text.charCodeAt(i);
        if (code >= 128) throw new Error(`stem "${stem.text}" mixes ASCII and other characters`);
        codes[i] = LOWER[code] as number;
      }
      const compiled = { codes, stem };
      // Every case variant of the first two characters points at the stem: no folding in the hot loop.
      for (const c0 of caseVariants(codes[0] as number)) {
        for (const c1 of caseVariants(codes[1] as number)) {
          const key = (c0 << 7) | c1;
          let bucket = this.pairs[key] as number;
          if (bucket === 0) {
            bucket = this.buckets.length;
            this.buckets.push([]);
            this.pairs[key] = bucket;
          }
          (this.buckets[bucket] as CompiledStem[]).push(compiled);
          this.allowThird(bucket, codes.length > 2 ? caseVariants(codes[2] as number) : undefined);
        }
      }
    }
  }

  private allowThird(bucket: number, codes: number[] | undefined): void {
    if (this.thirds.length < 4 * (bucket + 1)) {
      const grown = new Uint32Array(this.thirds.length * 2);
      grown.set(this.thirds);
      this.thirds = grown;
    }
    for (let word = 0; word < 4; word++) {
      let bits = 0;
      for (const c of codes ?? []) if (c >> 5 === word) bits |= 1 << (c & 31);
      this.thirds[4 * bucket + word] = ((this.thirds[4 * bucket + word] as number) | (codes ? bits : -1)) >>> 0;
    }
  }

  /** Every offset at which a stem occurs, in one pass over the text. */
  scan(text: string): StemHits {
    const hits: StemHits = { positions: [], groups: [], all: 0 };
    for (let at = this.next(text, 0, -1); at !== -1; at = this.next(text, at + 1, -1)) {
      const groups = this.groupsAt(text, at);
      hits.positions.push(at);
      hits.groups.push(groups);
      hits.all |= groups;
    }
    return hits;
  }

  /** The offset of the first stem (of one of the groups in `mask`) at or after `from`, or -1. */
  find(text: string, from = 0, mask = -1): number {
    return this.next(text, from, mask);
  }

  /** The union of the groups of the stems that occur at `at`. */
  groupsAt(text: string, at: number): number {
    const c0 = text.charCodeAt(at);
    if (c0 >= 128) return this.wideGroups(text, at, c0);
    const c1 = at + 1 < text.length ? text.charCodeAt(at + 1) : 0;
    if (c1 >= 128) return 0;
    const bucket = this.pairs[(c0 << 7) | c1] as number;
    return bucket === 0 ? 0 : this.bucketGroups(text, at, bucket, -1);
  }

  private next(text: string, from: number, mask: number): number {
    const n = text.length;
    const pairs = this.pairs;
    const thirds = this.thirds;
    let next = from < n ? text.charCodeAt(from) : 0;
    for (let i = from; i < n; i++) {
      const c0 = next;
      next = i + 1 < n ? text.charCodeAt(i + 1) : 0;
      if ((c0 | next) >= 128) {
        if (c0 >= 128 && this.wide.size > 0 && (this.wideGroups(text, i, c0) & mask) !== 0) return i;
        continue;
      }
      const bucket = pairs[(c0 << 7) | next] as number;
      if (bucket === 0) continue;
      const c2 = i + 2 < n ? text.charCodeAt(i + 2) : 0;
      if (c2 < 128 && ((thirds[4 * bucket + (c2 >> 5)] as number) & (1 << (c2 & 31))) === 0) continue;
      if (this.bucketGroups(text, i, bucket, mask) !== 0) return i;
    }
    return -1;
  }

  /** The groups (within `mask`) of the stems of a bucket that occur at `at`. */
  private bucketGroups(text: string, at: number, bucket: number, mask: number): number {
    const n = text.length;
    let found = 0;
    for (const { codes, stem } of this.buckets[bucket] as CompiledStem[]) {
      const groups = (stem.groups ?? 1) & mask;
      if ((groups & ~found) === 0) continue;
      const end = at + codes.length;
      if (end > n) continue;
      let k = 2;
      for (; k < codes.length; k++) {
        const c = text.charCodeAt(at + k);
        if (c >= 128 || LOWER[c] !== codes[k]) break;
      }
      if (k === codes.length && this.accepts(stem, text, at, end)) found |= groups;
    }
    return found;
  }

  private wideGroups(text: string, at: number, first: number): number {
    let found = 0;
    for (const stem of this.wide.get(first) ?? []) {
      const end = at + stem.text.length;
      if (text.slice(at, end).toLowerCase() === stem.text.toLowerCase() && this.accepts(stem, text, at, end)) found |= stem.groups ?? 1;
    }
    return found;
  }

  private accepts(stem: Stem, text: string, at: number, end: number): boolean {
    if (stem.wordStart && at > 0 && isWordChar(text.charCodeAt(at - 1))) return false;
    if (stem.wordEnd && end < text.length && isWordChar(text.charCodeAt(end))) return false;
    return !stem.followedBy || stem.followedBy(text, end);
  }
}
