import { CfnResource, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';

/**
 * The three ways users build EKS resources, which the checks must all see: aws-eks (v1) L2s, aws-eks-v2
 * L2s, and L1s (aws-eks's classes, aws-eks-v2's own copies where this aws-cdk-lib has them, and a plain
 * CfnResource). Each builds the same things, so that one test runs over every flavour.
 */
export interface Flavour {
  readonly name: string;
  /** A cluster of this flavour in `stack` (aws-eks allows one per stack). */
  cluster(stack: Stack, id: string, options?: ClusterOptions): FlavourCluster;
}

export interface ClusterOptions {
  readonly version?: string;
  /** A local cluster on AWS Outposts. */
  readonly outposts?: boolean;
  /** EKS Auto Mode; flavours without it ignore the option. */
  readonly autoMode?: boolean;
}

export interface Selector {
  readonly namespace: string;
  readonly labels?: Record<string, string>;
}

export interface FlavourCluster {
  /** The construct findings name for the cluster. */
  readonly path: string;
  /** The cluster's name as this flavour gives it to other resources (a token). */
  readonly name: string;
  /** The pod identity association of this flavour for `namespace/serviceAccount`; returns where findings go. */
  associate(id: string, namespace: string, serviceAccount: string): IConstruct;
  /** The `eks-pod-identity-agent` add-on of this flavour; returns where findings go. */
  addAgentAddon(id: string): IConstruct;
  /** A Fargate profile of this flavour; returns where findings name it. */
  addFargateProfile(id: string, selectors: Selector[]): IConstruct;
  /** A managed node group of this flavour; returns where findings go. */
  addNodegroup(id: string, amiType: string): IConstruct;
}

const ROLE_ARN = 'arn:aws:iam::111111111111:role/r';
const OUTPOST_CONFIG = { outpostArns: ['arn:aws:outposts:eu-west-1:111111111111:outpost/op-1'], controlPlaneInstanceType: 'm5.large' };

function kubectlLayer(scope: IConstruct): lambda.ILayerVersion {
  const stack = Stack.of(scope);
  return (stack.node.tryFindChild('KubectlLayer') as lambda.ILayerVersion | undefined)
    ?? lambda.LayerVersion.fromLayerVersionArn(stack, 'KubectlLayer', 'arn:aws:lambda:eu-west-1:111111111111:layer:kubectl:1');
}

const awsEks: Flavour = {
  name: 'aws-eks',
  cluster: (stack, id, options = {}) => {
    const cluster = new eks.Cluster(stack, id, {
      version: eks.KubernetesVersion.of(options.version ?? '1.34'),
      kubectlLayer: kubectlLayer(stack),
      defaultCapacity: 0,
    });
    // aws-eks passes Config to CreateCluster as is: an override is how its clusters get what the L2 lacks.
    const resource = cluster.node.findChild('Resource').node.findChild('Resource').node.defaultChild as CfnResource;
    if (options.outposts) resource.addPropertyOverride('Config.outpostConfig', OUTPOST_CONFIG);
    if (options.autoMode) resource.addPropertyOverride('Config.computeConfig', { enabled: true });
    return {
      path: cluster.node.path,
      name: cluster.clusterName,
      associate: (aid, namespace, serviceAccount) =>
        cluster.addServiceAccount(aid, { name: serviceAccount, namespace, identityType: eks.IdentityType.POD_IDENTITY }).node.findChild('Association'),
      addAgentAddon: aid => new eks.Addon(stack, aid, { cluster, addonName: 'eks-pod-identity-agent' }),
      addFargateProfile: (aid, selectors) => cluster.addFargateProfile(aid, { selectors }),
      addNodegroup: (aid, amiType) => cluster.addNodegroupCapacity(aid, { amiType: amiType as eks.NodegroupAmiType }),
    };
  },
};

const awsEksV2: Flavour = {
  name: 'aws-eks-v2',
  cluster: (stack, id, options = {}) => {
    const cluster = new eksv2.Cluster(stack, id, {
      version: eksv2.KubernetesVersion.of(options.version ?? '1.34'),
      ...options.autoMode ? { defaultCapacityType: eksv2.DefaultCapacityType.AUTOMODE } : { defaultCapacityType: eksv2.DefaultCapacityType.NODEGROUP, defaultCapacity: 0 },
      kubectlProviderOptions: { kubectlLayer: kubectlLayer(stack) },
    });
    if (options.outposts) (cluster.node.defaultChild as CfnResource).addPropertyOverride('OutpostConfig', pascal(OUTPOST_CONFIG));
    return {
      path: cluster.node.path,
      name: cluster.clusterName,
      // Like aws-eks-v2's service accounts of pod identity, which also add the agent add-on to the cluster.
      associate: (aid, namespace, serviceAccount) =>
        cluster.addServiceAccount(aid, { name: serviceAccount, namespace, identityType: eksv2.IdentityType.POD_IDENTITY }).node.findChild('Association'),
      addAgentAddon: aid => new eksv2.Addon(stack, aid, { cluster, addonName: 'eks-pod-identity-agent' }),
      addFargateProfile: (aid, selectors) => cluster.addFargateProfile(aid, { selectors }),
      addNodegroup: (aid, amiType) => cluster.addNodegroupCapacity(aid, { amiType: amiType as eksv2.NodegroupAmiType }),
    };
  },
};

/** Makes one L1: a generated class (camelCase props) or a plain CfnResource (template props). */
type L1Maker = (scope: Stack, id: string, type: string, props: Record<string, any>) => CfnResource;

function l1Flavour(name: string, make: L1Maker): Flavour {
  return {
    name,
    cluster: (stack, id, options = {}) => {
      const cluster = make(stack, id, 'Cluster', {
        version: options.version ?? '1.34',
        roleArn: 'arn:aws:iam::111111111111:role/eks',
        resourcesVpcConfig: { subnetIds: ['subnet-1'] },
        ...options.outposts ? { outpostConfig: OUTPOST_CONFIG } : {},
        ...options.autoMode ? { computeConfig: { enabled: true } } : {},
      });
      const clusterName = cluster.ref;
      return {
        path: cluster.node.path,
        name: clusterName,
        associate: (aid, namespace, serviceAccount) => make(stack, aid, 'PodIdentityAssociation', { clusterName, namespace, serviceAccount, roleArn: ROLE_ARN }),
        addAgentAddon: aid => make(stack, aid, 'Addon', { clusterName, addonName: 'eks-pod-identity-agent' }),
        addFargateProfile: (aid, selectors) => make(stack, aid, 'FargateProfile', {
          clusterName,
          podExecutionRoleArn: 'arn:aws:iam::111111111111:role/fargate',
          selectors: selectors.map(s => ({ namespace: s.namespace, ...s.labels ? { labels: Object.entries(s.labels).map(([key, value]) => ({ key, value })) } : {} })),
        }),
        addNodegroup: (aid, amiType) => make(stack, aid, 'Nodegroup', { clusterName, nodeRole: 'arn:aws:iam::111111111111:role/node', subnets: ['subnet-1'], amiType }),
      };
    },
  };
}

function generated(module: any): L1Maker {
  return (scope, id, type, props) => new module[`Cfn${type}`](scope, id, props);
}

const plainCfnResource: L1Maker = (scope, id, type, props) =>
  new CfnResource(scope, id, { type: `AWS::EKS::${type}`, properties: pascal(props) });

/**
 * An association made with aws-eks's L1 class (every aws-cdk-lib has it), which adds nothing else to the
 * cluster, where aws-eks-v2's service accounts of pod identity also add the agent add-on.
 */
export function l1Association(scope: Stack, id: string, clusterName: string, namespace: string, serviceAccount: string): CfnResource {
  return new eks.CfnPodIdentityAssociation(scope, id, { clusterName, namespace, serviceAccount, roleArn: ROLE_ARN });
}

/** Template names for camelCase props, recursively (keys only). */
export function pascal(value: any): any {
  if (Array.isArray(value)) return value.map(pascal);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key.charAt(0).toUpperCase() + key.slice(1), pascal(inner)]));
}

/** Every flavour this aws-cdk-lib has: aws-eks-v2 has its own L1 classes only in newer releases. */
export function flavours(): Flavour[] {
  const all = [awsEks, awsEksV2, l1Flavour('L1 aws-eks', generated(eks))];
  if ((eksv2 as any).CfnCluster !== undefined && (eksv2 as any).CfnCluster !== (eks as any).CfnCluster) {
    all.push(l1Flavour('L1 aws-eks-v2', generated(eksv2)));
  }
  all.push(l1Flavour('L1 CfnResource', plainCfnResource));
  return all;
}

/** The L1 classes of association of this aws-cdk-lib, and a plain CfnResource. */
export function associationMakers(): Array<[string, L1Maker]> {
  const makers: Array<[string, L1Maker]> = [['aws-eks', generated(eks)]];
  if ((eksv2 as any).CfnPodIdentityAssociation !== undefined) makers.push(['aws-eks-v2', generated(eksv2)]);
  makers.push(['CfnResource', plainCfnResource]);
  return makers;
}
