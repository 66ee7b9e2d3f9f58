import { isContextSection } from './contextSections';
import { markdownBlocks, type MarkdownBlock, type MarkdownListItem } from './markdownBlocks';
import type { ParsedRequirements } from './parsedRequirements';
import { parsePrerequisiteLine } from './prerequisiteLine';
import { lineStartsOf, problemAt, type RequirementsProblem } from './problem';
import type { Requirement } from './requirement';
import { leadingId } from './requirementId';
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
  const blocks = markdownBlocks(text);
  let lineStarts: number[] | undefined;
  const starts = () => (lineStarts ??= lineStartsOf(text));
  const sourceLines = (from: number, to: number) => text.slice(starts()[from - 1] ?? text.length, (starts()[to] ?? text.length + 1) - 1);
  /** 1-based column of the first character that is not indentation or a blockquote marker. */
  const columnOf = (line: number) => (/^[\s>]*/.exec(sourceLines(line, line))?.[0].length ?? 0) + 1;
  const problems: RequirementsProblem[] = [];
  const drafts: Draft[] = [];
  const skippedSections: { heading: string; line: number }[] = [];
  const headings: { depth: number; text: string }[] = [];

  const sectionPath = () => (headings.length ? headings.map((h) => h.text).join(' > ') : undefined);
  const problem = (line: number, message: string, column = columnOf(line)) => problems.push(problemAt(text, starts(), line, message, column));
  const pushHeading = (heading: Extract<MarkdownBlock, { kind: 'heading' }>) => {
    while (headings.length && headings[headings.length - 1].depth >= heading.depth) headings.pop();
    headings.push({ depth: heading.depth, text: heading.text.replace(/\s+/g, ' ').trim() });
  };

  const newDraft = (id: string, line: number, firstLineRest: string, strictTags: boolean): Draft => {
    const { title, capabilities, priority, tagProblems } = splitTitleAndTags(firstLineRest, strictTags);
    for (const message of tagProblems) problem(line, `${id}: ${message}`);
    if (!title) problem(line, `${id} has no title: write what it requires after the ID`);
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
  const itemText = (item: MarkdownListItem) =>
    item.children
      .flatMap((c) => (c.kind === 'paragraph' ? [c.text.replace(/\s*\n\s*/g, ' ').trim()] : []))
      .join(' ')
      .trim();

  const addCriterion = (owner: Draft, item: MarkdownListItem) => {
    const textOfItem = stripTaskMarker(itemText(item));
    if (!textOfItem) return;
    if (!takePrerequisites(owner, textOfItem, item.line)) owner.requirement.criteria.push(textOfItem);
  };

  const addDescriptionBlock = (draft: Draft, block: MarkdownBlock) => {
    if (block.kind === 'paragraph') {
      const kept = block.text.split('\n').filter((line, i) => !takePrerequisites(draft, line.trim(), block.line + i));
      if (kept.join('').trim()) draft.descriptionParts.push(kept.join('\n').trim());
    } else if (block.kind === 'code') {
      draft.descriptionParts.push(`\`\`\`${block.lang}\n${block.value}\n\`\`\``);
    } else if (block.kind === 'other' && block.type !== 'hr') {
      draft.descriptionParts.push(dedent(sourceLines(block.line, block.endLine)));
    } else if (block.kind === 'blockquote') {
      for (const child of block.children) addDescriptionBlock(draft, child);
    }
  };

  /** The ID and the rest of an item's first line, when it starts with an ID. */
  const itemLead = (item: MarkdownListItem) => {
    const first = item.children[0];
    if (first?.kind !== 'paragraph') return undefined;
    const [firstLine, ...moreLines] = first.text.split('\n');
    const lead = leadingId(stripTaskMarker(firstLine.trim()));
    return lead ? { id: lead.id, rest: lead.rest, first, moreLines } : undefined;
  };

  // ---- documents with IDs --------------------------------------------------------------------
  const visitIdItem = (item: MarkdownListItem, owner: Draft | undefined) => {
    const lead = itemLead(item);
    if (lead) {
      const draft = newDraft(lead.id, item.line, lead.rest, false);
      lead.moreLines.forEach((line, i) => {
        if (!takePrerequisites(draft, line.trim(), lead.first.line + 1 + i) && line.trim()) draft.descriptionParts.push(line.trim());
      });
      for (const child of item.children.slice(1)) {
        if (child.kind === 'list') for (const sub of child.items) visitIdItem(sub, draft);
        else addDescriptionBlock(draft, child);
      }
      return;
    }
    if (owner) addCriterion(owner, item);
    for (const child of item.children) if (child.kind === 'list') for (const sub of child.items) visitIdItem(sub, owner);
  };

  const walkIdBlocks = (blocks: MarkdownBlock[], state: { headingDraft?: Draft }) => {
    for (const block of blocks) {
      if (block.kind === 'heading') {
        state.headingDraft = undefined;
        const lead = leadingId(block.text.split('\n')[0]);
        if (lead) state.headingDraft = newDraft(lead.id, block.line, lead.rest, false);
        pushHeading(block);
      } else if (block.kind === 'list') {
        for (const item of block.items) visitIdItem(item, state.headingDraft);
      } else if (block.kind === 'blockquote') {
        walkIdBlocks(block.children, state);
      } else if (state.headingDraft) {
        addDescriptionBlock(state.headingDraft, block);
      }
    }
  };

  // ---- free-form PRDs ---------------------------------------------------------------------------
  let derived = 0;
  const addFreeformItem = (item: MarkdownListItem) => {
    const first = item.children[0];
    if (first?.kind !== 'paragraph') return;
    const [firstLine, ...moreLines] = first.text.split('\n');
    const titleLine = stripTaskMarker(firstLine.trim());
    if (!titleLine.replace(/[:*_\s]/g, '')) return;
    const draft = newDraft(`R-${++derived}`, item.line, titleLine, true);
    draft.requirement.title = draft.requirement.title.replace(/\s*:$/, '').trim();
    moreLines.forEach((line, i) => {
      if (!takePrerequisites(draft, line.trim(), first.line + 1 + i) && line.trim()) draft.descriptionParts.push(line.trim());
    });
    const addNested = (items: MarkdownListItem[]) => {
      for (const sub of items) {
        addCriterion(draft, sub);
        for (const child of sub.children) if (child.kind === 'list') addNested(child.items);
      }
    };
    for (const child of item.children.slice(1)) {
      if (child.kind === 'list') addNested(child.items);
      else addDescriptionBlock(draft, child);
    }
  };

  const walkFreeformBlocks = (blocks: MarkdownBlock[], state: { skipped: boolean; takeAll?: boolean }) => {
    let label: { text: string; line: number } | undefined;
    for (const block of blocks) {
      if (block.kind === 'heading') {
        pushHeading(block);
        const heading = headings[headings.length - 1].text;
        state.skipped = !state.takeAll && isContextSection(heading);
        if (state.skipped) skippedSections.push({ heading, line: block.line });
      } else if (block.kind === 'list' && !state.skipped) {
        // A one-line label just above a list ("Terms/Concepts Explanation") works like a heading for it.
        if (label && !state.takeAll && isContextSection(label.text)) skippedSections.push({ heading: label.text, line: label.line });
        else for (const item of block.items) addFreeformItem(item);
      } else if (block.kind === 'blockquote') {
        walkFreeformBlocks(block.children, state);
      }
      label = block.kind === 'paragraph' ? shortLabel(block.text, block.line) : undefined;
    }
  };

  const containsIdItem = (list: MarkdownBlock[]): boolean =>
    list.some(
      (block) =>
        (block.kind === 'heading' && leadingId(block.text.split('\n')[0]) !== undefined) ||
        (block.kind === 'blockquote' && containsIdItem(block.children)) ||
        (block.kind === 'list' && block.items.some((item) => itemLead(item) !== undefined || containsIdItem(item.children))),
    );

  const hasIds = containsIdItem(blocks);
  if (hasIds) walkIdBlocks(blocks, {});
  else walkFreeformBlocks(blocks, { skipped: false });

  if (!hasIds && drafts.length === 0 && skippedSections.length > 0) {
    // Every list sat under a context heading: better to take them all than to find nothing.
    headings.length = 0;
    skippedSections.length = 0;
    derived = 0;
    walkFreeformBlocks(blocks, { skipped: false, takeAll: true });
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
  const indents = lines.filter((l) => l.trim()).map((l) => /^\s*/.exec(l)?.[0].length ?? 0);
  const indent = indents.length ? Math.min(...indents) : 0;
  return lines
    .map((l) => l.slice(indent))
    .join('\n')
    .trim();
}
