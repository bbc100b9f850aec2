import { Stack, Token } from 'aws-cdk-lib';
import { IClusterRef } from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { call, codeSpan, propSpan, setting } from '../private/code';
import { PodIdentityError, quote } from '../private/errors';
import { isMarkedTargetRole } from '../private/target-role-brand';
import type { PodIdentityTargetRole } from '../role/pod-identity-target-role';
import { explainOmittedCondition } from '../private/omitted-conditions';
import { isV1ClusterOfThisApp, literalClusterName } from '../private/cluster-resource';

// aws-cdk-lib's context key of iam.Role.customizeRoles(): roles are then made by an administrator
// from the policy report, which lists what addToPrincipalPolicy recorded.
const CUSTOMIZE_ROLES_CONTEXT = '@aws-cdk/iam:customizeRoles';

/** `role` if it is a PodIdentityTargetRole, tested by its mark so that an app without one never loads its module. */
export function asTargetRole(role: iam.IRole | undefined): PodIdentityTargetRole | undefined {
  return isMarkedTargetRole(role) ? role as PodIdentityTargetRole : undefined;
}

/**
 * Returns the ARN the association names as its target role, and, when `grant` is on, lets the
 * association's role chain into it (`sts:AssumeRole`, `sts:TagSession`).
 *
 * A PodIdentityTargetRole is named by an ARN built from its name: its trust may refer to the
 * association (its role; with session tags off, its ExternalId), so a reference back to the role
 * would be a cycle in one stack, and would tie the deploy order of two stacks.
 *
 * @throws PodIdentityError when the grant would be silently dropped: a role imported with
 * `mutable: false` takes no policy changes, and EKS could then never chain into the target role.
 */
export function chainTo(association: IConstruct & { readonly role: iam.IRole }, target: iam.IRole, grant: boolean): string {
  const targetRoleArn = asTargetRole(target)?.roleArnByName ?? target.roleArn;
  if (!grant) return targetRoleArn;
  const role = association.role;
  const before = statementsHeldBy(role);
  // The role's permission policy of the EKS User Guide (pod-id-assign-target-role): both actions on the target role.
  // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb (checked 2026-12-01)
  const result = role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['sts:AssumeRole', 'sts:TagSession'],
    resources: [targetRoleArn],
  }));
  const landed = result.statementAdded
    && (association.node.tryGetContext(CUSTOMIZE_ROLES_CONTEXT) !== undefined || statementsHeldBy(role) > before);
  if (!landed) {
    throw new PodIdentityError('target-role-grant-dropped', association,
      `role ${quote(Token.isUnresolved(role.roleArn) ? role.node.path : role.roleArn)} takes no policy changes from this app (a role imported with ${codeSpan(setting('mutable', false))}, or from ${codeSpan(call(undefined, 'withoutPolicyUpdates'))}, does not), so it cannot be given sts:AssumeRole and sts:TagSession on the target role, and EKS could never chain into it`,
      `Grant those two actions on the target role to the role where it is managed and set ${codeSpan(setting('grantAssumeTargetRole', false))}, or import the role with ${codeSpan(setting('mutable', true))} (the default) so that this association grants them`);
  }
  return targetRoleArn;
}

/**
 * The cluster's ARN as the target role's trust can test it (session tag `eks-cluster-arn`), or
 * undefined when it cannot be written without a reference to another stack; then the reason is
 * recorded for the target role's warning.
 *
 * In the cluster's own stack its ARN attribute serves. Elsewhere it is built from literals: the
 * association's account and region (an association is created in its cluster's account and region)
 * and the cluster's name, with the target stack's partition. The name is the one the user gave: an
 * `eks.Cluster` (aws-eks-v2) or a `CfnCluster` made in this app names itself by a `Ref` to its
 * `AWS::EKS::Cluster`, whose `Name` is the literal given as `clusterName` (or `name`); an aws-eks
 * (v1) `Cluster` by a `Ref` to its custom resource, whose `Config.name` is its `clusterName`. When one of
 * them is known only at deploy time (an environment-agnostic stack, a cluster named by
 * CloudFormation), the trust leaves the cluster out; its `aws:PrincipalArn` condition still admits
 * only the association's role, in the cluster's account.
 *
 * The same cluster gives the same string for one target stack, so that the target role can tell
 * associations of one cluster apart from those of another without resolving tokens.
 */
export function clusterArnFor(association: IConstruct, cluster: IClusterRef, target: IConstruct): string | undefined {
  const there = Stack.of(target);
  if (Stack.of(cluster) === there) return cluster.clusterRef.clusterArn;
  const here = Stack.of(association);
  const clusterName = literalClusterName(cluster);
  const unknownEnv = [here.account, here.region].some(value => Token.isUnresolved(value));
  if (unknownEnv || clusterName === undefined) {
    explainOmittedCondition(association, 'clusterArn', unknownEnv ? {
      why: `the stack of this association, ${quote(here.node.path)}, has no concrete account and region, so the cluster's ARN cannot be written in the target role's stack, ${quote(there.node.path)}, without a reference to another stack`,
      fix: `Give the association's stack an ${propSpan('env')} with ${propSpan('account')} and ${propSpan('region')}, or make the target role in the cluster's stack`,
    } : isV1ClusterOfThisApp(cluster) ? {
      // The custom resource's handler names a cluster without a name from its logical id and request id.
      // Source: aws-cdk-lib custom-resource-handlers/dist/aws-eks/cluster-resource-handler/index.js @ 2.257.0 as installed (`this.newProps.name||this.generateClusterName()`) (checked 2026-12-07)
      why: `the name of cluster ${quote(cluster.node.path)} is known only at deploy time (an aws-eks \`Cluster\` without ${propSpan('clusterName')} is named by its custom resource, Custom::AWSCDK-EKS-Cluster, when it is created), so the cluster's ARN cannot be written in the target role's stack, ${quote(there.node.path)}, without a reference to another stack`,
      fix: `Give the cluster a ${propSpan('clusterName')}, import it by name (\`CfnCluster.fromClusterName\`), or make the target role in the cluster's stack`,
    } : {
      why: `the name of cluster ${quote(cluster.node.path)} is known only at deploy time (CloudFormation generates it, or it is a value of another resource), so the cluster's ARN cannot be written in the target role's stack, ${quote(there.node.path)}, without a reference to another stack`,
      fix: `Give the cluster a name (${propSpan('clusterName')} of an \`eks.Cluster\`, ${propSpan('name')} of a \`CfnCluster\`), import it by name (\`CfnCluster.fromClusterName\`), or make the target role in the cluster's stack`,
    });
    return undefined;
  }
  // One string per cluster, target stack and environment, so that equal strings mean one cluster.
  const arns = builtArns.get(cluster) ?? new Map<string, string>();
  builtArns.set(cluster, arns);
  const key = `${there.node.addr}/${here.account}/${here.region}`;
  const arn = arns.get(key)
    ?? there.formatArn({ service: 'eks', account: here.account, region: here.region, resource: 'cluster', resourceName: clusterName });
  arns.set(key, arn);
  return arn;
}

const builtArns = new WeakMap<IClusterRef, Map<string, string>>();

// The statements of the policies below a role. A role and a mutable import keep an added statement
// in such a policy; a role imported with `mutable: false` reports it as added and keeps it nowhere.
// (The result's policyDependable cannot tell: iam.Role fills it only when it prepares its policies.)
function statementsHeldBy(role: IConstruct): number {
  return role.node.findAll()
    .filter((child): child is iam.Policy => child instanceof iam.Policy)
    .reduce((count, policy) => count + policy.document.statementCount, 0);
}
