/**
 * The AWS half of the chain a pod walks: its association, the role's trust against the session tags EKS
 * sends, the target role of a role chain, and the session policy. The trust evaluator is the one the
 * synth-time checks use.
 */
import { PodIdentityCheck } from '../../lib/checks/check-id';
import { POD_IDENTITY_ACTIONS, POD_IDENTITY_SERVICE, SessionTags, TrustAnswer, trustAnswer, TrustRequest } from '../../lib/checks/private/trust-policy';
import { AwsCallError, AwsClient, xmlMembers, xmlText } from './aws';
import { Finding } from './findings';

export interface ClusterFacts {
  readonly name: string;
  readonly arn: string;
  readonly account: string;
  readonly partition: string;
}

export interface Association {
  readonly associationId: string;
  readonly associationArn?: string;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly roleArn: string;
  readonly targetRoleArn?: string;
  readonly disableSessionTags?: boolean;
  readonly policy?: string;
  readonly externalId?: string;
  readonly ownerArn?: string;
  /** Epoch milliseconds. */
  readonly createdAt?: number;
}

export interface Role {
  readonly arn: string;
  readonly trust: any;
}

/** Reads roles once each: in a cluster, many associations share a role. */
export class RoleReader {
  private readonly roles = new Map<string, Promise<Role | undefined>>();

  constructor(private readonly aws: AwsClient) {}

  /** The role, or undefined when it does not exist. */
  read(roleArn: string): Promise<Role | undefined> {
    let role = this.roles.get(roleArn);
    if (!role) {
      role = this.aws.iam('GetRole', { RoleName: roleArn.split('/').pop()! }, true).then(xml => xml === undefined ? undefined : {
        arn: xmlText(xml, 'Arn') ?? roleArn,
        trust: parseTrust(xmlText(xml, 'AssumeRolePolicyDocument')),
      });
      this.roles.set(roleArn, role);
    }
    return role;
  }
}

function parseTrust(encoded: string | undefined): any {
  if (!encoded) return undefined;
  try {
    return JSON.parse(decodeURIComponent(encoded));
  } catch {
    return undefined;
  }
}

// ListPodIdentityAssociations and DescribePodIdentityAssociation (restJson1, timestamps in epoch seconds).
// Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_DescribePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-07)
export async function describeAssociation(aws: AwsClient, cluster: string, associationId: string): Promise<Association> {
  const data = await aws.eks('DescribePodIdentityAssociation', `clusters/${encodeURIComponent(cluster)}/pod-identity-associations/${encodeURIComponent(associationId)}`);
  const a = data.association ?? {};
  return {
    associationId: a.associationId ?? associationId,
    associationArn: a.associationArn,
    namespace: a.namespace,
    serviceAccount: a.serviceAccount,
    roleArn: a.roleArn,
    targetRoleArn: a.targetRoleArn || undefined,
    disableSessionTags: a.disableSessionTags === true,
    policy: a.policy || undefined,
    externalId: a.externalId,
    ownerArn: a.ownerArn,
    createdAt: typeof a.createdAt === 'number' ? a.createdAt * 1000 : a.createdAt ? Date.parse(a.createdAt) : undefined,
  };
}

/** Every association summary of the cluster (or of one service account), page by page. */
export async function listAssociations(aws: AwsClient, cluster: string, filter?: { namespace: string; serviceAccount: string }): Promise<Array<{ associationId: string; namespace: string; serviceAccount: string }>> {
  const all: any[] = [];
  let nextToken: string | undefined;
  do {
    const query = new URLSearchParams({ maxResults: '100' });
    if (filter) {
      query.set('namespace', filter.namespace);
      query.set('serviceAccount', filter.serviceAccount);
    }
    if (nextToken) query.set('nextToken', nextToken);
    const data = await aws.eks('ListPodIdentityAssociations', `clusters/${encodeURIComponent(cluster)}/pod-identity-associations?${query}`);
    all.push(...(data.associations ?? []));
    nextToken = data.nextToken || undefined;
  } while (nextToken);
  return all;
}

export function sessionTagsOf(association: Association, cluster: ClusterFacts): SessionTags {
  return {
    namespace: association.namespace,
    serviceAccount: association.serviceAccount,
    clusterName: cluster.name,
    clusterArn: cluster.arn,
    disabled: association.disableSessionTags,
  };
}

function both(document: any, tags: SessionTags, request: TrustRequest, actions = POD_IDENTITY_ACTIONS): TrustAnswer {
  const answers = actions.map(action => trustAnswer(document, action, tags, request));
  return answers.includes('no') ? 'no' : answers.includes('maybe') ? 'maybe' : 'yes';
}

function describeTags(tags: SessionTags): string {
  if (tags.disabled) return 'none: the association disables session tags';
  return `eks-cluster-arn ${tags.clusterArn}, eks-cluster-name ${tags.clusterName}, kubernetes-namespace ${tags.namespace}, kubernetes-service-account ${tags.serviceAccount}`;
}

/**
 * The role, its trust and (with a target role) the chain, for one association: the findings, stopping at the
 * first error.
 */
export async function checkAssociation(aws: AwsClient, roles: RoleReader, association: Association, cluster: ClusterFacts): Promise<Finding[]> {
  const subject = `${association.namespace}/${association.serviceAccount}`;
  const findings: Finding[] = [];
  const stop = (finding: Finding) => [...findings, finding];

  // A session policy is accepted only with session tags disabled.
  // Source: https://docs.aws.amazon.com/eks/latest/APIReference/API_CreatePodIdentityAssociation.html @ API 2017-11-01 (checked 2026-12-07)
  if (association.policy && !association.disableSessionTags) {
    return stop({
      id: 'session-policy', level: 'error', subject,
      seen: 'the association has a session policy but session tags are on',
      why: 'EKS accepts a session policy only with disableSessionTags',
      fix: `aws eks update-pod-identity-association --cluster-name ${cluster.name} --association-id ${association.associationId} --disable-session-tags, or remove the policy`,
    });
  }

  const role = await roles.read(association.roleArn);
  if (!role) {
    return stop({
      id: 'role-missing', level: 'error', subject,
      seen: `role ${association.roleArn} does not exist (iam:GetRole: NoSuchEntity)`,
      why: 'EKS Auth cannot assume a deleted role: the pods get "EKS does not have permissions to assume the associated role"',
      fix: `Create the role again with a trust for ${POD_IDENTITY_SERVICE}, or point the association to another role`,
    });
  }

  const tags = sessionTagsOf(association, cluster);
  const request: TrustRequest = { sourceAccount: cluster.account };
  const anyPod = both(role.trust, {}, {});
  const forThis = both(role.trust, tags, request);
  if (anyPod === 'no') {
    return stop({
      id: PodIdentityCheck.ROLE_TRUST, level: 'error', subject,
      seen: `the trust policy of ${role.arn} does not let ${POD_IDENTITY_SERVICE} call both sts:AssumeRole and sts:TagSession`,
      why: 'EKS Auth assumes the role with session tags: without both actions the pods get "EKS does not have permissions to assume the associated role"',
      fix: `Add a statement: {"Effect":"Allow","Principal":{"Service":"${POD_IDENTITY_SERVICE}"},"Action":["sts:AssumeRole","sts:TagSession"]}`,
    });
  }
  if (forThis === 'no') {
    return stop({
      id: PodIdentityCheck.ROLE_TRUST, level: 'error', subject,
      seen: `the trust policy of ${role.arn} admits ${POD_IDENTITY_SERVICE} only under conditions this association does not meet (session tags: ${describeTags(tags)}; aws:SourceAccount ${cluster.account})`,
      why: 'IAM refuses AssumeRole for this cluster, namespace and service account: the pods get "EKS does not have permissions to assume the associated role"',
      fix: tags.disabled
        ? 'Turn session tags back on for the association, or drop the aws:RequestTag conditions from the trust'
        : 'Widen the trust\'s conditions to this cluster, namespace and service account, or associate another role',
    });
  }
  findings.push(forThis === 'yes'
    ? { id: PodIdentityCheck.ROLE_TRUST, level: 'ok', subject, seen: `${role.arn} trusts ${POD_IDENTITY_SERVICE} for this cluster, namespace and service account` }
    : {
      id: PodIdentityCheck.ROLE_TRUST, level: 'info', subject,
      seen: `${role.arn} trusts ${POD_IDENTITY_SERVICE} under conditions doctor cannot evaluate (keys other than the session tags and aws:SourceAccount)`,
      why: 'IAM decides them when EKS Auth assumes the role',
      fix: 'Run cdk-eks-pod-identity verify with a token of this service account to see EKS Auth\'s answer',
    });

  if (association.targetRoleArn) findings.push(...await checkTarget(aws, roles, association, role, cluster));
  return findings;
}

/** One action's answer from iam:SimulatePrincipalPolicy, with the context keys the policies tested that were not given. */
export interface Simulation {
  readonly action: string;
  readonly decision: string;
  readonly missing: string[];
}

/** iam:SimulatePrincipalPolicy for `source` calling `actions` on `resource`, with string context keys. */
// Source: https://docs.aws.amazon.com/IAM/latest/APIReference/API_SimulatePrincipalPolicy.html (ContextEntries, EvaluationResults[].MissingContextValues) @ API 2010-05-08 (checked 2026-12-07)
export async function simulate(aws: AwsClient, source: string, actions: readonly string[], resource: string, context: Record<string, string> = {}): Promise<Simulation[]> {
  const params: Record<string, string> = { 'PolicySourceArn': source, 'ResourceArns.member.1': resource };
  actions.forEach((action, index) => params[`ActionNames.member.${index + 1}`] = action);
  Object.entries(context).forEach(([key, value], index) => {
    const entry = `ContextEntries.member.${index + 1}.ContextKey`;
    Object.assign(params, { [`${entry}Name`]: key, [`${entry}Values.member.1`]: value, [`${entry}Type`]: 'string' });
  });
  const xml = (await aws.iam('SimulatePrincipalPolicy', params))!;
  return xmlMembers(xml, 'EvaluationResults').map(member => ({
    action: xmlText(member, 'EvalActionName') ?? '?',
    decision: xmlText(member, 'EvalDecision') ?? '?',
    missing: xmlMembers(member, 'MissingContextValues'),
  }));
}

/** The role chain: may the first role assume the target, and does the target's trust admit it. */
async function checkTarget(aws: AwsClient, roles: RoleReader, association: Association, role: Role, cluster: ClusterFacts): Promise<Finding[]> {
  const subject = `${association.namespace}/${association.serviceAccount}`;
  const target = association.targetRoleArn!;
  // The target needs sts:AssumeRole and sts:TagSession either way: with session tags off the guide's sample trust
  // still has a statement for sts:TagSession (and EKS sets sts:ExternalId), and its permission policy grants both.
  // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-assign-target-role.adoc @ 06e01eb0a6bde612bf786226c2b6f07190e4d400 (checked 2026-12-07)
  const actions = POD_IDENTITY_ACTIONS;
  // The first role's session carries the session tags (aws:PrincipalTag/...) and passes them on in the AssumeRole of
  // the target (aws:RequestTag/...); the pod's name and UID differ per pod and are left out.
  // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-id-abac.adoc (the session tags) @ f73db2fb92d12fd011f0066d4131193a26e5485e (checked 2026-12-07)
  const context: Record<string, string> = {};
  const sent = { 'eks-cluster-arn': cluster.arn, 'eks-cluster-name': cluster.name, 'kubernetes-namespace': association.namespace, 'kubernetes-service-account': association.serviceAccount };
  for (const [key, value] of association.disableSessionTags ? [] : Object.entries(sent)) context[`aws:PrincipalTag/${key}`] = context[`aws:RequestTag/${key}`] = value;
  const results = await simulate(aws, role.arn, actions, target, context);
  const denied = results.filter(result => result.decision !== 'allowed');
  const unknown = [...new Set(denied.flatMap(result => result.missing))];
  if (unknown.length > 0) {
    return [{
      id: 'target-role-permission', level: 'info', subject,
      seen: `${role.arn} may call ${actions.join(' and ')} on the target role ${target} only under conditions on ${unknown.join(', ')}, which doctor cannot evaluate`,
    }];
  }
  if (denied.length > 0) {
    return [{
      id: 'target-role-permission', level: 'error', subject,
      seen: `${role.arn} may not call ${denied.map(d => `${d.action} (${d.decision})`).join(', ')} on the target role ${target}`,
      why: 'EKS Auth assumes the target role with the first role\'s credentials: refused',
      fix: `Allow ${actions.join(' and ')} on ${target} in a policy of ${role.arn}`,
    }];
  }
  const findings: Finding[] = [{ id: 'target-role-permission', level: 'ok', subject, seen: `${role.arn} may call ${actions.join(' and ')} on ${target}` }];
  const targetAccount = target.split(':')[4];
  const unseen = (why: string): Finding => ({
    id: 'target-role-trust', level: 'info', subject,
    seen: `the trust policy of the target role ${target} could not be read: ${why}`,
    fix: `In account ${targetAccount}, check that its trust lets ${role.arn} call ${actions.join(' and ')}${association.disableSessionTags ? ` with sts:ExternalId ${association.externalId}` : ' with the session tags of this association'}`,
  });
  if (targetAccount !== cluster.account) return [...findings, unseen(`it is in account ${targetAccount}, doctor signs in ${cluster.account}`)];
  let targetRole: Role | undefined;
  try {
    targetRole = await roles.read(target);
  } catch (error) {
    if (error instanceof AwsCallError && /AccessDenied/.test(error.code)) return [...findings, unseen('iam:GetRole was denied')];
    throw error;
  }
  if (!targetRole) {
    return [...findings, {
      id: 'role-missing', level: 'error', subject,
      seen: `the target role ${target} does not exist (iam:GetRole: NoSuchEntity)`,
      why: 'the second step of the chain has no role to assume',
      fix: 'Create the target role, or update the association\'s --target-role-arn',
    }];
  }
  const tags = association.disableSessionTags ? { disabled: true } : sessionTagsOf(association, cluster);
  const answer = both(targetRole.trust, tags, { principalArn: role.arn, externalId: association.disableSessionTags ? association.externalId : undefined }, actions);
  if (answer === 'no') {
    return [...findings, {
      id: 'target-role-trust', level: 'error', subject,
      seen: `the trust policy of the target role ${target} does not let ${role.arn} call ${actions.join(' and ')}${association.disableSessionTags ? ` with sts:ExternalId ${association.externalId}` : ` with the session tags (${describeTags(sessionTagsOf(association, cluster))})`}`,
      why: 'the second AssumeRole of the chain is refused: the pods get no credentials',
      fix: `Trust ${role.arn} (or its account) for ${actions.join(' and ')} in ${target}, with conditions this association meets`,
    }];
  }
  return [...findings, { id: 'target-role-trust', level: answer === 'yes' ? 'ok' : 'info', subject, seen: `the target role ${target} trusts ${role.arn}${answer === 'yes' ? '' : ' under conditions doctor cannot evaluate'}` }];
}
