import { JsonText, canonical, canonicalIn, hasToken } from './json-text';

/** The web identity to take out of a trust policy, in the canonical form of `json-text.ts`. */
export interface WebIdentitySubject {
  /** ARN of the cluster's IAM OIDC provider (`Principal.Federated`). */
  readonly provider: string;
  /** The provider's issuer, which prefixes its condition keys (`<issuer>:sub`). */
  readonly issuer: string;
  /** `system:serviceaccount:<namespace>:<name>`. */
  readonly subject: string;
}

/** A statement that still trusts the subject after the change, and why it could not be changed. */
export interface KeptStatement {
  /** `Sid`, or the statement's position (from 1). */
  readonly statement: string;
  readonly reason: string;
}

/** What taking a subject out of a list of statements did. */
export interface TrustChange {
  readonly statements: any[];
  /** Statements that trusted the subject and no longer do (dropped or narrowed). */
  readonly changed: number;
  readonly kept: KeptStatement[];
}

/** Reads a condition block that is an intrinsic (a `CfnJson`), or returns `undefined`. */
export type ConditionReader = (block: unknown) => JsonText | undefined;

// IRSA trusts a service account with the condition `<issuer>:sub` = `system:serviceaccount:<namespace>:<name>`.
// Source: aws/aws-cdk packages/aws-cdk-lib/aws-eks/lib/service-account.ts @ 07a95783df95c1d73aec3be34ef41af451fbff38 (checked 2026-12-01)
const SUB = ':sub';
const WEB_IDENTITY = 'sts:assumerolewithwebidentity';

/**
 * Takes the web-identity trust of one service account on one OIDC provider out of resolved trust
 * statements, and nothing else: other providers, other service accounts and other principals keep
 * their trust. A statement that names only this subject goes; a list of subjects loses this one; a
 * statement shared with other providers loses this provider. Where the subject is trusted in a way
 * that cannot be taken apart from others' trust (a pattern, no `sub` test, a condition unreadable at
 * synth time), the statement stays and is reported in `kept`.
 */
export function withoutWebIdentity(statements: any[], subject: WebIdentitySubject, read: ConditionReader): TrustChange {
  const result: any[] = [];
  const kept: KeptStatement[] = [];
  let changed = 0;
  statements.forEach((statement, index) => {
    const outcome = rewrite(statement, subject, read);
    if (outcome.kept) kept.push({ statement: typeof statement.Sid === 'string' ? statement.Sid : `#${index + 1}`, reason: outcome.kept });
    if (outcome.changed) changed++;
    if (outcome.statement) result.push(outcome.statement);
  });
  return { statements: result, changed, kept };
}

interface Outcome {
  /** The statement to keep in its place, if any. */
  readonly statement?: any;
  readonly changed?: boolean;
  readonly kept?: string;
}

/** A condition key: as written, its values as written, and their canonical forms. */
interface Entry {
  readonly key: string;
  readonly values: any[];
  readonly canonicalValues: string[];
}

/** One condition block: its operator, and its entries by canonical key. */
interface Block {
  readonly operator: string;
  readonly entries: Map<string, Entry>;
  /** Whether the block is a CfnJson whose keys or values hold intrinsics (it cannot be written back). */
  readonly frozen: boolean;
}

function rewrite(statement: any, subject: WebIdentitySubject, read: ConditionReader): Outcome {
  const unchanged = { statement };
  if (!grantsWebIdentity(statement)) return unchanged;
  const federated: any[] = [].concat(statement.Principal.Federated);
  if (!federated.some(provider => canonical(provider) === subject.provider)) return unchanged;

  const blocks = readBlocks(statement.Condition, read);
  if (!blocks) return { ...unchanged, kept: 'has a condition this library cannot read at synth time' };
  const subKey = subject.issuer + SUB;
  const tests = blocks.filter(block => block.entries.has(subKey));
  if (tests.length === 0) return { ...unchanged, kept: 'does not test `sub`, so it trusts every service account of the cluster' };
  for (const test of tests) {
    if (test.operator !== 'StringEquals' && test.operator !== 'StringLike') {
      return { ...unchanged, kept: `tests \`sub\` with ${test.operator}, which this library does not rewrite` };
    }
    // Operators AND together: if one does not admit the subject, the statement does not trust it.
    if (!test.entries.get(subKey)!.canonicalValues.some(value => admits(test.operator, value, subject.subject))) return unchanged;
  }

  // The subject goes if some test admits it by its exact name only.
  const exact = tests.find(test => test.entries.get(subKey)!.canonicalValues
    .every(value => value === subject.subject || !admits(test.operator, value, subject.subject)));
  if (!exact) {
    const patterns = tests.flatMap(test => test.entries.get(subKey)!.canonicalValues
      .filter(value => value !== subject.subject && admits(test.operator, value, subject.subject)));
    return { ...unchanged, kept: `admits it through the pattern ${patterns.map(p => `'${p}'`).join(', ')}, which other service accounts may match` };
  }
  const entry = exact.entries.get(subKey)!;
  const others = entry.values.filter((_, i) => entry.canonicalValues[i] !== subject.subject);
  if (others.length > 0) {
    if (exact.frozen) return { ...unchanged, kept: 'also names other service accounts in a CfnJson condition with tokens, which cannot be narrowed at synth time' };
    return { statement: withCondition(statement, exact, entry.key, others.length === 1 ? others[0] : others), changed: true };
  }

  // No other service account of this provider is left: the provider goes from the statement.
  const otherProviders = federated.filter(provider => canonical(provider) !== subject.provider);
  const otherPrincipals: Record<string, any> = { ...statement.Principal };
  delete otherPrincipals.Federated;
  if (otherProviders.length === 0 && Object.keys(otherPrincipals).length === 0) return { changed: true };
  const issuerKeys = blocks.filter(block => [...block.entries.keys()].some(key => key.startsWith(subject.issuer + ':')));
  if (issuerKeys.some(block => block.frozen)) {
    return { ...unchanged, kept: 'trusts other principals too, with a CfnJson condition with tokens that cannot be narrowed at synth time' };
  }
  const principal = otherProviders.length === 0 ? otherPrincipals
    : { ...otherPrincipals, Federated: otherProviders.length === 1 ? otherProviders[0] : otherProviders };
  const next = { ...statement, Principal: principal, Condition: withoutIssuer(statement.Condition, blocks, subject.issuer) };
  if (next.Condition === undefined) delete next.Condition;
  return { statement: next, changed: true };
}

function grantsWebIdentity(statement: any): boolean {
  if (statement?.Effect !== 'Allow' || typeof statement.Principal !== 'object' || statement.Principal === null) return false;
  if (statement.Principal.Federated === undefined) return false;
  const actions: unknown[] = [].concat(statement.Action ?? []);
  return actions.some(action => typeof action === 'string' && globMatches(WEB_IDENTITY, action.toLowerCase()));
}

/** The condition blocks of a statement, or `undefined` if one cannot be read. */
function readBlocks(condition: unknown, read: ConditionReader): Block[] | undefined {
  if (condition === undefined) return [];
  if (!isPlainObject(condition)) return undefined;
  const blocks: Block[] = [];
  for (const [operator, raw] of Object.entries(condition)) {
    const inlined = isPlainObject(raw) && !isIntrinsic(raw);
    const json = inlined ? { value: raw, tokens: [] } : read(raw);
    if (!json || !isPlainObject(json.value)) return undefined;
    const entries = new Map<string, Entry>();
    let tokens = false;
    for (const [key, value] of Object.entries<any>(json.value)) {
      const values: any[] = [].concat(value);
      // Inline values may be intrinsics themselves; the values of a CfnJson are strings with placeholders.
      const canonicalValues = values.map(v => typeof v === 'string' ? canonicalIn(json, v) : canonical(v));
      const canonicalKey = canonicalIn(json, key);
      tokens = tokens || hasToken(canonicalKey) || canonicalValues.some(hasToken);
      entries.set(canonicalKey, { key, values, canonicalValues });
    }
    blocks.push({ operator, entries, frozen: !inlined && tokens });
  }
  return blocks;
}

/** The statement with one condition key set to `value`; its block is written out inline. */
function withCondition(statement: any, block: Block, key: string, value: any): any {
  return { ...statement, Condition: { ...statement.Condition, [block.operator]: { ...inline(block), [key]: value } } };
}

/** The condition without the keys of `issuer`, and without blocks left empty. */
function withoutIssuer(original: any, blocks: Block[], issuer: string): any {
  if (original === undefined) return undefined;
  const condition: Record<string, any> = {};
  for (const block of blocks) {
    const entries = [...block.entries.entries()].filter(([canonicalKey]) => !canonicalKey.startsWith(issuer + ':'));
    if (entries.length === 0) continue;
    condition[block.operator] = entries.length === block.entries.size ? original[block.operator]
      : Object.fromEntries(entries.map(([, entry]) => [entry.key, entry.values.length === 1 ? entry.values[0] : entry.values]));
  }
  return Object.keys(condition).length > 0 ? condition : undefined;
}

/** A block as an inline object (a CfnJson without tokens reads as plain strings). */
function inline(block: Block): Record<string, any> {
  return Object.fromEntries([...block.entries.values()].map(entry => [entry.key, entry.values.length === 1 ? entry.values[0] : entry.values]));
}

function admits(operator: string, value: string, subject: string): boolean {
  return operator === 'StringEquals' ? value === subject : globMatches(subject, value);
}

/** IAM's `StringLike`: `*` stands for any run of characters, `?` for one. */
function globMatches(text: string, pattern: string): boolean {
  const regex = pattern.split('').map(c => c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${regex}$`, 's').test(text);
}

function isPlainObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isIntrinsic(value: Record<string, any>): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
