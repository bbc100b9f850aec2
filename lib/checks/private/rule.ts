import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PodIdentityCheck } from '../check-id';
import { Inventory } from './inventory';

/** One thing a rule found. */
export interface Finding {
  readonly on: IConstruct;
  readonly message: string;
  /** The level of this finding, where it is lower than the rule's (a doubt rather than a fact); by default the rule's. */
  readonly level?: 'warning';
}

/** What a rule may read. */
export interface RuleContext {
  readonly inventory: Inventory;
  /** Folder of previously deployed templates, if the user gave one. */
  readonly previousTemplatesDir?: string;
}

/** A rule of PodIdentityChecks. */
export interface Rule {
  readonly id: PodIdentityCheck;
  readonly level: 'error' | 'warning';
  check(context: RuleContext): Finding[];
}

/** A cluster name for messages: the literal name, or the path of the construct behind a token. */
export function describeCluster(name: string, context: RuleContext, key: string): string {
  const l2 = context.inventory.l2Clusters.get(key);
  const cluster = context.inventory.clusters.get(key);
  if (!Token.isUnresolved(name)) return `'${name}'`;
  return `'${(l2 ?? cluster?.resource)?.node.path ?? name}'`;
}
