import type { Blockquote, Heading, List, ListItem, Paragraph, PhrasingContent, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { isContextSection } from './contextSections';
import { parsePrerequisiteLine } from './prerequisiteLine';
import { lineStartsOf, problemAt, type RequirementsProblem } from './problem';
import type { Requirement } from './requirement';
import { leadingId } from './requirementId';
import type { ParsedRequirements } from './parsedRequirements';
import { isStrictTagGroup, looksLikeTagGroup, parseTags } from './tags';

interface Draft {
  requirement: Requirement;
  descriptionParts: string[];
  prerequisiteLines: Map<string, number>;
}

/**
 * SPEC §2 Markdown. A requirement is a list item or heading whose text starts with an ID; nested list
 * items are its criteria (`Depends on:` lines its prerequisites). A document without any ID is a
 * free-form PRD: each top-level list item becomes `R-1`, `R-2`, … in document order, its nested items
 * its criteria, except under headings that are context rather than requirements (Introduction,
 * Glossary, Usage, Dependencies, …; see contextSections.ts).
 */
export function parseMarkdownRequirements(file: string, text: string): ParsedRequirements {
  const tree = fromMarkdown(text);
  const lineStarts = lineStartsOf(text);
  const problems: RequirementsProblem[] = [];
  const drafts: Draft[] = [];
  const skippedSections: { heading: string; line: number }[] = [];
  const headings: { depth: number; text: string }[] = [];

  const sectionPath = () => (headings.length ? headings.map((h) => h.text).join(' > ') : undefined);
  const problem = (line: number, message: string, column = 1) => problems.push(problemAt(text, lineStarts, line, message, column));
  const source = (node: { position?: { start: { offset?: number }; end: { offset?: number } } }) =>
    text.slice(node.position?.start.offset ?? 0, node.position?.end.offset ?? 0);
  const lineOf = (node: { position?: { start: { line: number } } }) => node.position?.start.line ?? 1;
  const pushHeading = (heading: Heading) => {
    while (headings.length && headings[headings.length - 1].depth >= heading.depth) headings.pop();
    headings.push({ depth: heading.depth, text: inlineText(heading.children).replace(/\s+/g, ' ').trim() });
  };

  const newDraft = (id: string, line: number, column: number, firstLineRest: string, strictTags: boolean): Draft => {
    const { title, capabilities, priority, tagProblems } = splitTitleAndTags(firstLineRest, strictTags);
    for (const message of tagProblems) problem(line, `${id}: ${message}`, column);
    if (!title) problem(line, `${id} has no title: write what it requires after the ID`, column);
    const requirement: Requirement = { id, title, description: '', criteria: [], dependsOn: [], capabilities, source: { file, line } };
    if (priority) requirement.priority = priority;
    const section = sectionPath();
    if (section) requirement.section = section;
    const draft: Draft = { requirement, descriptionParts: [], prerequisiteLines: new Map() };
    drafts.push(draft);
    return draft;
  };

  /** A `Depends on:` line; true when the line was one (handled), false when it is ordinary text. */
  const takePrerequisites = (draft: Draft, line: string, lineNumber: number): boolean => {
    const parsed = parsePrerequisiteLine(line);
    if (!parsed) return false;
    if (parsed.error) problem(lineNumber, `${draft.requirement.id}: ${parsed.error}`);
    for (const id of parsed.ids) {
      if (draft.prerequisiteLines.has(id)) continue;
      draft.prerequisiteLines.set(id, lineNumber);
      draft.requirement.dependsOn.push(id);
    }
    return true;
  };

  /** Own text of a non-requirement item: its paragraphs, one line. */
  const itemText = (item: ListItem) =>
    item.children
      .filter((c): c is Paragraph => c.type === 'paragraph')
      .map((p) => inlineText(p.children).replace(/\s*\n\s*/g, ' ').trim())
      .join(' ')
      .trim();

  const addCriterion = (owner: Draft, item: ListItem) => {
    const textOfItem = stripTaskMarker(itemText(item));
    if (!textOfItem) return;
    if (!takePrerequisites(owner, textOfItem, lineOf(item))) owner.requirement.criteria.push(textOfItem);
  };

  const addDescriptionBlock = (draft: Draft, block: RootContent) => {
    if (block.type === 'paragraph') {
      const lines = inlineText(block.children).split('\n');
      const kept = lines.filter((line, i) => !takePrerequisites(draft, line.trim(), lineOf(block) + i));
      if (kept.join('').trim()) draft.descriptionParts.push(kept.join('\n').trim());
    } else if (block.type === 'code') {
      draft.descriptionParts.push(`\`\`\`${block.lang ?? ''}\n${block.value}\n\`\`\``);
    } else if (block.type !== 'list' && block.type !== 'definition' && block.type !== 'thematicBreak') {
      draft.descriptionParts.push(dedent(source(block)));
    }
  };

  // ---- documents with IDs --------------------------------------------------------------------
  const visitIdItem = (item: ListItem, owner: Draft | undefined) => {
    const first = item.children[0];
    const firstText = first?.type === 'paragraph' ? inlineText(first.children) : '';
    const [firstLine, ...moreLines] = firstText.split('\n');
    const lead = leadingId(stripTaskMarker(firstLine.trim()));
    if (lead && first) {
      const draft = newDraft(lead.id, lineOf(item), item.position?.start.column ?? 1, lead.rest, false);
      moreLines.forEach((line, i) => {
        if (!takePrerequisites(draft, line.trim(), lineOf(first) + 1 + i) && line.trim()) draft.descriptionParts.push(line.trim());
      });
      for (const child of item.children.slice(1)) {
        if (child.type === 'list') for (const sub of child.children) visitIdItem(sub, draft);
        else addDescriptionBlock(draft, child);
      }
      return;
    }
    if (owner) addCriterion(owner, item);
    for (const child of item.children) if (child.type === 'list') for (const sub of child.children) visitIdItem(sub, owner);
  };

  const walkIdBlocks = (blocks: RootContent[], state: { headingDraft?: Draft }) => {
    for (const block of blocks) {
      if (block.type === 'heading') {
        state.headingDraft = undefined;
        const headingText = inlineText(block.children);
        const lead = leadingId(headingText.split('\n')[0]);
        if (lead) state.headingDraft = newDraft(lead.id, lineOf(block), block.position?.start.column ?? 1, lead.rest, false);
        pushHeading(block);
      } else if (block.type === 'list') {
        for (const item of block.children) visitIdItem(item, state.headingDraft);
      } else if (block.type === 'blockquote') {
        walkIdBlocks(block.children, state);
      } else if (state.headingDraft) {
        addDescriptionBlock(state.headingDraft, block);
      }
    }
  };

  // ---- free-form PRDs ---------------------------------------------------------------------------
  let derived = 0;
  const addFreeformItem = (item: ListItem) => {
    const first = item.children[0];
    if (first?.type !== 'paragraph') return;
    const [firstLine, ...moreLines] = inlineText(first.children).split('\n');
    const titleLine = stripTaskMarker(firstLine.trim());
    if (!titleLine.replace(/[:*_\s]/g, '')) return;
    const draft = newDraft(`R-${++derived}`, lineOf(item), item.position?.start.column ?? 1, titleLine, true);
    draft.requirement.title = draft.requirement.title.replace(/\s*:$/, '').trim();
    moreLines.forEach((line, i) => {
      if (!takePrerequisites(draft, line.trim(), lineOf(first) + 1 + i) && line.trim()) draft.descriptionParts.push(line.trim());
    });
    const addNested = (list: List) => {
      for (const sub of list.children) {
        addCriterion(draft, sub);
        for (const child of sub.children) if (child.type === 'list') addNested(child);
      }
    };
    for (const child of item.children.slice(1)) {
      if (child.type === 'list') addNested(child);
      else addDescriptionBlock(draft, child);
    }
  };

  const walkFreeformBlocks = (blocks: RootContent[], state: { skipped: boolean }) => {
    let label: { text: string; line: number } | undefined;
    for (const block of blocks) {
      if (block.type === 'heading') {
        pushHeading(block);
        const heading = headings[headings.length - 1].text;
        state.skipped = isContextSection(heading);
        if (state.skipped) skippedSections.push({ heading, line: lineOf(block) });
      } else if (block.type === 'list' && !state.skipped) {
        // A one-line label just above a list ("Terms/Concepts Explanation") works like a heading for it.
        if (label && isContextSection(label.text)) skippedSections.push({ heading: label.text, line: label.line });
        else for (const item of block.children) addFreeformItem(item);
      } else if (block.type === 'blockquote') {
        walkFreeformBlocks((block as Blockquote).children, state);
      }
      label = block.type === 'paragraph' ? shortLabel(inlineText(block.children), lineOf(block)) : undefined;
    }
  };

  const hasIds = containsIdItem(tree.children);
  if (hasIds) walkIdBlocks(tree.children, {});
  else walkFreeformBlocks(tree.children, { skipped: false });

  if (!hasIds && drafts.length === 0 && skippedSections.length > 0) {
    // Every list sat under a context heading: better to take them all than to find nothing.
    headings.length = 0;
    skippedSections.length = 0;
    derived = 0;
    walkFreeformBlocks(tree.children, { skipped: false });
  }

  for (const draft of drafts) draft.requirement.description = draft.descriptionParts.join('\n\n');
  return {
    requirements: drafts.map((d) => d.requirement),
    prerequisiteLines: drafts.map((d) => d.prerequisiteLines),
    derivedIds: !hasIds,
    problems,
    skippedSections,
  };

  function splitTitleAndTags(rest: string, strictTags: boolean) {
    let remaining = rest.trimStart().replace(/^[:.–—-]\s*/, '');
    const capabilities: string[] = [];
    let priority: Requirement['priority'];
    const tagProblems: string[] = [];
    for (let group = /^\(([^()]*)\)\s*/.exec(remaining); group; group = /^\(([^()]*)\)\s*/.exec(remaining)) {
      if (strictTags ? !isStrictTagGroup(group[1]) : !looksLikeTagGroup(group[1])) break;
      const tags = parseTags(group[1]);
      for (const c of tags.capabilities) if (!capabilities.includes(c)) capabilities.push(c);
      if (tags.priority) priority = tags.priority;
      tagProblems.push(...tags.problems);
      remaining = remaining.slice(group[0].length);
    }
    const title = remaining.replace(/^[:.–—-]\s*/, '').trim();
    return { title, capabilities, priority, tagProblems };
  }
}

function containsIdItem(blocks: RootContent[]): boolean {
  for (const block of blocks) {
    if (block.type === 'heading' && leadingId(inlineText(block.children).split('\n')[0])) return true;
    if (block.type === 'blockquote' && containsIdItem(block.children)) return true;
    if (block.type === 'list') {
      for (const item of block.children) {
        const first = item.children[0];
        if (first?.type === 'paragraph' && leadingId(stripTaskMarker(inlineText(first.children).split('\n')[0].trim()))) return true;
        if (containsIdItem(item.children)) return true;
      }
    }
  }
  return false;
}

/** Text of inline content: emphasis dropped, code kept in backticks, soft breaks as `\n`. */
export function inlineText(nodes: PhrasingContent[]): string {
  let out = '';
  for (const node of nodes) {
    switch (node.type) {
      case 'text':
      case 'html':
        out += node.value;
        break;
      case 'inlineCode':
        out += `\`${node.value}\``;
        break;
      case 'break':
        out += '\n';
        break;
      case 'image':
      case 'imageReference':
        out += node.alt ?? '';
        break;
      case 'footnoteReference':
        break;
      default:
        if ('children' in node) out += inlineText(node.children);
    }
  }
  return out;
}

/** A paragraph that reads as a label: one line of at most six words. */
function shortLabel(text: string, line: number): { text: string; line: number } | undefined {
  const trimmed = text.trim().replace(/:$/, '');
  return !trimmed.includes('\n') && trimmed.split(/\s+/).length <= 6 && !/[.!?]$/.test(trimmed) ? { text: trimmed, line } : undefined;
}

function stripTaskMarker(line: string): string {
  return line.replace(/^\[[ xX]\]\s+/, '');
}

function dedent(block: string): string {
  const lines = block.split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const indent = indents.length ? Math.min(...indents) : 0;
  return [lines[0], ...lines.slice(1).map((l) => l.slice(indent))].join('\n').trim();
}
