import { App, Stack } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Node } from 'constructs';
import { PodIdentityAssociation } from '../../lib';
import * as cfnProperties from '../../lib/checks/private/cfn-properties';

// Issue 13: nothing may cost more than linearly in associations or stacks. Work is counted, not timed:
// construct tree visits (every read of a node's children, by the checks' walk and by synthesis),
// token resolutions, and the checks' reads of L1 properties, for an app synthesized at growing sizes.

const STACK_SIZE = 25;
const SIZES = [50, 100, 200];

interface Work {
  readonly visits: number;
  readonly resolves: number;
  readonly propertyReads: number;
}

/** N associations over stacks of STACK_SIZE: half with their default role, half with a role of the app. */
function workToSynthesize(n: number): Work {
  const visits = jest.spyOn(Node.prototype, 'children', 'get');
  const resolves = jest.spyOn(Stack.prototype, 'resolve');
  const propertyReads = jest.spyOn(cfnProperties, 'cfnPropertiesOf');
  const stringPropertyReads = jest.spyOn(cfnProperties, 'cfnStringPropertiesOf');
  try {
    const app = new App();
    let stack!: Stack;
    let cluster!: eks.IClusterRef;
    let bucket!: s3.IBucket;
    for (let i = 0; i < n; i++) {
      if (i % STACK_SIZE === 0) {
        stack = new Stack(app, `Stack${i / STACK_SIZE}`, { env: { account: '111111111111', region: 'eu-west-1' } });
        cluster = eks.CfnCluster.fromClusterName(stack, 'Cluster', 'demo');
        bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'demo-bucket');
      }
      // A role of the app makes the role-trust check read and resolve its trust policy.
      const role = i % 2 === 0 ? undefined : new iam.Role(stack, `Role${i}`, { assumedBy: new iam.ServicePrincipal('pods.eks.amazonaws.com').withSessionTags() });
      const association = new PodIdentityAssociation(stack, `App${i}`, { cluster, namespace: 'default', serviceAccount: `sa-${i}`, role });
      bucket.grantRead(association);
    }
    app.synth();
    return { visits: visits.mock.calls.length, resolves: resolves.mock.calls.length, propertyReads: propertyReads.mock.calls.length + stringPropertyReads.mock.calls.length };
  } finally {
    visits.mockRestore();
    resolves.mockRestore();
    propertyReads.mockRestore();
    stringPropertyReads.mockRestore();
  }
}

describe('work grows linearly with the number of associations and stacks', () => {
  const work = SIZES.map(workToSynthesize);

  test.each(['visits', 'resolves', 'propertyReads'] as const)('%s at most 2.2 times as many for twice the associations', counter => {
    // Each counter is counted at all: a counter stuck at zero would pass any ratio.
    expect(work[0][counter]).toBeGreaterThan(0);
    const ratios = work.slice(1).map((w, i) => w[counter] / work[i][counter]);
    expect(ratios.map(ratio => ratio <= 2.2 ? 'linear' : `grew ${ratio.toFixed(2)}x: ${work.map(w => w[counter]).join(', ')}`)).toEqual(['linear', 'linear']);
  });
});
