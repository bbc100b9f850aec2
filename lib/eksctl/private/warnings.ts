import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { LIBRARY_ID, quote } from '../../private/errors';
import { EksctlAddonSpec, EksctlModel } from './model';

// The messages of EksctlResources that say where the result differs from what eksctl would create
// from the same file, or what a converted IRSA setting still needs.

/** What `apply` did that the messages depend on. */
export interface Applied {
  /** The roles created: for associations, and for the recommended associations of add-ons. */
  readonly rolesCreated: number;
  readonly migrateIrsa: boolean;
  /** Existing roles that served IRSA and now serve pod identity: where each is named in the file. */
  readonly formerIrsaRoles: { readonly where: string; readonly roleArn: string }[];
}

/** `addons[1] 'vpc-cni'`, to name an add-on of the file in a message. */
export function describeAddon(addon: EksctlAddonSpec): string {
  return `${addon.path} ${quote(addon.name)}`;
}

/** Says where the resources differ from what eksctl would create, and what IRSA leaves to do. */
export function warnWhereEksctlDiffers(scope: IConstruct, model: EksctlModel, applied: Applied): void {
  const annotations = Annotations.of(scope);
  if (model.withOidc) {
    annotations.addInfo(`[${LIBRARY_ID}:eksctl-with-oidc] iam.withOIDC is ignored: it gives the cluster an OIDC provider for IRSA, which pod identity does not use, and this library does not create it`);
  }
  if (applied.rolesCreated > 0) {
    // eksctl makes every pod identity role, the add-ons' recommended ones too (create.go
    // iamRoleCreator.Create), with this trust policy.
    // Source: eksctl-io/eksctl pkg/cfn/builder/iam.go makeAssumeRolePolicyDocument (MakeAssumeRolePolicyDocumentForPodIdentity, no condition) @ main as indexed (file id 6243763194; commit not shown) (checked 2026-12-01)
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-scoped-trust`,
      'The roles created from the eksctl config, for its associations and for the recommended associations of its add-ons, trust only their own cluster, namespace and service account (or, with disableSessionTags, the pods of this account), where eksctl\'s roles trust pods.eks.amazonaws.com without conditions; an association elsewhere, such as in another cluster, cannot use them. To share a role, create it once and give its roleARN');
  }
  for (const setting of model.unusedSettings) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-setting-unused`, `${setting.where} ${setting.reason}. ${setting.fix}`);
  }
  warnAboutVersions(scope, model);
  if (model.outpostWhere !== undefined) {
    // Source: awsdocs/amazon-eks-user-guide latest/ug/manage-access/aws-access/pod-identities.adoc (not available on AWS Outposts) @ ff45201 (checked 2026-12-01)
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-outpost`,
      `${model.outpostWhere} makes the cluster a local cluster on AWS Outposts, where EKS Pod Identity is not available: the associations and add-on associations of this file would give its pods no credentials (eksctl would create them all the same). Use IAM roles for service accounts (IRSA) on that cluster`);
  }
  if (model.karpenterWhere !== undefined && (model.withOidc || applied.migrateIrsa)) {
    // Source: eksctl-io/eksctl pkg/actions/karpenter/create.go Installer.Create (an iamserviceaccount for Karpenter's service account, with role eksctl-<cluster>-iamservice-role, through NewTasksToCreateIAMServiceAccounts) @ 0e93e4fc7fa4850032c1281326bc71e8191bde13 (checked 2026-12-01)
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-karpenter-irsa`,
      `${model.karpenterWhere} is ignored, but eksctl gives Karpenter's service account an IRSA role through an iamserviceaccount stack, which eksctl utils migrate-to-pod-identity would migrate to pod identity; this library neither creates nor converts it, so Karpenter keeps IRSA. To move Karpenter to pod identity, add its service account (karpenter in the namespace Karpenter runs in) to iam.podIdentityAssociations with the permissions of its role, then remove the IRSA annotation`);
  }
  for (const addon of model.addons.filter(candidate => candidate.eksctlWouldCreateIrsaRole)) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-irsa-not-created`,
      `${describeAddon(addon)} has no pod identity or IRSA settings, so with iam.withOIDC eksctl would create an IRSA role with the policies it recommends for the add-on; this library creates no IRSA role, so the add-on gets no AWS permissions from it. Set useDefaultPodIdentityAssociations: true for the recommended pod identity association, or give the add-on podIdentityAssociations`);
  }
  if (!applied.migrateIrsa) return;
  warnAboutMigration(scope, model, applied);
}

function warnAboutVersions(scope: IConstruct, model: EksctlModel): void {
  const annotations = Annotations.of(scope);
  const newest = model.addons.filter(addon => addon.versionResolution === 'newest');
  if (newest.length > 0) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-version`,
      `${newest.map(describeAddon).join(', ')} ${newest.length === 1 ? 'has' : 'have'} version 'latest', for which eksctl installs the newest version that EKS offers for the cluster, looked up through the EKS API; this library makes no API calls at synth, so no AddonVersion is set and EKS installs its default version, which may be older. Set version to the full version you want, e.g. 'v1.2.3-eksbuild.1' (aws eks describe-addon-versions lists them), or remove it to take EKS's default version, as eksctl does then`);
  }
  for (const addon of model.addons.filter(candidate => candidate.versionResolution === 'newest-matching')) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-version`,
      `${describeAddon(addon)} has version ${quote(addon.writtenVersion!)}, which eksctl resolves through the EKS API to the newest version that contains it; this library makes no API calls at synth, so the add-on has no AddonVersion and EKS installs its default version for the cluster, which may not contain ${quote(addon.writtenVersion!)}. Write the full version (aws eks describe-addon-versions lists them) to choose it`);
  }
  for (const addon of model.addons.filter(candidate => candidate.versionResolution === 'newest-build')) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-addon-version`,
      `${describeAddon(addon)} has version ${quote(addon.writtenVersion!)}, a release without its EKS build, which eksctl resolves through the EKS API to the newest build of that release that EKS offers for the cluster's Kubernetes version; this library makes no API calls at synth and does not guess a build, which might not exist, so the add-on has no AddonVersion and EKS installs its default version for the cluster, which may be another release. Write the full version, such as 'v${addon.writtenVersion!.replace(/^v/, '')}-eksbuild.<N>' as \`aws eks describe-addon-versions --addon-name ${addon.name} --kubernetes-version <version>\` lists it, to install that release`);
  }
}

function warnAboutMigration(scope: IConstruct, model: EksctlModel, applied: Applied): void {
  const annotations = Annotations.of(scope);
  if (model.irsaServiceAccounts.length > 0) {
    const accounts = model.irsaServiceAccounts.map(account => `${account.namespace}/${account.serviceAccount}`);
    // Source: eksctl-io/eksctl pkg/actions/podidentityassociation/migrator.go MigrateToPodIdentity (removes the eks.amazonaws.com/role-arn annotation only with RemoveOIDCProviderTrustRelationship) @ 03aee6ca4cc0bb5826ca2930300c75ca411ae632 (checked 2026-12-01)
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-irsa-annotation`,
      `The service accounts of iam.serviceAccounts (${accounts.map(quote).join(', ')}) get pod identity associations, but keep the annotation eks.amazonaws.com/role-arn that eksctl gave them: pods started before the associations keep IRSA until they restart (EKS gives newer pods only pod identity's variables), and the annotation misleads readers. Once the associations are deployed, remove it (kubectl annotate serviceaccount -n <namespace> <name> eks.amazonaws.com/role-arn-) and restart the pods, as eksctl utils migrate-to-pod-identity --remove-oidc-provider-trust-relationship does; IrsaMigration does it in steps for a service account of this app`);
  }
  const named = model.irsaServiceAccounts.filter(account => account.roleName !== undefined && account.roleArn === undefined);
  if (named.length > 0) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-irsa-role-name`,
      `${named.map(account => `${account.where} has roleName ${quote(account.roleName!)}`).join('; ')}: that is the name of the IRSA role eksctl created, and IAM role names are unique in an account, so the new pod identity role cannot be created while eksctl's exists. Delete eksctl's role first (eksctl delete iamserviceaccount, once nothing uses it), or remove roleName to get a generated name`);
  }
  if (applied.formerIrsaRoles.length > 0) {
    annotations.addWarningV2(`${LIBRARY_ID}:eksctl-irsa-role-trust`,
      `${applied.formerIrsaRoles.map(role => `${quote(role.roleArn)} (${role.where})`).join(', ')} served IRSA and now serve pod identity: the trust policy of each must let the service principal pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession, or EKS rejects the association. Add the statement {"Effect":"Allow","Principal":{"Service":"pods.eks.amazonaws.com"},"Action":["sts:AssumeRole","sts:TagSession"]} to it (aws iam update-assume-role-policy, or eksctl utils migrate-to-pod-identity, which adds it)`);
  }
}
