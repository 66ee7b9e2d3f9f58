import type { Node } from 'web-tree-sitter';
import type { GrammarName } from './languages';

/** Node types that matter to the detector, per grammar. */
export interface SyntaxProfile {
  comments: ReadonlySet<string>;
  /** Outermost string literal nodes. */
  strings: ReadonlySet<string>;
  /** Text rendered to users (JSX text). */
  markup: ReadonlySet<string>;
  /** Code embedded in strings (template substitutions, f-string interpolations). */
  embeddedCode: ReadonlySet<string>;
  /** Declarations and expressions that have a body. */
  functions: ReadonlySet<string>;
  /** Node types of a function's block body. */
  blocks: ReadonlySet<string>;
  /** Class-like containers of methods. */
  classes: ReadonlySet<string>;
  /** Statements that can hold a stub throw/panic/raise/return. */
  stubStatements: ReadonlySet<string>;
  /** Conditional constructs: a throw under one of them is an error path, not a stub. */
  conditionals: ReadonlySet<string>;
}

const set = (...types: string[]): ReadonlySet<string> => new Set(types);

const TS: SyntaxProfile = {
  comments: set('comment', 'html_comment'),
  strings: set('string', 'template_string'),
  markup: set('jsx_text'),
  embeddedCode: set('template_substitution'),
  functions: set('function_declaration', 'generator_function_declaration', 'method_definition', 'function_expression', 'function', 'generator_function', 'arrow_function'),
  blocks: set('statement_block'),
  classes: set('class_declaration', 'abstract_class_declaration', 'class', 'object'),
  stubStatements: set('throw_statement', 'return_statement', 'expression_statement'),
  conditionals: set('if_statement', 'switch_case', 'switch_default', 'ternary_expression', 'catch_clause', 'else_clause', 'try_statement', 'binary_expression'),
};

export const PROFILES: Record<GrammarName, SyntaxProfile> = {
  typescript: TS,
  tsx: TS,
  python: {
    comments: set('comment'),
    strings: set('string', 'concatenated_string'),
    markup: set(),
    embeddedCode: set('interpolation'),
    functions: set('function_definition'),
    blocks: set('block'),
    classes: set('class_definition'),
    stubStatements: set('raise_statement', 'return_statement', 'expression_statement'),
    conditionals: set('if_statement', 'elif_clause', 'else_clause', 'match_statement', 'case_clause', 'except_clause', 'try_statement', 'conditional_expression', 'boolean_operator'),
  },
  go: {
    comments: set('comment'),
    strings: set('interpreted_string_literal', 'raw_string_literal'),
    markup: set(),
    embeddedCode: set(),
    functions: set('function_declaration', 'method_declaration', 'func_literal'),
    blocks: set('block'),
    classes: set(),
    stubStatements: set('expression_statement', 'return_statement'),
    conditionals: set('if_statement', 'expression_case', 'default_case', 'type_case', 'communication_case', 'select_statement'),
  },
  rust: {
    comments: set('line_comment', 'block_comment'),
    strings: set('string_literal', 'raw_string_literal'),
    markup: set(),
    embeddedCode: set(),
    functions: set('function_item', 'closure_expression'),
    blocks: set('block'),
    classes: set('impl_item', 'trait_item'),
    stubStatements: set('expression_statement', 'macro_invocation', 'return_expression'),
    conditionals: set('if_expression', 'match_arm', 'else_clause', 'if_let_expression'),
  },
  java: {
    comments: set('line_comment', 'block_comment'),
    strings: set('string_literal', 'text_block'),
    markup: set(),
    embeddedCode: set(),
    functions: set('method_declaration', 'constructor_declaration', 'lambda_expression'),
    blocks: set('block', 'constructor_body'),
    classes: set('class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration'),
    stubStatements: set('throw_statement', 'return_statement'),
    conditionals: set('if_statement', 'switch_block_statement_group', 'switch_rule', 'catch_clause', 'ternary_expression'),
  },
  'c-sharp': {
    comments: set('comment'),
    strings: set('string_literal', 'verbatim_string_literal', 'interpolated_string_expression', 'raw_string_literal'),
    markup: set(),
    embeddedCode: set('interpolation'),
    functions: set('method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression', 'operator_declaration', 'destructor_declaration', 'accessor_declaration'),
    blocks: set('block'),
    classes: set('class_declaration', 'interface_declaration', 'struct_declaration', 'record_declaration'),
    stubStatements: set('throw_statement', 'return_statement', 'throw_expression', 'arrow_expression_clause'),
    conditionals: set('if_statement', 'switch_section', 'switch_expression_arm', 'catch_clause', 'conditional_expression'),
  },
};

/** The function-like node whose body holds `node`, or undefined at top level. */
export function enclosingFunction(profile: SyntaxProfile, node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) if (profile.functions.has(n.type)) return n;
  return undefined;
}

export function enclosingClass(profile: SyntaxProfile, node: Node): Node | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (profile.classes.has(n.type)) return n;
    // A nested function's methods are not the class's.
    if (profile.functions.has(n.type) && n !== node) return undefined;
  }
  return undefined;
}

export function fieldText(node: Node | null | undefined, field: string): string | undefined {
  return node?.childForFieldName(field)?.text;
}

export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

/** Named children that are statements, comments excluded. */
export function statementsOf(profile: SyntaxProfile, block: Node): Node[] {
  const out: Node[] = [];
  for (const child of block.namedChildren) {
    if (!child || profile.comments.has(child.type)) continue;
    // Go wraps a block's statements in a statement_list.
    if (child.type === 'statement_list') {
      for (const inner of child.namedChildren) if (inner && !profile.comments.has(inner.type)) out.push(inner);
      continue;
    }
    out.push(child);
  }
  return out;
}

export function commentsOf(profile: SyntaxProfile, block: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node): void => {
    for (const child of n.namedChildren) {
      if (!child) continue;
      if (profile.comments.has(child.type)) out.push(child);
      else if (child.type === 'statement_list') visit(child);
    }
  };
  visit(block);
  return out;
}
