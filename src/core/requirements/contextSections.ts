/**
 * Headings of a free-form PRD whose lists are context, not things to build: the introduction, a
 * glossary, usage examples, third-party dependencies, data descriptions, references, what is out of
 * scope. Matched against the nearest heading only, so "Usage > Command line arguments" still counts.
 */
const CONTEXT_HEADING =
  /\b(introduction|overview|background|context|glossary|terms|terminology|definitions?|concepts?|references?|bibliography|dependenc(y|ies)|depencenc(y|ies)|prerequisites|supporting data|data description|datasets?|usage|examples?|appendix|contents|table of contents|non-goals?|out of scope|open questions|licen[cs]e|authors?|acknowledg(e)?ments?|changelog|change log|installation|getting started|contact|faq)\b/i;

export function isContextSection(heading: string): boolean {
  return CONTEXT_HEADING.test(heading);
}
