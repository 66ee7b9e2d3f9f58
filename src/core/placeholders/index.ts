export type { DetectorOptions, ExtraPattern, PlaceholderFinding, PlaceholderRule, Severity } from './types';
export { PLACEHOLDER_RULES } from './rules';
export {
  canDetectSync,
  compileExtraPatterns,
  detectPlaceholders,
  detectPlaceholdersSync,
  preloadAllGrammars,
  preloadGrammarFor,
} from './detector';
export { commentSyntaxOf, languageOf, type LanguageId } from './languages';
export { scanPaths, type ScanOptions, type ScanResult } from './scan';
export { ignoreDirectiveFor } from './ignoreComment';
