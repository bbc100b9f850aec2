import { Rule } from '../rule';
import { agentMissing } from './agent-missing';
import { duplicateAssociation } from './duplicate-association';
import { fargateCluster, fargateProfile } from './fargate';
import { irsaAnnotation } from './irsa-annotation';
import { kubernetesVersion } from './kubernetes-version';
import { logicalIdChange } from './logical-id-change';
import { outpostsCluster } from './outposts-cluster';
import { roleTrust } from './role-trust';
import { unsupportedRegion } from './unsupported-region';
import { windowsNodes } from './windows-nodes';

/** Every rule, in the order findings are reported. */
export const RULES: Rule[] = [
  duplicateAssociation,
  agentMissing,
  unsupportedRegion,
  kubernetesVersion,
  outpostsCluster,
  fargateCluster,
  fargateProfile,
  windowsNodes,
  roleTrust,
  irsaAnnotation,
  logicalIdChange,
];
