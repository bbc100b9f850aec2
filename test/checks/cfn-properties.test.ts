import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CfnResource, Lazy, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as cfninc from 'aws-cdk-lib/cloudformation-include';
import { cfnPropertiesOf, cfnStringPropertiesOf } from '../../lib/checks/private/cfn-properties';

describe('cfnPropertiesOf', () => {
  let stack: Stack;
  let cluster: eks.CfnCluster;
  beforeEach(() => {
    stack = new Stack();
    cluster = new eks.CfnCluster(stack, 'Cluster', { version: '1.30', roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['s-1'] } });
  });

  test('a generated L1: template names, tokens kept as they are', () => {
    const association = new eks.CfnPodIdentityAssociation(stack, 'Association', { clusterName: cluster.ref, namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
    expect(cfnPropertiesOf(association)).toEqual(expect.objectContaining({ ClusterName: cluster.ref, Namespace: 'default', ServiceAccount: 'app' }));
  });

  test('a plain CfnResource: its properties as given', () => {
    const resource = new CfnResource(stack, 'Raw', { type: 'AWS::EKS::PodIdentityAssociation', properties: { ClusterName: cluster.ref, Namespace: 'default' } });
    expect(cfnPropertiesOf(resource)).toEqual({ ClusterName: cluster.ref, Namespace: 'default' });
  });

  test('a property set after construction', () => {
    cluster.version = '1.23';
    expect(cfnPropertiesOf(cluster).Version).toBe('1.23');
  });

  test('property overrides: nested, deleting, and inside a token', () => {
    const resource = new CfnResource(stack, 'Raw', {
      type: 'AWS::EKS::Cluster',
      properties: { Version: '1.30', ComputeConfig: Lazy.any({ produce: () => ({ Enabled: false, NodePools: ['system'] }) }), Logging: { X: 1 } },
    });
    resource.addPropertyOverride('ComputeConfig.Enabled', true);
    resource.addPropertyOverride('OutpostConfig.OutpostArns', ['arn']);
    resource.addPropertyDeletionOverride('Logging');
    expect(stack.resolve(cfnPropertiesOf(resource))).toEqual({
      Version: '1.30',
      ComputeConfig: { Enabled: true, NodePools: ['system'] },
      OutpostConfig: { OutpostArns: ['arn'] },
    });
  });

  test('nothing for an L1 whose properties do not validate (CDK reports them when it synthesizes)', () => {
    cluster.version = 123 as any;
    expect(cfnPropertiesOf(cluster)).toEqual({});
  });
});

describe('cfnStringPropertiesOf', () => {
  const NAMES = ['ClusterName', 'Namespace', 'ServiceAccount', 'RoleArn'];
  let stack: Stack;
  let association: eks.CfnPodIdentityAssociation;
  beforeEach(() => {
    stack = new Stack();
    const cluster = new eks.CfnCluster(stack, 'Cluster', { roleArn: 'arn:aws:iam::111111111111:role/eks', resourcesVpcConfig: { subnetIds: ['s-1'] } });
    association = new eks.CfnPodIdentityAssociation(stack, 'Association', { clusterName: cluster.ref, namespace: 'default', serviceAccount: 'app', roleArn: 'arn:aws:iam::111111111111:role/r' });
  });

  test('a generated L1: what cfnPropertiesOf gives for those names, from its fields', () => {
    const render = jest.spyOn(association as any, 'renderProperties');
    const expected = cfnPropertiesOf(association);
    render.mockClear();
    expect(cfnStringPropertiesOf(association, NAMES)).toEqual({
      ClusterName: expected.ClusterName, Namespace: 'default', ServiceAccount: 'app', RoleArn: 'arn:aws:iam::111111111111:role/r',
    });
    expect(render).not.toHaveBeenCalled();
  });

  test('a field set after construction', () => {
    association.namespace = 'other';
    expect(cfnStringPropertiesOf(association, NAMES).Namespace).toBe('other');
  });

  test('overrides and deletion overrides, as in the template', () => {
    association.addPropertyOverride('Namespace', 'overridden');
    association.addPropertyDeletionOverride('RoleArn');
    association.addPropertyOverride('Tags', [{ Key: 'a', Value: 'b' }]);
    const properties = cfnStringPropertiesOf(association, NAMES);
    const template = stack.resolve((association as any)._toCloudFormation()).Resources.Association.Properties;
    expect(properties).toEqual({ ClusterName: association.clusterName, Namespace: 'overridden', ServiceAccount: 'app' });
    expect(template).toEqual(expect.objectContaining({ Namespace: 'overridden', ServiceAccount: 'app' }));
    expect(template.RoleArn).toBeUndefined();
  });

  test('a CfnInclude\'d template: the typed L1 it makes, its values as the template will carry them', () => {
    // GIVEN a template whose association has a parameter, a number, an intrinsic and a property the L1 does not know
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'include-'));
    const templateFile = path.join(dir, 'template.json');
    fs.writeFileSync(templateFile, JSON.stringify({
      Parameters: { Cluster: { Type: 'String' } },
      Resources: {
        Association: {
          Type: 'AWS::EKS::PodIdentityAssociation',
          Properties: { ClusterName: { Ref: 'Cluster' }, Namespace: 123, ServiceAccount: { 'Fn::Sub': '${AWS::Region}-app' }, RoleArn: 'arn:aws:iam::111111111111:role/r', Extra: 'x' },
        },
      },
    }));
    const included = new cfninc.CfnInclude(stack, 'Included', { templateFile }).getResource('Association');

    // THEN the fields read give what the template carries
    const template = stack.resolve((included as any)._toCloudFormation()).Resources.Association.Properties;
    expect(included).toBeInstanceOf(eks.CfnPodIdentityAssociation);
    expect(stack.resolve(cfnStringPropertiesOf(included, NAMES))).toEqual({
      ClusterName: template.ClusterName, Namespace: '123', ServiceAccount: template.ServiceAccount, RoleArn: template.RoleArn,
    });
  });

  test('the fields of an L1 whose other properties do not validate (CDK reports those when it synthesizes)', () => {
    association.disableSessionTags = 'yes' as any;
    expect(cfnStringPropertiesOf(association, NAMES)).toEqual(expect.objectContaining({ Namespace: 'default', ServiceAccount: 'app' }));
  });

  test('a plain CfnResource: its properties as given, through cfnPropertiesOf', () => {
    const resource = new CfnResource(stack, 'Raw', { type: 'AWS::EKS::PodIdentityAssociation', properties: { ClusterName: 'demo', Namespace: 'default', Extra: 1 } });
    resource.addPropertyOverride('ServiceAccount', 'app');
    expect(cfnStringPropertiesOf(resource, NAMES)).toEqual({ ClusterName: 'demo', Namespace: 'default', ServiceAccount: 'app' });
  });
});
