/**
 * Which outside names a piece of code uses: identifiers not declared inside it (scopes of
 * functions, blocks, loops, catch clauses and classes respected), with the member read when the
 * name is used as `ns.member`, and string-literal dynamic imports (`import("./x")`, `require("./x")`).
 */
import { type AstNode, TYPE_KEYS, TYPE_WRAPPERS, child, childKeys, children, isNode, isTypeOnly, nameOf } from "./ast";

export type CodeRef = { name: string; member?: string } | { dynamicImport: string };

const FUNCTIONS = new Set(["FunctionDeclaration", "FunctionExpression", "ArrowFunctionExpression"]);

/** Names bound by a declaration pattern (`a`, `{ b, c: [d] }`, `...rest`, `e = 1`). */
export function bindingNames(pattern: AstNode | undefined, names: string[] = []): string[] {
  if (!pattern) return names;
  switch (pattern.type) {
    case "Identifier":
      names.push(pattern.name as string);
      break;
    case "ObjectPattern":
      for (const prop of children(pattern, "properties")) bindingNames(prop.type === "RestElement" ? child(prop, "argument") : child(prop, "value"), names);
      break;
    case "ArrayPattern":
      for (const element of children(pattern, "elements")) bindingNames(element, names);
      break;
    case "AssignmentPattern":
      bindingNames(child(pattern, "left"), names);
      break;
    case "RestElement":
      bindingNames(child(pattern, "argument"), names);
      break;
    case "TSParameterProperty":
      bindingNames(child(pattern, "parameter"), names);
      break;
  }
  return names;
}

/** Names a statement list declares for its own block (let/const/class/function/enum, and var). */
function declaredIn(statements: AstNode[]): string[] {
  const names: string[] = [];
  for (const statement of statements) {
    if (statement.type === "VariableDeclaration") for (const d of children(statement, "declarations")) bindingNames(child(d, "id"), names);
    else if (statement.type === "FunctionDeclaration" || statement.type === "ClassDeclaration" || statement.type === "TSEnumDeclaration") {
      const id = nameOf(child(statement, "id"));
      if (id) names.push(id);
    }
  }
  return names;
}

/** `var` names anywhere in a function body (they are function-scoped), not crossing nested functions. */
function varNames(node: unknown, names: string[]): void {
  if (Array.isArray(node)) return node.forEach((n) => varNames(n, names));
  if (!isNode(node) || FUNCTIONS.has(node.type) || node.type === "ClassBody") return;
  if (node.type === "VariableDeclaration" && node.kind === "var") for (const d of children(node, "declarations")) bindingNames(child(d, "id"), names);
  for (const key of childKeys(node)) varNames(node[key], names);
}

class ReferenceCollector {
  readonly refs: CodeRef[] = [];
  readonly #seen = new Set<string>();
  readonly #scopes: Array<Set<string>> = [];

  #bound(name: string): boolean {
    for (let i = this.#scopes.length - 1; i >= 0; i--) if (this.#scopes[i]!.has(name)) return true;
    return false;
  }

  #add(ref: CodeRef): void {
    const key = "dynamicImport" in ref ? `import:${ref.dynamicImport}` : `${ref.name}.${ref.member ?? ""}`;
    if (this.#seen.has(key)) return;
    this.#seen.add(key);
    this.refs.push(ref);
  }

  #reference(name: string, member?: string): void {
    if (!this.#bound(name)) this.#add(member === undefined ? { name } : { name, member });
  }

  #withScope(names: Iterable<string>, body: () => void): void {
    this.#scopes.push(new Set(names));
    try {
      body();
    } finally {
      this.#scopes.pop();
    }
  }

  visit(node: unknown): void {
    if (Array.isArray(node)) return node.forEach((n) => this.visit(n));
    if (!isNode(node)) return;
    if (TYPE_WRAPPERS.has(node.type)) return this.visit(node.expression);
    if (isTypeOnly(node)) return;
    switch (node.type) {
      case "Identifier":
        return this.#reference(node.name as string);
      case "JSXIdentifier":
        if (/^[A-Z]/.test(node.name as string)) this.#reference(node.name as string);
        return;
      case "JSXAttribute":
        return this.visit(node.value);
      case "MemberExpression":
        return this.#member(node);
      case "Property":
      case "MethodDefinition":
      case "PropertyDefinition":
      case "AccessorProperty":
        this.visit(node.decorators);
        if (node.computed) this.visit(node.key);
        return this.visit(node.value);
      case "LabeledStatement":
        return this.visit(node.body);
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateIdentifier":
      case "ImportDeclaration":
      case "ExportAllDeclaration":
        return;
      case "ExportNamedDeclaration":
        if (!node.source) for (const spec of children(node, "specifiers")) if (!isTypeOnly(spec)) this.visit(spec.local);
        return this.visit(node.declaration);
      case "ImportExpression":
        return this.#dynamicImport(child(node, "source"), node.options);
      case "CallExpression":
        return this.#call(node);
      case "FunctionDeclaration":
      case "FunctionExpression":
      case "ArrowFunctionExpression":
        return this.#function(node);
      case "ClassDeclaration":
      case "ClassExpression":
        return this.#class(node);
      case "VariableDeclarator":
        this.#pattern(child(node, "id"));
        return this.visit(node.init);
      case "CatchClause":
        return this.#withScope(bindingNames(child(node, "param")), () => {
          this.#pattern(child(node, "param"));
          this.visit(node.body);
        });
      case "BlockStatement":
      case "StaticBlock":
        return this.#withScope(declaredIn(children(node, "body")), () => this.visit(node.body));
      case "ForStatement":
      case "ForInStatement":
      case "ForOfStatement": {
        const head = child(node, node.type === "ForStatement" ? "init" : "left");
        const names = head?.type === "VariableDeclaration" ? declaredIn([head]) : [];
        return this.#withScope(names, () => this.#generic(node));
      }
      case "SwitchStatement":
        this.visit(node.discriminant);
        return this.#withScope(declaredIn(children(node, "cases").flatMap((c) => children(c, "consequent"))), () => this.visit(node.cases));
      case "TSEnumDeclaration":
        return this.visit(children(child(node, "body") ?? node, "members").map((m) => m.initializer));
      case "TSParameterProperty":
        return this.#pattern(child(node, "parameter"));
      default:
        return this.#generic(node);
    }
  }

  #generic(node: AstNode): void {
    for (const key of childKeys(node)) if (!TYPE_KEYS.has(key)) this.visit(node[key]);
  }

  #member(node: AstNode): void {
    const object = child(node, "object");
    const property = child(node, "property");
    if (!node.computed && object?.type === "Identifier" && property) return this.#reference(object.name as string, nameOf(property));
    this.visit(object);
    if (node.computed) this.visit(property);
  }

  #call(node: AstNode): void {
    const callee = child(node, "callee");
    const [first] = children(node, "arguments");
    if (callee?.type === "Identifier" && callee.name === "require" && !this.#bound("require") && first?.type === "Literal") {
      return this.#dynamicImport(first, undefined);
    }
    this.#generic(node);
  }

  #dynamicImport(source: AstNode | undefined, options: unknown): void {
    if (source?.type === "Literal" && typeof source.value === "string") this.#add({ dynamicImport: source.value });
    else this.visit(source);
    this.visit(options);
  }

  /** Visits what a binding pattern evaluates: defaults and computed keys, never the bound names. */
  #pattern(pattern: AstNode | undefined): void {
    if (!pattern) return;
    switch (pattern.type) {
      case "Identifier":
        return;
      case "ObjectPattern":
        for (const prop of children(pattern, "properties")) {
          if (prop.type === "RestElement") this.#pattern(child(prop, "argument"));
          else {
            if (prop.computed) this.visit(prop.key);
            this.#pattern(child(prop, "value"));
          }
        }
        return;
      case "ArrayPattern":
        return children(pattern, "elements").forEach((e) => this.#pattern(e));
      case "AssignmentPattern":
        this.#pattern(child(pattern, "left"));
        return this.visit(pattern.right);
      case "RestElement":
        return this.#pattern(child(pattern, "argument"));
      case "TSParameterProperty":
        return this.#pattern(child(pattern, "parameter"));
      default:
        return this.visit(pattern);
    }
  }

  #function(node: AstNode): void {
    const params = children(node, "params");
    const body = child(node, "body");
    const names = params.flatMap((p) => bindingNames(p));
    if (node.type === "FunctionExpression") names.push(...bindingNames(child(node, "id")));
    if (node.type !== "ArrowFunctionExpression") names.push("arguments");
    if (body?.type === "BlockStatement") {
      names.push(...declaredIn(children(body, "body")));
      varNames(body.body, names);
    }
    this.#withScope(names, () => {
      this.visit(node.decorators);
      for (const param of params) this.#pattern(param);
      if (body?.type === "BlockStatement") this.visit(body.body);
      else this.visit(body);
    });
  }

  #class(node: AstNode): void {
    this.visit(node.decorators);
    this.visit(node.superClass);
    this.#withScope(bindingNames(child(node, "id")), () => this.visit(child(node, "body")?.body));
  }
}

/** The outside names `node` uses, in first-use order, without duplicates. */
export function freeReferences(node: AstNode): CodeRef[] {
  const collector = new ReferenceCollector();
  collector.visit(node);
  return collector.refs;
}
