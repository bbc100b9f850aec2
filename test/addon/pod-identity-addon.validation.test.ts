import { CfnResource, Lazy, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { PodIdentityAddon } from '../../lib/addon';
import { PodIdentityAssociation } from '../../lib/association';
import { givenStack } from '../util';

describe('PodIdentityAddon validation', () => {
  let stack: Stack;
  let cluster: eks.IClusterRef;

  beforeEach(() => {
    ({ stack, cluster } = givenStack());
  });

  describe('IRSA and pod identity', () => {
    const irsa = (s: Stack) => iam.Role.fromRoleArn(s, 'Irsa', 'arn:aws:iam::111111111111:role/irsa');

    test('rejects serviceAccountRole together with podIdentityAssociations', () => {
      expect(() => new PodIdentityAddon(stack, 'Ebs', {
        cluster,
        addonName: 'aws-ebs-csi-driver',
        serviceAccountRole: irsa(stack),
        podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa' }],
      })).toThrow(
        '[cdk-eks-pod-identity:addon-irsa-and-pod-identity] Stack/Ebs: the add-on has both `serviceAccountRole` (IRSA) and `podIdentityAssociations`; an add-on gets its AWS credentials one way. Remove `serviceAccountRole` to use pod identity, or remove `podIdentityAssociations` to keep IRSA',
      );
    });

    test('rejects serviceAccountRole together with useRecommendedPolicies: true', () => {
      expect(() => new PodIdentityAddon(stack, 'Ebs', {
        cluster,
        addonName: 'aws-ebs-csi-driver',
        serviceAccountRole: irsa(stack),
        useRecommendedPolicies: true,
      })).toThrow(
        '[cdk-eks-pod-identity:addon-irsa-and-pod-identity] Stack/Ebs: the add-on has both `serviceAccountRole` (IRSA) and `useRecommendedPolicies: true` (pod identity); an add-on gets its AWS credentials one way. Remove `serviceAccountRole` to use the recommended pod identity associations, or remove `useRecommendedPolicies` to keep IRSA',
      );
    });

    test('accepts serviceAccountRole with an empty list of associations, or with useRecommendedPolicies: false', () => {
      expect(() => new PodIdentityAddon(stack, 'A', { cluster, addonName: 'aws-ebs-csi-driver', serviceAccountRole: irsa(stack), podIdentityAssociations: [] })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'B', { cluster, addonName: 'vpc-cni', serviceAccountRole: iam.Role.fromRoleArn(stack, 'I2', 'arn:aws:iam::111111111111:role/i2'), useRecommendedPolicies: false })).not.toThrow();
    });
  });

  test('rejects podIdentityAssociations together with useRecommendedPolicies: true', () => {
    expect(() => new PodIdentityAddon(stack, 'Adot', {
      cluster,
      addonName: 'adot',
      useRecommendedPolicies: true,
      podIdentityAssociations: [{ serviceAccount: 'adot-col-otlp-ingest' }],
    })).toThrow(
      '[cdk-eks-pod-identity:addon-associations-and-recommended] Stack/Adot: `podIdentityAssociations` replace the recommended associations, so `useRecommendedPolicies: true` cannot apply. Remove `useRecommendedPolicies`, or remove `podIdentityAssociations` to get the recommended ones',
    );
  });

  test('rejects associations on eks-pod-identity-agent', () => {
    expect(() => new PodIdentityAddon(stack, 'Agent', {
      cluster,
      addonName: 'eks-pod-identity-agent',
      podIdentityAssociations: [{ serviceAccount: 'eks-pod-identity-agent' }],
    })).toThrow(
      "[cdk-eks-pod-identity:addon-agent-associations] Stack/Agent: add-on 'eks-pod-identity-agent' cannot have pod identity associations: it is the agent that hands out their credentials. Remove `podIdentityAssociations` from this add-on",
    );
  });

  describe('versions', () => {
    test.each([
      ['vpc-cni', 'v1.15.4-eksbuild.1', 'v1.15.5-eksbuild.1'],
      ['vpc-cni', 'v1.14.1-eksbuild.3', 'v1.15.5-eksbuild.1'],
      ['aws-ebs-csi-driver', 'v1.25.0-eksbuild.1', 'v1.26.0-eksbuild.1'],
      ['amazon-cloudwatch-observability', 'v3.0.9-eksbuild.1', 'v3.1.0-eksbuild.1'],
      ['aws-efs-csi-driver', 'v2.0.4-eksbuild.1', 'v2.0.5-eksbuild.1'],
      ['aws-mountpoint-s3-csi-driver', 'v1.15.0-eksbuild.1', 'v2.0.0-eksbuild.1'],
    ])('rejects %s %s with recommended associations, naming the first version with pod identity', (addonName, addonVersion, minimum) => {
      expect(() => new PodIdentityAddon(stack, 'Addon', { cluster, addonName, addonVersion })).toThrow(
        `[cdk-eks-pod-identity:addon-version-without-pod-identity] Stack/Addon: add-on '${addonName}' supports pod identity associations from version '${minimum}', but addonVersion is '${addonVersion}'. Use version '${minimum}' or later, or give the add-on its permissions through \`serviceAccountRole\` (IRSA)`,
      );
    });

    test('refuses no version where no source gives the first version with pod identity', () => {
      expect(() => new PodIdentityAddon(stack, 'Fsx', { cluster, addonName: 'aws-fsx-csi-driver', addonVersion: 'v0.1.0-eksbuild.1' })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'Nfm', { cluster, addonName: 'aws-network-flow-monitoring-agent', addonVersion: 'v1.0.1-eksbuild.1' })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'Pca', { cluster, addonName: 'aws-privateca-connector-for-kubernetes', addonVersion: 'v0.1.0-eksbuild.1' })).not.toThrow();
    });

    test('accepts Mountpoint for S3 from the first v2 add-on version', () => {
      expect(() => new PodIdentityAddon(stack, 'S3', { cluster, addonName: 'aws-mountpoint-s3-csi-driver', addonVersion: 'v2.0.0-eksbuild.1' })).not.toThrow();
    });

    test('rejects an explicit association of a service account that a later version added', () => {
      expect(() => new PodIdentityAddon(stack, 'Nfm', {
        cluster,
        addonName: 'aws-network-flow-monitoring-agent',
        addonVersion: 'v1.0.0-eksbuild.1',
        podIdentityAssociations: [{ serviceAccount: 'aws-network-flow-monitor-agent-service-account' }],
      })).toThrow(
        "[cdk-eks-pod-identity:addon-version-predates-service-account] Stack/Nfm: add-on 'aws-network-flow-monitoring-agent' takes pod identity associations for service account 'aws-network-flow-monitor-agent-service-account' from version 'v1.0.1-eksbuild.1', but addonVersion is 'v1.0.0-eksbuild.1'. Use version 'v1.0.1-eksbuild.1' or later, or the service account this version has",
      );
    });

    test('rejects an old version with explicit associations too', () => {
      expect(() => new PodIdentityAddon(stack, 'Adot', {
        cluster,
        addonName: 'adot',
        addonVersion: 'v0.92.1-eksbuild.1',
        podIdentityAssociations: [{ serviceAccount: 'adot-col-otlp-ingest' }],
      })).toThrow("[cdk-eks-pod-identity:addon-version-without-pod-identity] Stack/Adot: add-on 'adot' supports pod identity associations from version 'v0.94.1-eksbuild.1', but addonVersion is 'v0.92.1-eksbuild.1'");
    });

    test.each(['v1.15.5-eksbuild.1', 'v1.15.5-eksbuild.2', 'v1.16.0-eksbuild.1', 'v1.100.0-eksbuild.1', 'v2.0.0-eksbuild.1'])('accepts vpc-cni %s', (addonVersion) => {
      expect(() => new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni', addonVersion })).not.toThrow();
    });

    test('accepts an old version without pod identity (IRSA, or no associations)', () => {
      const role = iam.Role.fromRoleArn(stack, 'Irsa', 'arn:aws:iam::111111111111:role/irsa');
      expect(() => new PodIdentityAddon(stack, 'A', { cluster, addonName: 'vpc-cni', addonVersion: 'v1.12.0-eksbuild.1', serviceAccountRole: role })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'B', { cluster, addonName: 'aws-ebs-csi-driver', addonVersion: 'v1.20.0-eksbuild.1', useRecommendedPolicies: false })).not.toThrow();
    });

    test.each(['latest', 'v1.15', 'v1.19.2', '1.19.2-eksbuild.1', 'v1.15.5-eksbuild', 'v1.15.5-beta.1', ''])('rejects vpc-cni version %j, which is not an add-on version', (addonVersion) => {
      expect(() => new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni', addonVersion })).toThrow(
        `[cdk-eks-pod-identity:addon-invalid-version] Stack/VpcCni: addonVersion '${addonVersion}' is not an EKS add-on version. Use a version that \`aws eks describe-addon-versions --addon-name vpc-cni\` lists, like 'v1.2.3-eksbuild.1'`,
      );
    });

    test('does not parse the versions of add-ons missing from the table', () => {
      expect(() => new PodIdentityAddon(stack, 'Addon', { cluster, addonName: 'example-addon', addonVersion: 'v1.0.0-vendor.7', useRecommendedPolicies: false })).not.toThrow();
    });
  });

  describe('service accounts', () => {
    test('rejects two associations of one service account', () => {
      expect(() => new PodIdentityAddon(stack, 'Adot', {
        cluster,
        addonName: 'adot',
        podIdentityAssociations: [
          { serviceAccount: 'adot-col-otlp-ingest', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXrayWriteOnlyAccess')] },
          { serviceAccount: 'adot-col-otlp-ingest', managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy')] },
        ],
      })).toThrow(
        "[cdk-eks-pod-identity:addon-duplicate-service-account] Stack/Adot: service account 'adot-col-otlp-ingest' has more than one pod identity association in this add-on; EKS allows one per service account. Give each service account one entry in `podIdentityAssociations`, with all the policies it needs",
      );
    });

    test('rejects an invalid service account name', () => {
      expect(() => new PodIdentityAddon(stack, 'Adot', { cluster, addonName: 'adot', podIdentityAssociations: [{ serviceAccount: 'Adot_Collector' }] })).toThrow(
        "[cdk-eks-pod-identity:invalid-service-account] Stack/Adot: service account 'Adot_Collector' is not a valid Kubernetes service account name",
      );
    });

    test('warns about a service account the add-on does not list for pod identity', () => {
      new PodIdentityAddon(stack, 'VpcCni', { cluster, addonName: 'vpc-cni', podIdentityAssociations: [{ serviceAccount: 'not-aws-node' }] });

      Annotations.fromStack(stack).hasWarning('/Stack/VpcCni',
        "Service account 'not-aws-node' is not one that add-on 'vpc-cni' takes pod identity associations for, as far as this library's table knows ('aws-node'); "
        + "EKS refuses an association for a service account the add-on's version does not list. Use one of those names (`aws eks describe-addon-configuration --addon-name vpc-cni` lists them), "
        + 'or acknowledge this warning if the version you deploy lists this one [ack: cdk-eks-pod-identity:addon-service-account-not-listed]');
    });

    test('does not warn about the service accounts the add-on lists, nor about add-ons missing from the table', () => {
      new PodIdentityAddon(stack, 'Adot', { cluster, addonName: 'adot', podIdentityAssociations: [{ serviceAccount: 'adot-col-otlp-ingest' }] });
      new PodIdentityAddon(stack, 'Other', { cluster, addonName: 'example-addon', podIdentityAssociations: [{ serviceAccount: 'example-sa' }] });

      expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('addon-service-account-not-listed'))).toEqual([]);
    });

    test('rejects a role together with policies for a new role', () => {
      const role = iam.Role.fromRoleArn(stack, 'Mine', 'arn:aws:iam::111111111111:role/mine');
      expect(() => new PodIdentityAddon(stack, 'Ebs', {
        cluster,
        addonName: 'aws-ebs-csi-driver',
        podIdentityAssociations: [{
          serviceAccount: 'ebs-csi-controller-sa',
          role,
          statements: [new iam.PolicyStatement({ actions: ['ec2:CreateVolume'], resources: ['*'] })],
        }],
      })).toThrow(
        "[cdk-eks-pod-identity:addon-role-and-policies] Stack/Ebs: the association of service account 'ebs-csi-controller-sa' has a `role` and also `managedPolicies` or `statements`, which only apply to a role made here. Attach the policies to your role yourself, or remove `role` to get a new role with them",
      );
    });

    test('roleFor names the service accounts that have an association', () => {
      const addon = new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' });
      const none = new PodIdentityAddon(stack, 'CoreDns', { cluster, addonName: 'coredns' });

      expect(() => addon.roleFor('ebs-csi-node-sa')).toThrow(
        "[cdk-eks-pod-identity:addon-unknown-service-account] Stack/Ebs: add-on 'aws-ebs-csi-driver' has no pod identity association for service account 'ebs-csi-node-sa'; it has 'ebs-csi-controller-sa'. Use one of those names, or give the add-on an association for that service account in `podIdentityAssociations`",
      );
      expect(() => none.roleFor('coredns')).toThrow("add-on 'coredns' has no pod identity association for service account 'coredns'; it has none.");
    });
  });

  describe('one association per service account in the app', () => {
    test('rejects an add-on association after a standalone association of the same service account', () => {
      new PodIdentityAssociation(stack, 'Standalone', { cluster, namespace: 'kube-system', serviceAccount: 'ebs-csi-controller-sa' });

      expect(() => new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' })).toThrow(
        "[cdk-eks-pod-identity:duplicate-association] Stack/Ebs: service account 'kube-system/ebs-csi-controller-sa' of this cluster already has a pod identity association, made by 'Stack/Standalone'",
      );
    });

    test('rejects a standalone association after an add-on association of the same service account', () => {
      new PodIdentityAddon(stack, 'Adot', { cluster, addonName: 'adot' });

      expect(() => new PodIdentityAssociation(stack, 'Standalone', { cluster, namespace: 'opentelemetry-operator-system', serviceAccount: 'adot-col-otlp-ingest' })).toThrow(
        "[cdk-eks-pod-identity:duplicate-association] Stack/Standalone: service account 'opentelemetry-operator-system/adot-col-otlp-ingest' of this cluster already has a pod identity association, made by 'Stack/Adot'",
      );
    });

    test('rejects the same add-on twice on one cluster, and accepts it on another cluster or namespace', () => {
      new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver' });
      const other = eks.CfnCluster.fromClusterName(stack, 'Other', 'other-cluster');

      expect(() => new PodIdentityAddon(stack, 'EbsOther', { cluster: other, addonName: 'aws-ebs-csi-driver' })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'EbsMoved', { cluster, addonName: 'aws-ebs-csi-driver', namespace: 'storage' })).not.toThrow();
      expect(() => new PodIdentityAddon(stack, 'Again', { cluster, addonName: 'aws-ebs-csi-driver' })).toThrow(
        "[cdk-eks-pod-identity:duplicate-association] Stack/Again: service account 'kube-system/ebs-csi-controller-sa' of this cluster already has a pod identity association, made by 'Stack/Ebs'",
      );
    });
  });

  test('rejects a role from another account than the cluster', () => {
    const role = iam.Role.fromRoleArn(stack, 'Elsewhere', 'arn:aws:iam::222222222222:role/ebs');
    expect(() => new PodIdentityAddon(stack, 'Ebs', {
      cluster,
      addonName: 'aws-ebs-csi-driver',
      podIdentityAssociations: [{ serviceAccount: 'ebs-csi-controller-sa', role }],
    })).toThrow(
      "[cdk-eks-pod-identity:role-in-other-account] Stack/Ebs: role 'arn:aws:iam::222222222222:role/ebs' is in account '222222222222' but the cluster is in account '111111111111'; EKS only accepts a role from the cluster's account. Give a role from the cluster's account, or remove `role` to get a new one; add-on associations cannot chain into another account",
    );
  });

  test('rejects an invalid namespace', () => {
    expect(() => new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', namespace: 'Storage' })).toThrow(
      "[cdk-eks-pod-identity:invalid-namespace] Stack/Ebs: namespace 'Storage' is not a valid Kubernetes namespace",
    );
  });

  test('rejects an invalid cluster name', () => {
    const bad = eks.CfnCluster.fromClusterName(stack, 'Bad', 'my cluster');
    expect(() => new PodIdentityAddon(stack, 'Ebs', { cluster: bad, addonName: 'aws-ebs-csi-driver' })).toThrow(
      "[cdk-eks-pod-identity:invalid-cluster-name] Stack/Ebs: cluster name 'my cluster' is not a valid EKS cluster name",
    );
  });

  test('rejects an ipFamily that contradicts the cluster', () => {
    const v2 = eksv2.Cluster.fromClusterAttributes(stack, 'V2', { clusterName: 'my-cluster', ipFamily: eksv2.IpFamily.IP_V4 });
    expect(() => new PodIdentityAddon(stack, 'VpcCni', { cluster: v2, addonName: 'vpc-cni', ipFamily: eks.IpFamily.IP_V6 })).toThrow(
      "[cdk-eks-pod-identity:addon-ip-family-mismatch] Stack/VpcCni: ipFamily is 'ipv6' but the cluster's IP family is 'ipv4'. Remove `ipFamily`: it is read from the cluster",
    );
  });
  // Found by fuzzing (test/fuzz/constructs.fuzz.latest-cdk.test.ts): the CloudFormation schema of AWS::EKS::Addon
  // takes no empty tag value and keys of at most 127 characters; such tags failed only at deploy.
  test.each([
    [{ team: '' }, "`tags` gives the key 'team' a value of 0 characters; AWS::EKS::Addon takes 1 to 255"],
    [{ ['k'.repeat(128)]: 'v' }, `\`tags\` has the key '${'k'.repeat(60)}... (128 characters)', which AWS::EKS::Addon does not take (a key has 1 to 127 characters)`],
    // A lone surrogate made a template that CloudFormation Validate could not even parse (F1101).
    [{ team: 'a\ud800' }, "`tags` has the value of the key 'team' \"a\\ud800\", which holds half of a UTF-16 surrogate pair: it is not text UTF-8 can encode, and the template could not be read"],
  ])('rejects tags %#: %s', (tags, problem) => {
    expect(() => new PodIdentityAddon(stack, 'Ebs', { cluster, addonName: 'aws-ebs-csi-driver', tags })).toThrow(
      `[cdk-eks-pod-identity:invalid-tags] Stack/Ebs: ${problem}. Give at most 50 tags, each key of 1 to 127 characters not starting with 'aws:', each value of 1 to 255`,
    );
  });
  // Found by fuzzing (test/fuzz/constructs.fuzz.latest-cdk.test.ts): CloudFormation's schema of AWS::EKS::Addon
  // refuses an empty AddonName or AddonVersion, and a lone surrogate made the template unreadable (F1101).
  test.each([
    [{ addonName: '' }, '`addonName` is empty; AWS::EKS::Addon takes at least 1 character. Give the name of the add-on, as `aws eks describe-addon-versions` lists it'],
    [{ addonName: 'my-addon', addonVersion: '' }, "`addonVersion` is empty; AWS::EKS::Addon takes at least 1 character. Give a version such as 'v1.19.0-eksbuild.1', or leave `addonVersion` unset for the default version"],
    [{ addonName: 'my-addon\udc00' }, "`addonName` \"my-addon\\udc00\" holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read. Give 'addonName' as plain text"],
    [{ addonName: 'my-addon', configurationValues: { replicas: '\ud83d' } }, '`configurationValues` holds half of a UTF-16 surrogate pair, which UTF-8 cannot encode, so the template could not be read. Give the configuration as plain text'],
    // Found by cfn-lint on a sample of fuzzed templates (test/langs/fuzz-cfn-lint.langs.ts): raw C1 controls.
    [{ addonName: '\x86\x80' }, '`addonName` "\\u0086\\u0080" holds the control character U+0086, which readers of the template as YAML (cfn-lint among them) refuse. Give \'addonName\' as plain text'],
    [{ addonName: 'my-addon', configurationValues: { 'a\x84': 1 } }, '`configurationValues` has the text "a\\u0084", which holds the control character U+0084, which readers of the template as YAML (cfn-lint among them) refuse. Give the configuration as plain text'],
    // Found by `npm run fuzz` (10,000 cases): aws-cdk-lib read this number as an encoded token and failed to resolve it.
    [{ addonName: 'my-addon', configurationValues: { agent: [-1.0000000000000003e+289] } }, '`configurationValues` holds -1.0000000000000003e+289, which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written. Write that number another way (with fewer digits, say), or leave it out'],
    [{ addonName: 'my-addon', configurationValues: { note: 'x -1.2345678901e+289' } }, '`configurationValues` holds "x -1.2345678901e+289", which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written. Write that number another way (with fewer digits, say), or leave it out'],
    [{ addonName: 'my-addon', configurationValues: { '-1.2345678901e+289': 1 } }, '`configurationValues` holds "-1.2345678901e+289", which aws-cdk-lib reads as an encoded number token (it writes them as -1.<10 to 16 digits>e+289) though it is none, so the template could not be written. Write that number another way (with fewer digits, say), or leave it out'],
  ])('rejects %j', (props, message) => {
    expect(() => new PodIdentityAddon(stack, 'Addon', { cluster, ...props })).toThrow(`[cdk-eks-pod-identity:invalid-addon-property] Stack/Addon: ${message}`);
  });

  // From the review of the fuzz fixes: the walk of configurationValues went into a token's construct and overflowed.
  test('takes a token object in configurationValues', () => {
    const bucket = new CfnResource(stack, 'Bucket', { type: 'AWS::S3::Bucket' });
    new PodIdentityAddon(stack, 'Addon', { cluster, addonName: 'my-addon', configurationValues: { arn: bucket.getAtt('Arn'), list: [bucket.getAtt('Arn')] } });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { ConfigurationValues: { 'Fn::Join': Match.anyValue() } });
  });

  test('refuses U+0085, which a YAML reader takes for a line break', () => {
    expect(() => new PodIdentityAddon(stack, 'Addon', { cluster, addonName: 'my-addon', configurationValues: { note: 'a\u0085b' } })).toThrow(
      '[cdk-eks-pod-identity:invalid-addon-property] Stack/Addon: `configurationValues` has the text "a\\u0085b", which holds the control character U+0085, which readers of the template as YAML (cfn-lint among them) take for a line break, changing the text. Give the configuration as plain text',
    );
  });

  test('takes a number token of the app, and large numbers that are no token, in configurationValues', () => {
    new PodIdentityAddon(stack, 'Addon', { cluster, addonName: 'my-addon', configurationValues: { replicas: Token.asNumber(Lazy.number({ produce: () => 3 })), big: 1e300, small: -1.5e289 } });
    Template.fromStack(stack).hasResourceProperties('AWS::EKS::Addon', { ConfigurationValues: '{"replicas":3,"big":1e+300,"small":-1.5e+289}' });
  });
});
