import { describeRulesByFlavour } from './rules-by-flavour';

// The newest aws-cdk-lib, whose aws-eks-v2 ships its own L1 classes (CfnCluster, CfnAddon...).
describe('PodIdentityChecks on the newest aws-cdk-lib, every rule with aws-eks, aws-eks-v2 and L1 resources', () => {
  describeRulesByFlavour();
});
