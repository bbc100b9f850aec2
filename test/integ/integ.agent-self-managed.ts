import { Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { AgentDeployment, PodIdentityAgent } from '../../lib';
import { INTEG_REGION, importedCluster, integApp } from './support';

// The Pod Identity Agent as a self-managed DaemonSet for the existing test cluster (imported by name, see
// ./support.ts): the manifest is a YAML file asset that `cdk deploy` publishes to the bootstrap bucket,
// with no Lambda function and no kubectl in the stack. The test does not apply it (the test cluster runs
// the managed add-on); it proves that the deployment publishes the manifest, byte for byte, where the
// stack output says. Nothing billed but the assertions' Lambda calls.
const app = integApp();
const stack = new Stack(app, 'PodIdentityIntegAgentSelfManaged');

const agent = new PodIdentityAgent(stack, 'Agent', {
  cluster: importedCluster(stack),
  deployment: AgentDeployment.selfManaged({
    // The stack is environment-agnostic; the manifest names the image registry and AWS_REGION of the live run.
    region: INTEG_REGION,
    resources: { cpuRequest: '25m', memoryRequest: '64Mi', memoryLimit: '128Mi' },
  }),
});

const integ = new IntegTest(app, 'AgentSelfManaged', { testCases: [stack] });

// The published object is the rendered manifest: same length in bytes.
integ.assertions.awsApiCall('S3', 'headObject', {
  Bucket: agent.manifestAsset!.s3BucketName,
  Key: agent.manifestAsset!.s3ObjectKey,
}).expect(ExpectedResult.objectLike({
  ContentLength: Buffer.byteLength(agent.manifestYaml!, 'utf8'),
}));
