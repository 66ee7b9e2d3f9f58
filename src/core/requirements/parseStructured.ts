import type { ParsedRequirements } from './parsedRequirements';
import { jsonTree, yamlTree, type Positioned, type PositionedEntry } from './positionedTree';
import { parsePrerequisiteLine } from './prerequisiteLine';
import { lineStartsOf, positionOf, type RequirementsProblem } from './problem';
import type { Requirement } from './requirement';
import { isRequirementId } from './requirementId';
import { moscowWord, parseTags } from './tags';

const REQUIREMENT_KEYS = ['id', 'title', 'description', 'criteria', 'dependsOn', 'capabilities', 'tags', 'priority', 'section'];
const ROOT_KEYS = ['requirements', 'title', 'description'];

type Spanned = { offset: number; end: number };

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
  const where = (span: Spanned) => {
    const start = positionOf(lineStarts, span.offset);
    const end = positionOf(lineStarts, Math.max(span.offset, span.end));
    return { line: start.line, column: start.column, endLine: end.line, endColumn: end.line === start.line ? Math.max(end.column, start.column + 1) : end.column };
  };
  const problem = (span: Spanned, message: string) => problems.push({ ...where(span), message, severity: 'error' });

  const { tree, errors } = format === 'json' ? jsonTree(text) : yamlTree(text);
  for (const error of errors) problem(error, error.message.startsWith('duplicate key') ? error.message : `not valid ${format.toUpperCase()}: ${error.message}`);
  if (errors.length) return result;

  let items: Positioned[] = [];
  if (tree?.type === 'array') items = tree.items;
  else if (tree?.type === 'object') {
    checkKeys(tree.entries, ROOT_KEYS, 'the document', problem);
    const list = entry(tree, 'requirements');
    if (!list) problem(tree, 'the document has no "requirements" list');
    else if (list.value.type !== 'array') problem(list.value, '"requirements" must be a list');
    else items = list.value.items;
  } else if (tree && !(tree.value === null || tree.value === '')) {
    problem(tree, 'the document must be a list of requirements or an object with a "requirements" list');
  }

  result.derivedIds = items.length > 0 && !items.some((item) => item.type === 'object' && entry(item, 'id'));
  let derived = 0;

  for (const item of items) {
    const line = where(item).line;
    const requirement: Requirement = { id: '', title: '', description: '', criteria: [], dependsOn: [], capabilities: [], source: { file, line } };
    const prerequisiteLines = new Map<string, number>();
    const addPrerequisite = (id: string, at: Spanned) => {
      if (!isRequirementId(id)) {
        problem(at, `"dependsOn" names "${id}", which is not a requirement ID (IDs look like REQ-001)`);
        return;
      }
      if (prerequisiteLines.has(id)) return;
      prerequisiteLines.set(id, where(at).line);
      requirement.dependsOn.push(id);
    };

    if (item.type === 'scalar' && typeof item.value === 'string' && result.derivedIds) {
      requirement.id = `R-${++derived}`;
      requirement.title = item.value.trim();
      if (!requirement.title) problem(item, 'a requirement has an empty title');
    } else if (item.type !== 'object') {
      problem(item, result.derivedIds ? 'a requirement must be an object or a string' : 'a requirement must be an object with "id" and "title"');
      continue;
    } else {
      checkKeys(item.entries, REQUIREMENT_KEYS, 'a requirement', problem);
      const idEntry = entry(item, 'id');
      if (result.derivedIds) requirement.id = `R-${++derived}`;
      else if (!idEntry) problem(item, 'this requirement has no "id" while others have one: give every requirement an ID, or none');
      else {
        const id = stringOf(idEntry.value);
        if (id === undefined || !isRequirementId(id)) problem(idEntry.value, `"id" must be a requirement ID such as REQ-001 (got ${JSON.stringify(valueOf(idEntry.value))})`);
        else requirement.id = id;
      }
      const label = requirement.id || 'a requirement';

      const titleEntry = entry(item, 'title');
      const title = titleEntry ? stringOf(titleEntry.value) : undefined;
      if (!titleEntry) problem(item, `${label} has no "title"`);
      else if (title === undefined || !title.trim()) problem(titleEntry.value, `${label}: "title" must be a non-empty string`);
      else requirement.title = title.trim();

      for (const key of ['description', 'section'] as const) {
        const found = entry(item, key);
        if (!found || isNull(found.value)) continue;
        const value = stringOf(found.value);
        if (value === undefined) problem(found.value, `${label}: "${key}" must be a string`);
        else if (key === 'description') requirement.description = value.trim();
        else if (value.trim()) requirement.section = value.trim();
      }

      for (const { value, at } of stringList(entry(item, 'criteria')?.value, `${label}: "criteria"`, problem, false)) {
        const prerequisite = parsePrerequisiteLine(value);
        if (!prerequisite) requirement.criteria.push(value);
        else if (prerequisite.error) problem(at, `${label}: ${prerequisite.error}`);
        else for (const id of prerequisite.ids) addPrerequisite(id, at);
      }
      for (const { value, at } of stringList(entry(item, 'dependsOn')?.value, `${label}: "dependsOn"`, problem, true)) addPrerequisite(value, at);
      for (const { value } of stringList(entry(item, 'capabilities')?.value, `${label}: "capabilities"`, problem, true)) {
        const capability = value.toLowerCase();
        if (!requirement.capabilities.includes(capability)) requirement.capabilities.push(capability);
      }
      for (const { value, at } of stringList(entry(item, 'tags')?.value, `${label}: "tags"`, problem, true)) {
        const tags = parseTags(value);
        for (const message of tags.problems) problem(at, `${label}: ${message}`);
        for (const c of tags.capabilities) if (!requirement.capabilities.includes(c)) requirement.capabilities.push(c);
        if (tags.priority) requirement.priority = tags.priority;
      }
      const priorityEntry = entry(item, 'priority');
      if (priorityEntry && !isNull(priorityEntry.value)) {
        const value = stringOf(priorityEntry.value) ?? String(valueOf(priorityEntry.value));
        const priority = moscowWord(value.trim());
        if (priority && requirement.priority && requirement.priority !== priority) {
          problem(priorityEntry.value, `${label}: two MoSCoW priorities, "${requirement.priority}" in "tags" and "${priority}": keep one`);
        } else if (priority) requirement.priority = priority;
        else problem(priorityEntry.value, `${label}: ${parseTags(`priority: ${value}`).problems[0] ?? 'unknown MoSCoW priority'}`);
      }
    }
    result.requirements.push(requirement);
    result.prerequisiteLines.push(prerequisiteLines);
  }
  return result;
}

function entry(object: Positioned, key: string): PositionedEntry | undefined {
  return object.type === 'object' ? object.entries.find((e) => e.key === key) : undefined;
}

function checkKeys(entries: PositionedEntry[], allowed: string[], what: string, problem: (at: Spanned, message: string) => void): void {
  for (const { key, offset, end } of entries) {
    if (allowed.includes(key)) continue;
    const near = allowed.find((k) => k.toLowerCase() === key.toLowerCase());
    problem({ offset, end }, `unknown key "${key}" in ${what}${near ? ` (did you mean "${near}"?)` : ''}: the keys are ${allowed.join(', ')}`);
  }
}

/** A list of strings; where `commaString` allows it, also one string of comma-separated values. */
function stringList(node: Positioned | undefined, what: string, problem: (at: Spanned, message: string) => void, commaString: boolean): { value: string; at: Spanned }[] {
  if (node === undefined || isNull(node)) return [];
  if (commaString && node.type === 'scalar' && typeof node.value === 'string') {
    return node.value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)
      .map((value) => ({ value, at: node }));
  }
  if (node.type !== 'array') {
    problem(node, `${what} must be a list of strings`);
    return [];
  }
  const out: { value: string; at: Spanned }[] = [];
  for (const item of node.items) {
    const value = item.type === 'scalar' && (typeof item.value === 'string' || typeof item.value === 'number') ? String(item.value) : undefined;
    if (value === undefined) problem(item, `${what} must be a list of strings`);
    else if (value.trim()) out.push({ value: value.trim(), at: item });
  }
  return out;
}

function stringOf(node: Positioned): string | undefined {
  return node.type === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

function isNull(node: Positioned): boolean {
  return node.type === 'scalar' && node.value === null;
}

function valueOf(node: Positioned): unknown {
  if (node.type === 'scalar') return node.value;
  return node.type === 'array' ? '[list]' : '{object}';
}
