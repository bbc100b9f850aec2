/**
 * The code that an error or warning shows as its fix, written once and rendered in the language of the
 * app that runs the library.
 *
 * A message describes its code with the small constructors below (`construct`, `staticCall`, `call`,
 * `struct`, `ref`, literals, `enumMember`, `setting`, `propName`) and puts `code(...)` where the code goes;
 * the text is TypeScript in a Node.js app, and Python, Java, C# or Go when the jsii runtime of that
 * language runs the library.
 *
 * The jsii runtime of each language tells the library who calls through the `JSII_AGENT` variable of the
 * Node.js process it starts:
 * - Python: `Python/<platform.python_version()>`
 *   // Source: aws/jsii packages/@jsii/python-runtime/src/jsii/_kernel/providers/process.py (_NodeProcess.start) @ 0631fe63ac0e9f3c8fa8bbe32f585508f7311afd (checked 2026-12-07)
 * - Java: `Java/<java.version>`
 *   // Source: aws/jsii packages/@jsii/java-runtime/project/src/main/java/software/amazon/jsii/JsiiRuntime.java (startRuntimeIfNeeded) @ 54e6d5ec9c70e8bb0ca6292d74def177ce8a1816 (checked 2026-12-07)
 * - .NET: `DotNet/<Environment.Version>/<target framework>/<assembly version>`
 *   // Source: aws/jsii packages/@jsii/dotnet-runtime/src/Amazon.JSII.Runtime/Services/NodeProcess.cs (JsiiAgentVersionString) @ 249e171e30c3bfdc8ec84ba71e01c09d8d1ec63c (checked 2026-12-07)
 * - Go: `<runtime.Version()>/<GOOS>/<GOARCH>`, e.g. `go1.22.4/linux/amd64` (no language word: Go's version string starts with `go`, or `devel` for a development build)
 *   // Source: aws/jsii packages/@jsii/go-runtime/jsii-runtime-go/internal/kernel/process/process.go (NewProcess) @ b722f661d414a8fdf2871444a93894d4b4e41965 (checked 2026-12-07)
 * - Node.js: not set (aws-cdk-lib's version reporting then assumes `node.js/<version>` the same way).
 *
 * The renderings follow what jsii-pacmak generates for each language: Python takes a struct that is the
 * last parameter as keyword arguments and names members in snake_case; Java creates a construct with
 * `Xxx.Builder.create(scope, id)...build()` and a struct with `Xxx.builder()...build()`; C# names members
 * in PascalCase and passes props as `new XxxProps { ... }`; Go calls `pkg.NewXxx(...)` and `pkg.Xxx_Method(...)`,
 * wraps literals in `jsii.String(...)` and friends, and passes `nil` for an optional parameter left out.
 * // Source: jsii-pacmak 1.140.0 (node_modules/jsii-pacmak): lib/targets/python.js (codemaker toSnakeCase for members),
 * //   lib/targets/dotnet/nameutils.js (jsiiToPascalCase for properties, methods and enum members: `NODEADM` stays),
 * //   lib/targets/go/types/class.js (`New<Class>`), lib/targets/go/types/enum.js (`<Enum>_<MEMBER>`) (checked 2026-12-07)
 */

/** A language the library's messages can show code in. */
export type CodeLanguage = 'typescript' | 'python' | 'java' | 'csharp' | 'go';

/** The language of the app that runs the library, from `JSII_AGENT` (see above); TypeScript when it is not set. */
export function callerLanguage(agent: string | undefined = process.env.JSII_AGENT): CodeLanguage {
  if (!agent) return 'typescript';
  if (agent.startsWith('Python/')) return 'python';
  if (agent.startsWith('Java/')) return 'java';
  if (agent.startsWith('DotNet/')) return 'csharp';
  if (/^(go\d|devel\b)/.test(agent)) return 'go';
  return 'typescript';
}

/** Where a type comes from: this library (the default), or a module of aws-cdk-lib. */
export interface CodeModule {
  /** How a TypeScript app names it (`iam` for `import * as iam from 'aws-cdk-lib/aws-iam'`); '' when imported by name. */
  readonly typescript: string;
  /** How a Python app names it (`iam` for `from aws_cdk import aws_iam as iam`). */
  readonly python: string;
  /** The Go package (`awsiam`). */
  readonly go: string;
}

/** The types of this library. */
export const THIS_LIBRARY: CodeModule = { typescript: '', python: '', go: 'cdkekspodidentity' };
/** aws-cdk-lib's core module. */
export const CDK_CORE: CodeModule = { typescript: '', python: 'cdk', go: 'awscdk' };
/** aws-cdk-lib/aws-iam. */
export const IAM: CodeModule = { typescript: 'iam', python: 'iam', go: 'awsiam' };
/** aws-cdk-lib/aws-eks. */
export const EKS: CodeModule = { typescript: 'eks', python: 'eks', go: 'awseks' };

/** A type name with its module. */
export interface CodeType {
  readonly name: string;
  readonly module: CodeModule;
}

/** A piece of code. */
export type Code =
  | { readonly kind: 'ref'; readonly name: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'enum'; readonly type: CodeType; readonly member: string }
  | { readonly kind: 'ellipsis' }
  | { readonly kind: 'omitted' }
  | { readonly kind: 'list'; readonly items: Code[]; readonly elementType?: CodeType }
  | { readonly kind: 'map'; readonly entries: Array<[string, Code]> }
  | { readonly kind: 'struct'; readonly type: CodeType; readonly entries: Array<[string, Code]> | 'elided' }
  | { readonly kind: 'new'; readonly type: CodeType; readonly args: Code[]; readonly props?: Code }
  | { readonly kind: 'static'; readonly type: CodeType; readonly method: string; readonly args: Code[] }
  | { readonly kind: 'call'; readonly target?: Code; readonly method: string; readonly args: Code[] }
  | { readonly kind: 'setting'; readonly name: string; readonly value: Code }
  | { readonly kind: 'prop'; readonly name: string };

/** What a description accepts where code goes: code, or a plain value for a literal. */
export type CodeLike = Code | string | number | boolean;

const typeOf = (type: string | CodeType): CodeType => typeof type === 'string' ? { name: type, module: THIS_LIBRARY } : type;

function lift(value: CodeLike): Code {
  switch (typeof value) {
    case 'string': return { kind: 'string', value };
    case 'number': return { kind: 'number', value };
    case 'boolean': return { kind: 'boolean', value };
    default: return value;
  }
}

/** A variable, or `this` (Python `self`, Go `stack`). */
export const ref = (name: string): Code => ({ kind: 'ref', name });
/** `this`: the construct or stack the user's code runs in. */
export const THIS = ref('this');
/** A string literal (plain strings given to the other constructors are literals already). */
export const str = (value: string): Code => ({ kind: 'string', value });
/** `...`: arguments or props left to the reader. */
export const ELLIPSIS: Code = { kind: 'ellipsis' };
/** An optional parameter left out: nothing in most languages, `nil` in Go, which passes every parameter. */
export const OMITTED: Code = { kind: 'omitted' };
/** A member of an enum: `AgentHybridNodes.NODEADM`. */
export const enumMember = (type: string | CodeType, member: string): Code => ({ kind: 'enum', type: typeOf(type), member });
/** A list literal. */
export const list = (items: CodeLike[], elementType?: string | CodeType): Code =>
  ({ kind: 'list', items: items.map(lift), elementType: elementType === undefined ? undefined : typeOf(elementType) });
/** A map from strings to values (`{ '--log-level': 'trace' }`): its keys are data, never renamed. */
export const map = (entries: { [key: string]: CodeLike }): Code =>
  ({ kind: 'map', entries: Object.entries(entries).map(([key, value]) => [key, lift(value)]) });
/**
 * A struct (a props or options object) of a named type; `'elided'` for `{...}`. A member given as
 * `ref(sameName)` renders as a TypeScript shorthand (`{ cluster }`).
 */
export const struct = (type: string | CodeType, entries: { [name: string]: CodeLike } | 'elided'): Code => ({
  kind: 'struct',
  type: typeOf(type),
  entries: entries === 'elided' ? 'elided' : Object.entries(entries).map(([name, value]) => [name, lift(value)]),
});
/**
 * A construct created in `scope` (default `this`): `new Type(scope, id, { ...props })`. The props are a
 * struct of type `<Type>Props`.
 */
export function construct(type: string | CodeType, id: CodeLike, props?: { [name: string]: CodeLike } | 'elided', scope: Code = THIS): Code {
  const t = typeOf(type);
  return { kind: 'new', type: t, args: [scope, lift(id)], props: props === undefined ? undefined : struct({ name: `${t.name}Props`, module: t.module }, props) };
}
/** `new Type(...)` with arguments left to the reader. */
export const constructElided = (type: string | CodeType): Code => ({ kind: 'new', type: typeOf(type), args: [ELLIPSIS] });
/** A static method call: `Type.method(args)`. A struct as last argument is Python's keyword arguments. */
export const staticCall = (type: string | CodeType, method: string, args: CodeLike[] = []): Code =>
  ({ kind: 'static', type: typeOf(type), method, args: args.map(lift) });
/** A method call on a value (`bucket.grantRead(role)`), or a method named alone (`applyWith()`) without a target. */
export const call = (target: Code | undefined, method: string, args: CodeLike[] = []): Code =>
  ({ kind: 'call', target, method, args: args.map(lift) });
/** A prop set to a value, as written among props: `sessionTags: false` (Python `session_tags=False`, Java `.sessionTags(false)`). */
export const setting = (name: string, value: CodeLike): Code => ({ kind: 'setting', name, value: lift(value) });
/** The name of a prop or struct member: `sessionTags` (Python `session_tags`, C# and Go `SessionTags`). */
export const propName = (name: string): Code => ({ kind: 'prop', name });

/** `camelCase` to `snake_case`, as jsii-pacmak names Python members. */
export function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

/** `camelCase` to `PascalCase`, as jsii-pacmak names C# and Go members. */
export const pascalCase = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** Renders code in the caller's language (`JSII_AGENT`), or in the one given. */
export function code(node: CodeLike, language: CodeLanguage = callerLanguage()): string {
  return RENDERERS[language](lift(node));
}

/** Code rendered as a Markdown code span, the way messages quote code: `` `sessionTags: false` ``. */
export const codeSpan = (node: CodeLike, language?: CodeLanguage): string => `\`${code(node, language)}\``;

/** A prop name as a code span: `` `podIdentityAssociations` `` (Python `` `pod_identity_associations` ``). */
export const propSpan = (name: string, language?: CodeLanguage): string => codeSpan(propName(name), language);

type Renderer = (node: Code) => string;

/** The arguments without the optional ones left out at the end (all languages but Go stop there). */
function dropOmitted(args: Code[]): Code[] {
  let end = args.length;
  while (end > 0 && args[end - 1].kind === 'omitted') end--;
  return args.slice(0, end);
}
const isLastStruct = (args: Code[]) => args.length > 0 && args[args.length - 1].kind === 'struct';

// ---- TypeScript ----

function typescriptType(type: CodeType): string {
  return type.module.typescript ? `${type.module.typescript}.${type.name}` : type.name;
}

const typescript: Renderer = (node) => {
  const r = typescript;
  const args = (list_: Code[]) => dropOmitted(list_).map(r).join(', ');
  switch (node.kind) {
    case 'ref': return node.name;
    case 'string': return `'${node.value}'`;
    case 'number': case 'boolean': return String(node.value);
    case 'enum': return `${typescriptType(node.type)}.${node.member}`;
    case 'ellipsis': return '...';
    case 'omitted': return 'undefined';
    case 'list': return `[${node.items.map(r).join(', ')}]`;
    case 'map': return node.entries.length === 0 ? '{}' : `{ ${node.entries.map(([key, value]) => `'${key}': ${r(value)}`).join(', ')} }`;
    case 'struct':
      if (node.entries === 'elided') return '{...}';
      if (node.entries.length === 0) return '{}';
      return `{ ${node.entries.map(([name, value]) => value.kind === 'ref' && value.name === name ? name : `${name}: ${r(value)}`).join(', ')} }`;
    case 'new': return `new ${typescriptType(node.type)}(${args([...node.args, ...(node.props ? [node.props] : [])])})`;
    case 'static': return `${typescriptType(node.type)}.${node.method}(${args(node.args)})`;
    case 'call': return `${node.target ? `${r(node.target)}.` : ''}${node.method}(${args(node.args)})`;
    case 'setting': return `${node.name}: ${r(node.value)}`;
    case 'prop': return node.name;
  }
};

// ---- Python ----

function pythonType(type: CodeType): string {
  return type.module.python ? `${type.module.python}.${type.name}` : type.name;
}

const python: Renderer = (node) => {
  const r = python;
  /** Arguments, a last struct as keyword arguments. */
  const args = (list_: Code[]) => {
    const given = dropOmitted(list_);
    if (!isLastStruct(given)) return given.map(r).join(', ');
    const last = given[given.length - 1] as Extract<Code, { kind: 'struct' }>;
    const keywords = last.entries === 'elided' ? ['...'] : last.entries.map(([name, value]) => `${snakeCase(name)}=${r(value)}`);
    return [...given.slice(0, -1).map(r), ...keywords].join(', ');
  };
  switch (node.kind) {
    case 'ref': return node.name === 'this' ? 'self' : snakeCase(node.name);
    case 'string': return JSON.stringify(node.value);
    case 'number': return String(node.value);
    case 'boolean': return node.value ? 'True' : 'False';
    case 'enum': return `${pythonType(node.type)}.${node.member}`;
    case 'ellipsis': return '...';
    case 'omitted': return 'None';
    case 'list': return `[${node.items.map(r).join(', ')}]`;
    case 'map': return `{${node.entries.map(([key, value]) => `${JSON.stringify(key)}: ${r(value)}`).join(', ')}}`;
    case 'struct': return `${pythonType(node.type)}(${args([node])})`;
    case 'new': return `${pythonType(node.type)}(${args([...node.args, ...(node.props ? [node.props] : [])])})`;
    case 'static': return `${pythonType(node.type)}.${snakeCase(node.method)}(${args(node.args)})`;
    case 'call': return `${node.target ? `${r(node.target)}.` : ''}${snakeCase(node.method)}(${args(node.args)})`;
    case 'setting': return `${snakeCase(node.name)}=${r(node.value)}`;
    case 'prop': return snakeCase(node.name);
  }
};

// ---- Java ----

/** The setters of a builder and its `build()`: `.cluster(cluster).build()`, or `...build()` when elided. */
const javaBuilder = (entries: Array<[string, Code]> | 'elided') =>
  entries === 'elided' ? '...build()' : `${entries.map(([name, value]) => `.${name}(${java(value)})`).join('')}.build()`;

const java: Renderer = (node) => {
  const r = java;
  const args = (list_: Code[]) => dropOmitted(list_).map(r).join(', ');
  switch (node.kind) {
    case 'ref': return node.name;
    case 'string': return JSON.stringify(node.value);
    case 'number': case 'boolean': return String(node.value);
    case 'enum': return `${node.type.name}.${node.member}`;
    case 'ellipsis': return '...';
    case 'omitted': return 'null';
    case 'list': return `List.of(${node.items.map(r).join(', ')})`;
    case 'map': return `Map.of(${node.entries.map(([key, value]) => `${JSON.stringify(key)}, ${r(value)}`).join(', ')})`;
    case 'struct': return `${node.type.name}.builder()${javaBuilder(node.entries)}`;
    case 'new': {
      const props = node.props as Extract<Code, { kind: 'struct' }> | undefined;
      if (!props) return `new ${node.type.name}(${args(node.args)})`;
      return `${node.type.name}.Builder.create(${args(node.args)})${javaBuilder(props.entries)}`;
    }
    case 'static': return `${node.type.name}.${node.method}(${args(node.args)})`;
    case 'call': return `${node.target ? `${r(node.target)}.` : ''}${node.method}(${args(node.args)})`;
    case 'setting': return `.${node.name}(${r(node.value)})`;
    case 'prop': return node.name;
  }
};

// ---- C# ----

const csharp: Renderer = (node) => {
  const r = csharp;
  const args = (list_: Code[]) => dropOmitted(list_).map(r).join(', ');
  switch (node.kind) {
    case 'ref': return node.name;
    case 'string': return JSON.stringify(node.value);
    case 'number': case 'boolean': return String(node.value);
    case 'enum': return `${node.type.name}.${node.member}`;
    case 'ellipsis': return '...';
    case 'omitted': return 'null';
    case 'list': return `new [] { ${node.items.map(r).join(', ')} }`;
    case 'map': return `new Dictionary<string, object> { ${node.entries.map(([key, value]) => `{ ${JSON.stringify(key)}, ${r(value)} }`).join(', ')} }`;
    case 'struct':
      if (node.entries === 'elided') return `new ${node.type.name} { ... }`;
      if (node.entries.length === 0) return `new ${node.type.name} { }`;
      return `new ${node.type.name} { ${node.entries.map(([name, value]) => `${pascalCase(name)} = ${r(value)}`).join(', ')} }`;
    case 'new': return `new ${node.type.name}(${args([...node.args, ...(node.props ? [node.props] : [])])})`;
    case 'static': return `${node.type.name}.${pascalCase(node.method)}(${args(node.args)})`;
    case 'call': return `${node.target ? `${r(node.target)}.` : ''}${pascalCase(node.method)}(${args(node.args)})`;
    case 'setting': return `${pascalCase(node.name)} = ${r(node.value)}`;
    case 'prop': return pascalCase(node.name);
  }
};

// ---- Go ----

const goType = (type: CodeType) => `${type.module.go}.${type.name}`;

const go: Renderer = (node) => {
  const r = go;
  const args = (list_: Code[]) => list_.map(r).join(', ');
  switch (node.kind) {
    case 'ref': return node.name === 'this' ? 'stack' : node.name;
    case 'string': return `jsii.String(${JSON.stringify(node.value)})`;
    case 'number': return `jsii.Number(${node.value})`;
    case 'boolean': return `jsii.Bool(${node.value})`;
    case 'enum': return `${goType(node.type)}_${node.member}`;
    case 'ellipsis': return '...';
    case 'omitted': return 'nil';
    case 'list': return `&[]${node.elementType ? `*${goType(node.elementType)}` : 'interface{}'}{${node.items.map(r).join(', ')}}`;
    case 'map': return `&map[string]interface{}{${node.entries.map(([key, value]) => `${JSON.stringify(key)}: ${r(value)}`).join(', ')}}`;
    case 'struct':
      if (node.entries === 'elided') return `&${goType(node.type)}{...}`;
      return `&${goType(node.type)}{${node.entries.map(([name, value]) => `${pascalCase(name)}: ${r(value)}`).join(', ')}}`;
    case 'new': return `${node.type.module.go}.New${node.type.name}(${args([...node.args, ...(node.props ? [node.props] : [])])})`;
    case 'static': return `${goType(node.type)}_${pascalCase(node.method)}(${args(node.args)})`;
    case 'call': return `${node.target ? `${r(node.target)}.` : ''}${pascalCase(node.method)}(${args(node.args)})`;
    case 'setting': return `${pascalCase(node.name)}: ${r(node.value)}`;
    case 'prop': return pascalCase(node.name);
  }
};

const RENDERERS: { [language in CodeLanguage]: Renderer } = { typescript, python, java, csharp, go };
