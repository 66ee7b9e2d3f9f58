// swarm-ignore-file: this file names the placeholder phrases it detects.
import type { Node } from 'web-tree-sitter';
import type { GrammarName } from './languages';
import type { BuiltinRuleId } from './rules';
import { commentsOf, enclosingClass, enclosingFunction, fieldText, sameNode, statementsOf, type SyntaxProfile } from './syntax';
import { truncate } from './textRules';

/**
 * Rules that need the syntax tree: which node is a function body, whether a throw is the whole
 * body or one error path among others, what class a method belongs to.
 */

export interface StructureContext {
  text: string;
  grammar: GrammarName;
  profile: SyntaxProfile;
  root: Node;
  /** A Go file built only for some platforms or tags (see `isBuildConstrainedGo`). */
  platformVariant?: boolean;
}

export interface StructureHit {
  rule: BuiltinRuleId;
  start: number;
  end: number;
  message: string;
}

// ---------------------------------------------------------------- names and facts

const NOOP_NAME = /^_*(noop|no_?op|nop|do_?nothing|nothing)(_|$|[A-Z\d])|^_$|^ignore$/i;
const HOOK_NAME =
  /^(on|handle)?_*(dispose|close|destroy|cleanup|clean_?up|tear_?down|set_?up|reset|flush|finali[sz]e|deactivate|unsubscribe|unmount|stop|shutdown|release|free|init|initiali[sz]e|start|refresh|invalidate|(dis)?connected(Callback)?)$/i;
const TEARDOWN_NAME = /^(on|handle)?_*(dispose|deactivate|destroy|cleanup|clean_?up|tear_?down|unmount|unsubscribe|finali[sz]e|shutdown|release)$/i;
/** A comment that only says the body is empty: `{ /* empty *\/ }`. */
const EMPTY_SAYING = /^[\s/*#-]*(intentionally |deliberately )?(left )?(empty|blank|nothing)[\s.!*/-]*$/i;
const LISTENER_NAME = /^(on|handle|visit|enter|exit|before|after|will|did|component(Did|Will))([A-Z_]|$)/;
const DOUBLE_CLASS =
  /^(Fake|Mock|Stub|Dummy|Noop|NoOp|Nop|Null|Nil|Empty|InMemory|Spy|Silent|Discard|Disabled|Void|Test|Recording)(?=[A-Z_\d]|$)|(Fake|Mock|Stub|Dummy|Spy|Double|Noop|NoOp|Nop)$|^(fake|mock|stub|dummy|noop|nop|null|nil|empty|discard|spy|silent)(?=[A-Z_\d]|$)/;
const ABSTRACT_CLASS = /^(Abstract|Base)(?=[A-Z_\d])|(Base|Interface|Protocol|Mixin|ABC)$|^I[A-Z][a-z]/;
const ABSTRACT_BASES = /\b(ABC|ABCMeta|Protocol|Interface|Generic\[.*Protocol)\b|metaclass\s*=\s*(abc\.)?ABCMeta/;
const ABSTRACT_DECORATOR = /^@(abc\.)?(abstractmethod|abstractproperty|abstractclassmethod|abstractstaticmethod)\b|^@(typing\.|t\.)?overload\b/;
const SUBCLASS_MESSAGE = /subclass|sub-class|overrid|derived|concrete|inherit|abstract|must be implemented by|implement(o|e)rs?\b/i;
const FAIL_HELPER = /^_*(fail|raise|throw|assert|unsupported|not_?supported|not_?implemented|abort|panic|die|reject|error|unreachable)/i;
const INTENTIONAL =
  /no-?op|\bnop\b|no operation|intentional|deliberate|on purpose|nothing to do|not needed|unused|by design|do(es)? nothing|left (blank|empty)|\bignore|override|not applicable|\bn\/a\b|no cleanup|nothing to (clean|release|close|free)|pragma: ?no ?cover|istanbul ignore|c8 ignore/i;

interface FunctionFacts {
  node: Node;
  /** Declared functions and methods may be stubs; callbacks passed around may be no-ops. */
  role: 'declared' | 'callback' | 'constructor';
  name?: string;
  nameNode?: Node;
  signature: string;
  decorators: string[];
  classNode?: Node;
  className?: string;
}

function functionFacts(ctx: StructureContext, fn: Node): FunctionFacts {
  const body = fn.childForFieldName('body');
  const signature = ctx.text.slice(fn.startIndex, body ? body.startIndex : fn.endIndex);
  let nameNode = fn.childForFieldName('name') ?? undefined;
  let role: FunctionFacts['role'] = 'declared';
  const parent = fn.parent;
  if (fn.type === 'arrow_function' || fn.type === 'function_expression' || fn.type === 'function' || fn.type === 'generator_function') {
    role = 'callback';
    if (parent?.type === 'variable_declarator' && sameNode(parent.childForFieldName('value'), fn)) {
      nameNode = parent.childForFieldName('name') ?? undefined;
      role = 'declared';
    } else if (parent?.type === 'public_field_definition' || parent?.type === 'field_definition') {
      nameNode = parent.childForFieldName('name') ?? parent.childForFieldName('property') ?? undefined;
      role = 'declared';
    } else if (parent?.type === 'assignment_expression' && parent.parent?.type === 'expression_statement' && sameNode(parent.childForFieldName('right'), fn)) {
      nameNode = parent.childForFieldName('left') ?? undefined;
      role = 'declared';
    } else if (parent?.type === 'export_statement') {
      role = 'declared';
    }
  } else if (fn.type === 'func_literal' || fn.type === 'closure_expression' || fn.type === 'lambda_expression' || fn.type === 'lambda' || fn.type === 'accessor_declaration') {
    role = 'callback';
  } else if (fn.type === 'method_definition' && parent?.type === 'object') {
    // An object literal's methods are handlers passed as a whole.
    role = 'declared';
  }
  if (fn.type === 'constructor_declaration' || fn.type === 'destructor_declaration') role = 'constructor';
  const name = nameNode?.text;
  if (name === 'constructor' || name === '__init__' || name === '__post_init__' || name === '__new__' || name === 'init' && ctx.grammar === 'go') role = 'constructor';
  const decorators: string[] = [];
  if (parent?.type === 'decorated_definition') {
    for (const child of parent.namedChildren) if (child?.type === 'decorator') decorators.push(child.text);
  }
  // TypeScript decorators are the method's preceding siblings in the class body.
  for (let prev = fn.previousNamedSibling; prev?.type === 'decorator'; prev = prev.previousNamedSibling) decorators.push(prev.text);
  const classNode = enclosingClass(ctx.profile, fn);
  let className = fieldText(classNode, 'name') ?? (classNode?.type === 'impl_item' ? fieldText(classNode, 'type') : undefined);
  // An object literal of methods is named by the variable or property that holds it.
  if (classNode?.type === 'object') className = fieldText(classNode.parent, 'name') ?? fieldText(classNode.parent, 'key');
  if (ctx.grammar === 'go' && fn.type === 'method_declaration') {
    const receiver = fieldText(fn, 'receiver') ?? '';
    className = /([A-Za-z_]\w*)\s*(\[[^\]]*\])?\s*\)\s*$/.exec(receiver)?.[1];
  }
  return { node: fn, role, name, nameNode, signature, decorators, classNode, className };
}

function hasOverrideMarker(facts: FunctionFacts): boolean {
  return /\boverride\b|@Override\b/.test(facts.signature) || facts.decorators.some((d) => /^@(typing\.)?override\b/.test(d));
}

function classImplementsSomething(ctx: StructureContext, cls: Node | undefined): boolean {
  if (!cls) return false;
  switch (ctx.grammar) {
    case 'typescript':
    case 'tsx':
      return cls.namedChildren.some((c) => c?.type === 'class_heritage');
    case 'python': {
      const bases = fieldText(cls, 'superclasses');
      return !!bases && bases.replace(/[()\s]|object/g, '') !== '';
    }
    case 'java':
      return !!cls.childForFieldName('interfaces') || !!cls.childForFieldName('superclass');
    case 'c-sharp':
      return cls.namedChildren.some((c) => c?.type === 'base_list');
    case 'rust':
      return cls.type === 'impl_item' && !!cls.childForFieldName('trait');
    case 'go':
      return false;
  }
}

const subclassedCache = new WeakMap<StructureContext, Map<string, boolean>>();
function subclassedInFile(ctx: StructureContext, name: string): boolean {
  let cache = subclassedCache.get(ctx);
  if (!cache) subclassedCache.set(ctx, (cache = new Map()));
  const known = cache.get(name);
  if (known !== undefined) return known;
  const n = name.replace(/[^\w$]/g, '');
  const forms = [`(extends|implements)\\s+([\\w$.]+\\s*,\\s*)*[\\w$.]*\\b${n}\\b`, `class\\s+\\w+\\s*(\\[[^\\]]*\\])?\\s*\\([^)]*\\b${n}\\b`];
  if (ctx.grammar === 'c-sharp') forms.push(`(class|record|struct)\\s+\\w+[^{\\n]*:\\s*([\\w.<>]+\\s*,\\s*)*${n}\\b`);
  const found = n !== '' && new RegExp(forms.join('|')).test(ctx.text);
  cache.set(name, found);
  return found;
}

function classIsAbstractish(ctx: StructureContext, facts: FunctionFacts): boolean {
  const cls = facts.classNode;
  if (!cls) return false;
  if (cls.type === 'abstract_class_declaration' || cls.type === 'interface_declaration' || cls.type === 'trait_item') return true;
  const header = ctx.text.slice(cls.startIndex, cls.childForFieldName('body')?.startIndex ?? cls.startIndex + 200);
  if (/\babstract\b/.test(header)) return true;
  if (ctx.grammar === 'python' && ABSTRACT_BASES.test(fieldText(cls, 'superclasses') ?? '')) return true;
  if (facts.className && (ABSTRACT_CLASS.test(facts.className) || subclassedInFile(ctx, facts.className))) return true;
  return false;
}

function isDoubleClass(facts: FunctionFacts): boolean {
  return !!facts.className && DOUBLE_CLASS.test(facts.className);
}

/** A Python def under `if`/`try`/`except`: a fallback for a missing optional dependency or platform. */
function definedConditionally(fn: Node): boolean {
  let n: Node | null = fn.parent;
  if (n?.type === 'decorated_definition') n = n.parent;
  const owner = n?.type === 'block' ? n.parent : undefined;
  return !!owner && /^(if_statement|elif_clause|else_clause|except_clause|try_statement|finally_clause)$/.test(owner.type);
}

function describe(facts: FunctionFacts): string {
  return facts.name ? `\`${truncate(facts.name, 40)}\`` : 'this function';
}

function hitAtName(facts: FunctionFacts, rule: BuiltinRuleId, message: string): StructureHit {
  const anchor = facts.nameNode ?? facts.node;
  const end = facts.nameNode ? anchor.endIndex : Math.min(anchor.endIndex, anchor.startIndex + Math.max(1, anchor.text.indexOf('\n') === -1 ? anchor.text.length : anchor.text.indexOf('\n')));
  return { rule, start: anchor.startIndex, end, message };
}

// ---------------------------------------------------------------- empty bodies

// Each comment is read whole (a line comment to its line end, a block comment to its first `*/`):
// letting the engine end a comment early made runs of comments backtrack exponentially (a vendored
// Go file took minutes) and let a `}` inside a comment close the braces.
const EMPTY_BRACES = /\{(?:[ \t\r\n]|\/\/[^\n]*(?![^\n])|\/\*(?:[^*]|\*(?!\/))*\*\/)*\}/g;
const PY_TRIVIAL_LINE = /^[ \t]*(?:pass|\.\.\.)[ \t]*(?:#[^\n]*)?$/gm;
const PY_DOCSTRING_END = /("""|''')[ \t]*(?:#[^\n]*)?\n/g;

/** Offsets where an empty body may start: cheap text scan, confirmed on the tree. */
export function emptyBodyCandidates(text: string, grammar: GrammarName): number[] {
  const out: number[] = [];
  if (grammar === 'python') {
    PY_TRIVIAL_LINE.lastIndex = 0;
    for (let m = PY_TRIVIAL_LINE.exec(text); m; m = PY_TRIVIAL_LINE.exec(text)) out.push(m.index + m[0].search(/\S/));
    PY_DOCSTRING_END.lastIndex = 0;
    for (let m = PY_DOCSTRING_END.exec(text); m; m = PY_DOCSTRING_END.exec(text)) {
      // A docstring followed by a dedent is a body holding nothing else.
      const lineStart = text.lastIndexOf('\n', m.index) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart, m.index))?.[0].length ?? 0;
      const rest = text.slice(m.index + m[0].length);
      const next = /^(?:[ \t]*(?:#[^\n]*)?\n)*([ \t]*)\S/.exec(rest);
      if (indent > 0 && (!next || (next[1] ?? '').length < indent)) out.push(m.index);
    }
    return out;
  }
  EMPTY_BRACES.lastIndex = 0;
  for (let m = EMPTY_BRACES.exec(text); m; m = EMPTY_BRACES.exec(text)) {
    let i = m.index - 1;
    while (i >= 0 && /\s/.test(text[i] ?? '')) i--;
    const prev = text[i] ?? '';
    // `= {}`, `f({})`, `[{}]`, `a ? {} : b`, `return {}`: object literals, not bodies.
    if (/[=(,[:?&|!{}]/.test(prev) && !(prev === '>' || prev === ')')) continue;
    if (/\b(return|yield|await|in|of|typeof|case)$/.test(text.slice(Math.max(0, i - 6), i + 1))) continue;
    if (prev === ')' && !callableBeforeParens(text, i, grammar)) continue;
    // Go: `T{}`, `[]string{}`, `map[K]V{}` are composite literals; a body follows a parameter list,
    // or a result type on a line that starts the signature (`func f() error {}`) or ends it (`) error {}`).
    if (grammar === 'go' && prev !== ')' && !/^\s*(func\b|\))/.test(text.slice(text.lastIndexOf('\n', i) + 1, i + 1))) continue;
    out.push(m.index);
  }
  return out;
}

const NOT_A_FUNCTION = /^(if|for|while|switch|catch|with|using|lock|fixed|foreach|synchronized|constructor|super|this|_*(noop|no_?op|nop))$/i;

/** `name(…) {}`: whether the word before the parameter list can name a function (not `if`, `catch`, `constructor`). */
function callableBeforeParens(text: string, close: number, grammar?: GrammarName): boolean {
  let depth = 0;
  let i = close;
  for (; i >= 0; i--) {
    const ch = text[i];
    if (ch === ')') depth++;
    else if (ch === '(' && --depth === 0) break;
  }
  if (i < 0) return true;
  const before = identifierBefore(text, Math.max(0, i - 120), i);
  // Go's `func() {}` is a function literal: a callback, never a declared function.
  if (grammar === 'go' && before === 'func') return false;
  return before === undefined || !NOT_A_FUNCTION.test(before);
}

const SPACE = /\s/;
const IDENTIFIER_CHAR = /[\w$]/;

/**
 * What `/([A-Za-z_$][\w$]*)\s*(<[^<>()]*>)?\s*$/` captures in `text.slice(from, to)` — the name
 * before a parameter list, past an optional type-parameter list — read backwards from `to` instead
 * of trying the expression at every offset of the slice.
 */
function identifierBefore(text: string, from: number, to: number): string | undefined {
  let j = to - 1;
  while (j >= from && SPACE.test(text[j] as string)) j--;
  if (j >= from && text[j] === '>') {
    let k = j - 1;
    while (k >= from && !'<>()'.includes(text[k] as string)) k--;
    if (k < from || text[k] !== '<') return undefined;
    j = k - 1;
    while (j >= from && SPACE.test(text[j] as string)) j--;
  }
  let start = j + 1;
  while (start > from && IDENTIFIER_CHAR.test(text[start - 1] as string)) start--;
  // The expression's leftmost match starts at the run's first character that may begin a name.
  while (start <= j && /[0-9]/.test(text[start] as string)) start++;
  return start <= j ? text.slice(start, j + 1) : undefined;
}

function pythonTrivial(stmt: Node): 'pass' | 'ellipsis' | 'docstring' | undefined {
  if (stmt.type === 'pass_statement') return 'pass';
  if (stmt.type === 'expression_statement' && stmt.namedChildCount === 1) {
    const only = stmt.namedChildren[0];
    if (only?.type === 'ellipsis') return 'ellipsis';
    if (only?.type === 'string' || only?.type === 'concatenated_string') return 'docstring';
  }
  return undefined;
}

export function checkEmptyBody(ctx: StructureContext, offset: number): StructureHit | undefined {
  const at = ctx.root.descendantForIndex(offset, offset + 1);
  if (!at) return undefined;
  let body: Node | null = null;
  if (ctx.grammar === 'python') {
    for (let n: Node | null = at; n && !body; n = n.parent) if (n.type === 'block') body = n;
  } else {
    body = at.type === '{' ? at.parent : ctx.profile.blocks.has(at.type) ? at : null;
  }
  if (!body || !ctx.profile.blocks.has(body.type)) return undefined;
  const fn = body.parent;
  if (!fn || !ctx.profile.functions.has(fn.type) || !sameNode(fn.childForFieldName('body'), body)) return undefined;
  const statements = statementsOf(ctx.profile, body);
  let shape = 'an empty body';
  if (ctx.grammar === 'python') {
    const kinds = statements.map(pythonTrivial);
    if (kinds.some((k) => k === undefined)) return undefined;
    shape = kinds.includes('pass') ? 'only `pass`' : kinds.includes('ellipsis') ? 'only `...`' : 'only a docstring';
  } else if (statements.length > 0) {
    return undefined;
  }
  const comments = commentsOf(ctx.profile, body).map((c) => c.text);
  if (comments.some((c) => INTENTIONAL.test(c) || EMPTY_SAYING.test(c))) return undefined;
  if (ctx.grammar === 'python' && statements.some((st) => pythonTrivial(st) === 'docstring' && INTENTIONAL.test(st.text))) return undefined;
  // The doc comment above says so: "SetAttributes does nothing.", "provides a no-op implementation".
  if (INTENTIONAL.test(docCommentOf(ctx, fn))) return undefined;
  const facts = functionFacts(ctx, fn);
  if (facts.role !== 'declared') return undefined;
  if (ctx.grammar === 'go' && goDeliberatelyEmpty(ctx, fn, facts)) return undefined;
  if (facts.name && NOOP_NAME.test(facts.name)) return undefined;
  if (facts.name && /^on[A-Z]/.test(facts.name) && (fn.type === 'arrow_function' || fn.type === 'function_expression')) return undefined;
  if (isDoubleClass(facts) || classIsAbstractish(ctx, facts) || hasOverrideMarker(facts)) return undefined;
  if (facts.decorators.some((d) => ABSTRACT_DECORATOR.test(d))) return undefined;
  // Go types implement interfaces implicitly: any method may be one.
  const implementsSomething = classImplementsSomething(ctx, facts.classNode) || (ctx.grammar === 'go' && fn.type === 'method_declaration');
  if (facts.name && (HOOK_NAME.test(facts.name) || LISTENER_NAME.test(facts.name)) && implementsSomething) return undefined;
  // A lifecycle hook (`deactivate`, `dispose`, `close`) whose body only explains why there is nothing to do.
  if (facts.name && HOOK_NAME.test(facts.name) && comments.length > 0) return undefined;
  // A teardown hook with nothing to release (`export function deactivate() {}` of a VS Code extension).
  if (facts.name && TEARDOWN_NAME.test(facts.name)) return undefined;
  if (ctx.grammar === 'python' && definedConditionally(fn)) return undefined;
  if (ctx.grammar === 'go' && facts.name && /^[a-z]/.test(facts.name) && fn.type === 'method_declaration') {
    // Unexported parameterless methods with no result mark a type as implementing a sealed interface.
    if (/^\(\s*\)$/.test(fieldText(fn, 'parameters') ?? '') && !fn.childForFieldName('result')) return undefined;
  }
  if (ctx.grammar === 'rust' && facts.classNode?.type === 'trait_item') return undefined;
  if (ctx.grammar === 'rust' && facts.name === 'drop' && classImplementsSomething(ctx, facts.classNode)) return undefined;
  return hitAtName(facts, 'empty-body', `${describe(facts)} has ${shape}${comments.length ? ' (comments only)' : ''}`);
}

/** The comment lines directly above a declaration (or its decorators / export), joined. */
function docCommentOf(ctx: StructureContext, fn: Node): string {
  let decl: Node = fn;
  while (decl.parent && /^(decorated_definition|export_statement)$/.test(decl.parent.type)) decl = decl.parent;
  const lines: string[] = [];
  let row = decl.startPosition.row;
  for (let prev = decl.previousNamedSibling; prev && ctx.profile.comments.has(prev.type) && prev.endPosition.row >= row - 1; prev = prev.previousNamedSibling) {
    // A suppression directive is not documentation.
    if (!/swarm-ignore/.test(prev.text)) lines.unshift(prev.text);
    row = prev.startPosition.row;
  }
  return lines.join('\n');
}

/**
 * Go idioms for a method that does nothing on purpose: the receiver or every parameter left unnamed
 * (`func (*noCopy) Lock() {}`, `func (p *File) ProtoType(protoreflect.FileDescriptor) {}`), a marker
 * method (`_expressionNode()`), the variant of a platform-specific file, a no-op package.
 */
function goDeliberatelyEmpty(ctx: StructureContext, fn: Node, facts: FunctionFacts): boolean {
  if (ctx.platformVariant) return true;
  if (facts.name?.startsWith('_')) return true;
  // Marker methods: `ProtoMessage()`, `IsHTTP2NoCachedConnError()` (an `Is…` without a result is no predicate).
  if (fn.type === 'method_declaration' && !fn.childForFieldName('result') && /^(Proto[A-Z]\w*|Is[A-Z]\w*)$/.test(facts.name ?? '') && /^\(\s*\)$/.test(fieldText(fn, 'parameters') ?? '')) return true;
  if (/^package\s+(noop|nop|discard)\b/m.test(ctx.text)) return true;
  const unnamed = (list: Node | null): boolean | undefined => {
    const params = (list?.namedChildren ?? []).filter((p): p is Node => !!p && /parameter_declaration$/.test(p.type));
    if (params.length === 0) return undefined;
    return params.every((p) => {
      const names = p.childrenForFieldName('name').filter((n): n is Node => !!n);
      return names.length === 0 || names.every((n) => n.text === '_');
    });
  };
  if (fn.type === 'method_declaration' && unnamed(fn.childForFieldName('receiver')) === true) return true;
  return unnamed(fn.childForFieldName('parameters')) === true;
}

// ---------------------------------------------------------------- stub throws

/** A file that may contain a stub throw/raise/panic. */
export const STUB_THROW_PREFILTER = /NotImplemented|not\s+(yet\s+)?implemented|unimplemented|\btodo!|\bTODO\b|implement\s+me|\bstub\b/i;
const STUB_THROW_TRIGGER = /NotImplemented(Error|Exception)\b|not\s+(yet\s+)?implemented|\bunimplemented!?|\btodo!|\bTODO\b|implement\s+me|\bstub\b/gi;
const STUB_MESSAGE = /^\W*(not (yet )?implemented|unimplemented|todo|tbd|implement me|stub|fixme|not done|coming soon|to do)\b|\bnot (yet )?implemented\b|\bimplement me\b/i;
const BARE_MESSAGE = /^\W*((method|function|feature)\s+)?(not (yet )?implemented( yet)?|unimplemented|todo|tbd|implement me|stub|fixme|not done( yet)?|coming soon|to do)\W*$/i;
const STUB_TYPE = /\bNotImplemented(Error|Exception)\b|\b(todo|unimplemented)!/;
const THROWING =
  /^(throw\b|raise\b|panic\s*\(|(return\s+)?(todo|unimplemented|panic)!|return\b[\s\S]{0,200}?(errors\.New|fmt\.Errorf|status\.Errorf?|\bErr\(|reject\(|Promise\.reject|NotImplemented(Error|Exception)))/;

const UNSUPPORTED_PLATFORM =
  /\b(on|for) (this |the |non-?[\w-]+ |\w+ )?(platforms?|os|operating systems?|architectures?|%s|%v|windows|plan9|darwin|linux|js|wasm|z\/os|ios|android|macos)\b|\bunsupported (platform|os|architecture)\b/i;

/** What a statement that fails must start with (THROWING's keywords), looked for before a trigger. */
const FAILING_KEYWORD = /\b(throw|raise|panic|return)\b|\b(todo|unimplemented)!/;

export function stubThrowCandidates(text: string): number[] {
  const out: number[] = [];
  STUB_THROW_TRIGGER.lastIndex = 0;
  for (let m = STUB_THROW_TRIGGER.exec(text); m; m = STUB_THROW_TRIGGER.exec(text)) {
    // A trigger on a comment line is never a failing statement's message (the tree check would drop
    // it); one inside such a statement sits a few lines at most after its keyword. Either way, a
    // file whose TODOs are all in comments needs no parse for this rule.
    const lineStart = text.lastIndexOf('\n', m.index - 1) + 1;
    if (/^\s*(\/\/|#|\*|\/\*)/.test(text.slice(lineStart, m.index))) continue;
    if (FAILING_KEYWORD.test(text.slice(Math.max(0, m.index - 600), m.index + m[0].length))) out.push(m.index);
  }
  return out;
}

/** The statement that holds `node`: the ancestor directly inside a block or forming an expression body. */
function statementOf(ctx: StructureContext, node: Node): Node | undefined {
  for (let n: Node | null = node, depth = 0; n && depth < 12; n = n.parent, depth++) {
    const parent = n.parent;
    if (!parent) return undefined;
    if (ctx.profile.functions.has(n.type) || ctx.profile.classes.has(n.type)) return undefined;
    if (ctx.profile.blocks.has(parent.type) || parent.type === 'statement_list' || parent.type === 'block') return n;
    if (parent.type === 'arrow_expression_clause') return parent;
    if (ctx.profile.functions.has(parent.type) && sameNode(parent.childForFieldName('body'), n)) return n;
    if (parent.type === 'switch_section' || parent.type === 'switch_case' || parent.type === 'switch_default' || parent.type === 'switch_block_statement_group' || parent.type === 'match_arm' || parent.type === 'switch_rule') return n;
  }
  return undefined;
}

function firstStringContent(ctx: StructureContext, stmt: Node): string | undefined {
  const stack: Node[] = [stmt];
  while (stack.length) {
    const n = stack.shift();
    if (!n) break;
    if (ctx.profile.strings.has(n.type)) return n.text.replace(/^[@$rRbBuUfF#]*("""|'''|"|'|`)|("""|'''|"|'|`)#*$/g, '');
    for (const c of n.namedChildren) if (c) stack.push(c);
  }
  return undefined;
}

export function checkStubThrow(ctx: StructureContext, offset: number): StructureHit | undefined {
  const at = ctx.root.descendantForIndex(offset, offset + 1);
  if (!at) return undefined;
  // Comments are the phrase rules' business.
  if (ctx.profile.comments.has(at.type)) return undefined;
  const stmt = statementOf(ctx, at);
  if (!stmt) return undefined;
  const stmtText = stmt.type === 'arrow_expression_clause' ? stmt.text.replace(/^=>\s*/, '') : stmt.text;
  if (!THROWING.test(stmtText.trimStart())) return undefined;
  const message = firstStringContent(ctx, stmt);
  const explicitType = STUB_TYPE.test(stmtText);
  if (!explicitType && !(message && STUB_MESSAGE.test(message))) return undefined;
  if (/^\s*return\s+NotImplemented\s*$/.test(stmtText)) return undefined;
  const fn = enclosingFunction(ctx.profile, stmt);
  if (!fn) return undefined;
  const facts = functionFacts(ctx, fn);
  const body = fn.childForFieldName('body');
  let direct = sameNode(body, stmt) || sameNode(stmt.parent, body) || (stmt.parent?.type === 'statement_list' && sameNode(stmt.parent.parent, body));
  if (stmt.type === 'arrow_expression_clause' && sameNode(stmt.parent, fn)) direct = true;
  const bare = !message || BARE_MESSAGE.test(message);
  const macro = /^(return\s+)?todo!/.test(stmtText.trimStart()) || (ctx.grammar === 'go' && !!message && /^\W*(todo|implement me)\W*$/i.test(message));
  if (!direct && !bare && !macro) return undefined;
  if (!direct && facts.name && /^__\w+__$/.test(facts.name)) return undefined;
  if (message && SUBCLASS_MESSAGE.test(message)) return undefined;
  if (facts.decorators.some((d) => ABSTRACT_DECORATOR.test(d))) return undefined;
  if (isDoubleClass(facts) || classIsAbstractish(ctx, facts)) return undefined;
  if (facts.name && FAIL_HELPER.test(facts.name)) return undefined;
  // The variant for a platform or build that lacks the feature, said so or named so.
  if (ctx.platformVariant || (message && UNSUPPORTED_PLATFORM.test(message)) || (facts.name && /dummy|unsupported|notsupported/i.test(facts.name))) return undefined;
  const firstLineEnd = stmt.text.indexOf('\n');
  const what = explicitType ? (/NotImplemented\w*|todo!|unimplemented!/.exec(stmtText)?.[0] ?? 'not implemented') : `"${truncate(message ?? '', 40)}"`;
  return {
    rule: 'not-implemented-throw',
    start: stmt.startIndex,
    end: firstLineEnd === -1 ? stmt.endIndex : stmt.startIndex + firstLineEnd,
    message: direct ? `${describe(facts)} is a stub: its body only fails with ${what}` : `Unfinished branch in ${describe(facts)} fails with ${what}`,
  };
}

// ---------------------------------------------------------------- echoed answers

const ECHO_TEXT = /^\W*(ai |bot |assistant |model |mock |fake |simulated |generated |llm |gpt )?(response|answer|reply|completion|echo|you said|you asked|received|processed)( to| for| from| of)?\W*$/i;

function parameterNames(fn: Node): Set<string> {
  const names = new Set<string>();
  const params = fn.childForFieldName('parameters') ?? fn.childForFieldName('parameter');
  if (!params) return names;
  if (params.type === 'identifier') names.add(params.text);
  for (const p of params.namedChildren) {
    if (!p) continue;
    const named = p.childForFieldName('pattern') ?? p.childForFieldName('name') ?? (p.type === 'identifier' ? p : p.namedChildren.find((c) => c?.type === 'identifier'));
    if (named) for (const id of named.text.match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(id);
  }
  return names;
}

function rootIdentifier(expr: string): string | undefined {
  return /^\s*(?:await\s+)?([A-Za-z_$][\w$]*)/.exec(expr)?.[1];
}

const INPUT_NAME = /prompt|message|msg|input|query|question|text|content|^q$|utterance|request|^req$|body|instruction|ask/i;

const RETURN_PATH = new Set([
  'binary_operator', 'return_statement', 'return_expression', 'parenthesized_expression', 'object', 'pair', 'array', 'list', 'dictionary', 'await_expression',
  'arguments', 'argument_list', 'call_expression', 'call', 'keyword_argument', 'expression_list', 'binary_expression', 'token_tree',
  'macro_invocation', 'field_initializer', 'field_initializer_list', 'struct_expression', 'composite_literal', 'literal_value', 'keyed_element',
  'literal_element', 'object_creation_expression', 'initializer_expression', 'anonymous_object_creation_expression', 'as_expression',
  'satisfies_expression', 'invocation_expression', 'method_invocation', 'template_substitution',
]);

/** `return \`Response to: ${prompt}\``: a reply built only from the function's own input. */
export function checkEcho(ctx: StructureContext, str: Node, literal: string): StructureHit | undefined {
  const fn = enclosingFunction(ctx.profile, str);
  if (!fn) return undefined;
  const params = parameterNames(fn);
  if (params.size === 0) return undefined;
  const embedded: string[] = [];
  for (const c of str.namedChildren) {
    if (c && ctx.profile.embeddedCode.has(c.type)) embedded.push(c.text.replace(/^\$?\{|\}$/g, ''));
  }
  let text = literal;
  if (embedded.length === 0) {
    // "Response to: " + prompt, fmt.Sprintf("Response to: %s", prompt), format!("Echo: {}", msg)
    const parent = str.parent;
    if (!parent) return undefined;
    const siblings = parent.namedChildren.filter((c): c is Node => !!c && !sameNode(c, str) && !ctx.profile.strings.has(c.type));
    if ((parent.type === 'binary_expression' || parent.type === 'binary_operator') && /\+/.test(ctx.text.slice(parent.startIndex, parent.endIndex))) {
      for (const s of siblings) embedded.push(s.text);
    } else if (/^(argument_list|arguments|token_tree)$/.test(parent.type) && /%[sdvq]|\{\}|\{0\}/.test(literal)) {
      for (const s of siblings) embedded.push(s.text);
      text = literal.replace(/%[sdvq]|\{\}|\{0\}/g, ' ');
    }
  }
  if (embedded.length === 0 || !ECHO_TEXT.test(text.replace(/\$?\{[^}]*\}/g, ' '))) return undefined;
  // Echoed from the caller's input: the prompt, message or question it was given.
  if (!embedded.every((e) => params.has(rootIdentifier(e) ?? '') && INPUT_NAME.test(rootIdentifier(e) ?? ''))) return undefined;
  // Only a value the function returns is an answer; a log line or an error message is not.
  let returned = false;
  for (let n: Node | null = str.parent, depth = 0; n && depth < 8; n = n.parent, depth++) {
    if (n.type === 'return_statement' || n.type === 'return_expression') {
      returned = true;
      break;
    }
    if (sameNode(n, fn)) break;
    if (ctx.profile.functions.has(n.type)) {
      returned = n.type === 'arrow_function' || n.type === 'lambda_expression';
      break;
    }
    if (n.type === 'block' && ctx.grammar === 'rust' && sameNode(n, fn.childForFieldName('body'))) {
      returned = true;
      break;
    }
    if (!RETURN_PATH.has(n.type)) break;
    if (/^(call_expression|call|invocation_expression|method_invocation|macro_invocation)$/.test(n.type)) {
      const callee = (n.childForFieldName('function') ?? n.childForFieldName('macro') ?? n.childForFieldName('name'))?.text ?? '';
      if (/(^|\.)(log\w*|debug|info|warn\w*|error|errorf|trace|print|println|printf|fatal\w*|assert\w*|panic|fail\w*|throw\w*)$|Error$/i.test(callee)) break;
    }
  }
  if (!returned) return undefined;
  return { rule: 'canned-answer', start: str.startIndex, end: str.endIndex, message: `${describe(functionFacts(ctx, fn))} answers by echoing its input ("${truncate(str.text, 50)}") instead of computing a result` };
}

// ---------------------------------------------------------------- mock data in production code

export const MOCK_IDENTIFIER = /\b(?:mock|fake|dummy)(?:[A-Z_][\w$]*)|\b(?:MOCK|FAKE|DUMMY)_\w+/g;
const DECLARATION_PARENTS = /^(variable_declarator|assignment|const_spec|var_spec|let_declaration|const_item|static_item|short_var_declaration|expression_list|public_field_definition|field_declaration|property_declaration|assignment_expression|pattern_list)$/;
const LITERAL_VALUE =
  /^(object|array|list|dictionary|set|tuple|string|template_string|composite_literal|array_expression|struct_expression|array_initializer|array_creation_expression|implicit_array_creation_expression|object_creation_expression|interpreted_string_literal|raw_string_literal|string_literal|collection_expression|initializer_expression|macro_invocation|expression_list|as_expression|satisfies_expression)$/;

export function checkMockIdentifier(ctx: StructureContext, offset: number, length: number): StructureHit | undefined {
  const id = ctx.root.descendantForIndex(offset, offset + length);
  if (!id || !/identifier|^name$/.test(id.type) || id.text.length !== length) return undefined;
  let decl = id.parent;
  if (decl?.type === 'expression_list' || decl?.type === 'pattern_list') decl = decl.parent;
  if (!decl || !DECLARATION_PARENTS.test(decl.type)) return undefined;
  const nameSide = decl.childForFieldName('name') ?? decl.childForFieldName('left') ?? decl.childForFieldName('pattern') ?? decl.namedChildren[0];
  if (!nameSide || nameSide.startIndex > id.startIndex || nameSide.endIndex < id.endIndex) return undefined;
  let value = decl.childForFieldName('value') ?? decl.childForFieldName('right');
  if (!value && ctx.grammar === 'c-sharp') value = decl.namedChildren.find((c) => c && c.startIndex > id.endIndex) ?? null;
  if (value?.type === 'expression_list') value = value.namedChildren[0] ?? null;
  if (!value || !LITERAL_VALUE.test(value.type)) return undefined;
  if (value.type === 'macro_invocation' && !/^vec!|^json!|^hashmap!/.test(value.text)) return undefined;
  const facts = enclosingFunction(ctx.profile, decl);
  const cls = enclosingClass(ctx.profile, decl);
  const className = fieldText(cls, 'name');
  if (className && DOUBLE_CLASS.test(className)) return undefined;
  if (facts) {
    const fnFacts = functionFacts(ctx, facts);
    if (isDoubleClass(fnFacts)) return undefined;
  }
  return { rule: 'mock-data', start: id.startIndex, end: id.endIndex, message: `\`${id.text}\` holds canned data in production code` };
}
