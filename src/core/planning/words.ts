/** Lower-case word stems of a text, for keyword classification. Deterministic and deliberately simple. */
export function wordStems(text: string): string[] {
  const words = text.toLowerCase().replace(/['’]s\b/g, '').match(/[a-z0-9][a-z0-9+#.]*/g) ?? [];
  return words.map((w) => stem(w.replace(/\.+$/, '')));
}

export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4 && !word.endsWith('eed')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** A keyword or phrase as a list of stems ("unit test" → ["unit", "test"]). */
export function phraseStems(phrase: string): string[] {
  return wordStems(phrase.replace(/[-_/]/g, ' '));
}
