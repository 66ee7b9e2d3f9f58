/**
 * Inline suppressions, in any comment syntax:
 *   swarm-ignore-next-line empty-body, todo-marker   (the next non-blank line)
 *   swarm-ignore-line mock-data                      (this line)
 *   swarm-ignore-file                                (the whole file)
 * Without rule ids, every rule is suppressed there.
 */
export interface Suppressions {
  /** 1-based line → suppressed rule ids ('*' for all). */
  byLine: Map<number, Set<string>>;
  file: Set<string>;
}

const DIRECTIVE = /swarm-ignore-(next-line|line|file)\b[ \t]*([A-Za-z][\w-]*(?:[ \t]*,[ \t]*[A-Za-z][\w-]*)*)?/g;

export function parseSuppressions(text: string): Suppressions {
  const result: Suppressions = { byLine: new Map(), file: new Set() };
  if (!text.includes('swarm-ignore')) return result;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    if (!line.includes('swarm-ignore')) return;
    DIRECTIVE.lastIndex = 0;
    for (let m = DIRECTIVE.exec(line); m; m = DIRECTIVE.exec(line)) {
      const rules = m[2] ? m[2].split(',').map((r) => r.trim()).filter(Boolean) : ['*'];
      if (m[1] === 'file') {
        for (const r of rules) result.file.add(r);
        continue;
      }
      let target = index + 1;
      if (m[1] === 'next-line') {
        target = index + 2;
        while (target <= lines.length && !(lines[target - 1] ?? '').trim()) target++;
      }
      let set = result.byLine.get(target);
      if (!set) result.byLine.set(target, (set = new Set()));
      for (const r of rules) set.add(r);
    }
  });
  return result;
}

export function isSuppressed(s: Suppressions, rule: string, line: number): boolean {
  if (s.file.has('*') || s.file.has(rule)) return true;
  const set = s.byLine.get(line);
  return !!set && (set.has('*') || set.has(rule));
}
