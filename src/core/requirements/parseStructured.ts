import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { parsePrerequisiteLine } from './prerequisiteLine';
import { lineStartsOf, positionOf, type RequirementsProblem } from './problem';
import type { ParsedRequirements } from './parsedRequirements';
import type { Requirement } from './requirement';
import { isRequirementId } from './requirementId';
import { moscowWord, parseTags } from './tags';

const REQUIREMENT_KEYS = ['id', 'title', 'description', 'criteria', 'dependsOn', 'capabilities', 'tags', 'priority', 'section'];
const ROOT_KEYS = ['requirements', 'title', 'description'];

/**
 * SPEC §2 YAML and JSON: the same fields as the Markdown form, either a list of requirements or
 * `{ requirements: [...] }`. A requirement is an object, or a plain string (its title) in a document
 * without IDs. Unknown keys and wrong types are errors with their line: a misspelt `dependson` must not
 * silently drop a prerequisite.
 */
export function parseStructuredRequirements(file: string, text: string, format: 'yaml' | 'json'): ParsedRequirements {
  const problems: RequirementsProblem[] = [];
  const result: ParsedRequirements = { requirements: [], prerequisiteLines: [], derivedIds: false, problems, skippedSections: [] };
  const lineStarts = lineStartsOf(text);

  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      const offset = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
      const at = positionOf(lineStarts, Math.min(offset, text.length));
      problems.push(span(at.line, at.column, at.line, at.column + 1, `not valid JSON: ${message.replace(/^JSON\.parse: /, '')}`));
      return result;
    }
  }

  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    for (const error of doc.errors) {
      const [start, end] = error.linePos ?? [{ line: 1, col: 1 }];
      problems.push(span(start.line, start.col, end?.line ?? start.line, end?.col ?? start.col + 1, `not valid ${format.toUpperCase()}: ${error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`));
    }
    return result;
  }

  const where = (node: YamlNode | null | undefined) => {
    const [startOffset, endOffset] = node?.range ?? [0, 0];
    const start = lineCounter.linePos(startOffset);
    const end = lineCounter.linePos(Math.max(startOffset, endOffset));
    return { line: start.line, column: start.col, endLine: end.line, endColumn: end.line === start.line ? Math.max(end.col, start.col + 1) : end.col };
  };
  const problem = (node: YamlNode | null | undefined, message: string) => {
    const at = where(node);
    problems.push({ ...at, message, severity: 'error' });
  };

  let items: YamlNode[] = [];
  const root = doc.contents;
  if (isSeq(root)) {
    items = root.items as YamlNode[];
  } else if (isMap(root)) {
    checkKeys(root, ROOT_KEYS, 'the document', problem);
    const list = root.get('requirements', true) as YamlNode | undefined;
    if (list === undefined) problem(root, 'the document has no "requirements" list');
    else if (!isSeq(list)) problem(list, '"requirements" must be a list');
    else items = list.items as YamlNode[];
  } else if (root !== null && !(isScalar(root) && (root.value === null || root.value === ''))) {
    problem(root, 'the document must be a list of requirements or an object with a "requirements" list');
  }

  const withId = items.filter((item) => isMap(item) && item.has('id')).length;
  result.derivedIds = items.length > 0 && withId === 0;
  let derived = 0;

  for (const item of items) {
    const line = where(item).line;
    const requirement: Requirement = { id: '', title: '', description: '', criteria: [], dependsOn: [], capabilities: [], source: { file, line } };
    const prerequisiteLines = new Map<string, number>();
    const addPrerequisite = (id: string, node: YamlNode) => {
      if (!isRequirementId(id)) {
        problem(node, `"dependsOn" names "${id}", which is not a requirement ID (IDs look like REQ-001)`);
        return;
      }
      if (prerequisiteLines.has(id)) return;
      prerequisiteLines.set(id, where(node).line);
      requirement.dependsOn.push(id);
    };

    if (isScalar(item) && typeof item.value === 'string' && result.derivedIds) {
      requirement.id = `R-${++derived}`;
      requirement.title = item.value.trim();
      if (!requirement.title) problem(item, 'a requirement has an empty title');
    } else if (!isMap(item)) {
      problem(item, result.derivedIds ? 'a requirement must be an object or a string' : 'a requirement must be an object with "id" and "title"');
      continue;
    } else {
      checkKeys(item, REQUIREMENT_KEYS, 'a requirement', problem);
      const idNode = item.get('id', true) as YamlNode | undefined;
      if (result.derivedIds) requirement.id = `R-${++derived}`;
      else if (idNode === undefined) problem(item, 'this requirement has no "id" while others have one: give every requirement an ID, or none');
      else {
        const id = stringValue(idNode);
        if (id === undefined || !isRequirementId(id)) problem(idNode, `"id" must be a requirement ID such as REQ-001 (got ${JSON.stringify(scalarValue(idNode))})`);
        else requirement.id = id;
      }
      const label = requirement.id || 'a requirement';

      const titleNode = item.get('title', true) as YamlNode | undefined;
      const title = titleNode === undefined ? undefined : stringValue(titleNode);
      if (titleNode === undefined) problem(item, `${label} has no "title"`);
      else if (title === undefined || !title.trim()) problem(titleNode, `${label}: "title" must be a non-empty string`);
      else requirement.title = title.trim();

      for (const key of ['description', 'section'] as const) {
        const node = item.get(key, true) as YamlNode | undefined;
        if (node === undefined) continue;
        const value = stringValue(node);
        if (value === undefined) problem(node, `${label}: "${key}" must be a string`);
        else if (key === 'description') requirement.description = value.trim();
        else if (value.trim()) requirement.section = value.trim();
      }

      const criteriaNode = item.get('criteria', true) as YamlNode | undefined;
      for (const { value, node } of stringList(criteriaNode, `${label}: "criteria"`, problem, false)) {
        const prerequisite = parsePrerequisiteLine(value);
        if (!prerequisite) requirement.criteria.push(value.trim());
        else if (prerequisite.error) problem(node, `${label}: ${prerequisite.error}`);
        else for (const id of prerequisite.ids) addPrerequisite(id, node);
      }
      for (const { value, node } of stringList(item.get('dependsOn', true) as YamlNode | undefined, `${label}: "dependsOn"`, problem, true)) addPrerequisite(value, node);

      for (const { value } of stringList(item.get('capabilities', true) as YamlNode | undefined, `${label}: "capabilities"`, problem, true)) {
        const capability = value.toLowerCase();
        if (!requirement.capabilities.includes(capability)) requirement.capabilities.push(capability);
      }
      for (const { value, node } of stringList(item.get('tags', true) as YamlNode | undefined, `${label}: "tags"`, problem, true)) {
        const tags = parseTags(value);
        for (const message of tags.problems) problem(node, `${label}: ${message}`);
        for (const c of tags.capabilities) if (!requirement.capabilities.includes(c)) requirement.capabilities.push(c);
        if (tags.priority) requirement.priority = tags.priority;
      }
      const priorityNode = item.get('priority', true) as YamlNode | undefined;
      if (priorityNode !== undefined) {
        const value = stringValue(priorityNode);
        const priority = value === undefined ? undefined : moscowWord(value.trim());
        if (priority && requirement.priority && requirement.priority !== priority) {
          problem(priorityNode, `${label}: two MoSCoW priorities, "${requirement.priority}" in "tags" and "${priority}": keep one`);
        } else if (priority) requirement.priority = priority;
        else {
          const tagged = parseTags(`priority: ${value ?? String(scalarValue(priorityNode))}`);
          problem(priorityNode, `${label}: ${tagged.problems[0] ?? 'unknown MoSCoW priority'}`);
        }
      }
    }
    result.requirements.push(requirement);
    result.prerequisiteLines.push(prerequisiteLines);
  }
  return result;
}

function checkKeys(map: YAMLMap, allowed: string[], what: string, problem: (node: YamlNode | null | undefined, message: string) => void): void {
  for (const pair of map.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    if (!allowed.includes(key)) {
      const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
      problem(pair.key as YamlNode, `unknown key "${key}" in ${what}${near ? ` (did you mean "${near}"?)` : ''}: the keys are ${allowed.join(', ')}`);
    }
  }
}

/** A list of strings; where `commaString` allows it, also one string of comma-separated values. */
function stringList(
  node: YamlNode | undefined,
  what: string,
  problem: (node: YamlNode | null | undefined, message: string) => void,
  commaString: boolean,
): { value: string; node: YamlNode }[] {
  if (node === undefined || (isScalar(node) && node.value === null)) return [];
  if (commaString && isScalar(node) && typeof node.value === 'string') {
    return node.value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map((value) => ({ value, node }));
  }
  if (!isSeq(node)) {
    problem(node, `${what} must be a list of strings`);
    return [];
  }
  const out: { value: string; node: YamlNode }[] = [];
  for (const entry of node.items as YamlNode[]) {
    const value = isScalar(entry) && (typeof entry.value === 'string' || typeof entry.value === 'number') ? String(entry.value) : undefined;
    if (value === undefined) problem(entry, `${what} must be a list of strings`);
    else if (value.trim()) out.push({ value: value.trim(), node: entry });
  }
  return out;
}

function stringValue(node: YamlNode): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function scalarValue(node: YamlNode): unknown {
  return isScalar(node) ? node.value : node.toJSON();
}

function span(line: number, column: number, endLine: number, endColumn: number, message: string): RequirementsProblem {
  return { line, column, endLine, endColumn, message, severity: 'error' };
}
