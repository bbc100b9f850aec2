import { describeSourceOfTruth } from './source-of-truth';

// The newest aws-cdk-lib: the manifest and trust rewriting read its CfnResource, CfnJson and ServiceAccount.
describeSourceOfTruth();
