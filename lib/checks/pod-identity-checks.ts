import { Annotations, Aspects, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LIBRARY_ID } from '../private/errors';
import { takeInventory } from './private/inventory';
import { RULES } from './private/rules';
import { PodIdentityCheck } from './check-id';

/**
 * Properties of PodIdentityChecks.
 */
export interface PodIdentityChecksProps {
  /**
   * A folder with the templates of the last deployment (a copy of its `cdk.out`), to find associations
   * whose logical ID changed (`PodIdentityCheck.LOGICAL_ID_CHANGE`).
   *
   * @default - logical IDs are not compared
   */
  readonly previousTemplatesDir?: string;
}

const ACKNOWLEDGED = `${LIBRARY_ID}:acknowledged`;
const AUTO = Symbol.for('cdk-eks-pod-identity.PodIdentityChecks.auto');
const CHECKED = new WeakSet<IConstruct>();
// Roots that have the checks already, so that each of thousands of constructs need not search the aspects.
const HAS_CHECKS = new WeakSet<IConstruct>();

/**
 * Synth-time checks across the whole app, for mistakes that EKS would only report at deploy time,
 * or never: duplicate associations, a missing agent, unsupported regions, Kubernetes versions, Outposts,
 * Fargate, Windows nodes, role trust policies, leftover IRSA annotations and changed logical IDs. They
 * recognise resources by CloudFormation type, so aws-eks, aws-eks-v2 and raw L1 resources all count.
 *
 * Apply it with `Aspects.of(app).add(new PodIdentityChecks())`. The constructs of this library also
 * add it for you unless the context key `cdk-eks-pod-identity:checks` is `false`. Findings are
 * errors or warnings with an id each (`PodIdentityCheck`); acknowledge one with
 * `PodIdentityChecks.acknowledge(...)`.
 */
export class PodIdentityChecks implements IAspect {
  /**
   * Acknowledge the findings of rule `check` on `scope` and everything under it, with the reason.
   * The reason is recorded in the construct's metadata.
   */
  public static acknowledge(scope: IConstruct, check: PodIdentityCheck, reason: string): void {
    scope.node.addMetadata(ACKNOWLEDGED, { check, reason });
  }

  /**
   * Add the checks to the app of `scope` once, unless the context key `cdk-eks-pod-identity:checks`
   * is `false`. Used by the constructs of this library.
   */
  public static addTo(scope: IConstruct): void {
    const root = scope.node.root;
    if (HAS_CHECKS.has(root) || String(root.node.tryGetContext(`${LIBRARY_ID}:checks`)) === 'false') return;
    if (!Aspects.of(root).all.some(aspect => aspect instanceof PodIdentityChecks)) {
      const checks = new PodIdentityChecks();
      Object.defineProperty(checks, AUTO, { value: true });
      Aspects.of(root).add(checks);
    }
    HAS_CHECKS.add(root);
  }

  private readonly previousTemplatesDir?: string;

  constructor(props: PodIdentityChecksProps = {}) {
    this.previousTemplatesDir = props.previousTemplatesDir;
  }

  public visit(node: IConstruct): void {
    // The checks look at the whole app at once: the first node they visit is the top of their scope.
    // (Walked up by hand: `node.root` builds the list of all scopes, for every construct of the app.)
    let root: IConstruct = node;
    while (root.node.scope) root = root.node.scope;
    if (CHECKED.has(root) || this.yieldsTo(node)) return;
    CHECKED.add(root);
    const inventory = takeInventory(node);
    for (const rule of RULES) {
      for (const finding of rule.check({ inventory, previousTemplatesDir: this.previousTemplatesDir })) {
        if (isAcknowledged(finding.on, rule.id)) continue;
        const message = `[${LIBRARY_ID}:${rule.id}] ${finding.message}`;
        if ((finding.level ?? rule.level) === 'error') {
          Annotations.of(finding.on).addError(message);
        } else {
          Annotations.of(finding.on).addWarningV2(`${LIBRARY_ID}:${rule.id}`, message);
        }
      }
    }
  }

  // An instance added automatically gives way to one the user added, which may have options.
  private yieldsTo(node: IConstruct): boolean {
    return (this as any)[AUTO] === true
      && Aspects.of(node).all.some(aspect => aspect instanceof PodIdentityChecks && aspect !== this && (aspect as any)[AUTO] !== true);
  }
}

function isAcknowledged(scope: IConstruct, check: PodIdentityCheck): boolean {
  for (let current: IConstruct | undefined = scope; current; current = current.node.scope) {
    if (current.node.metadata.some(entry => entry.type === ACKNOWLEDGED && entry.data?.check === check)) return true;
  }
  return false;
}
