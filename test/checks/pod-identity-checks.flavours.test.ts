import { describeRulesByFlavour } from './rules-by-flavour';

// aws-cdk-lib 2.257.0, whose aws-eks-v2 makes aws-eks's L1 classes.
describe('PodIdentityChecks, every rule with aws-eks, aws-eks-v2 and L1 resources', () => {
  describeRulesByFlavour();
});
