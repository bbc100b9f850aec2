import { Token } from 'aws-cdk-lib';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import {
  DEFAULT_AGENT_IMAGE_TAG,
  isPodIdentityUnavailable,
  isPodIdentityUndocumented,
  knownImageRegions,
  regionalAgentImage,
} from '../../lib/private/image-registry';
import { AgentDeployment } from '../../lib';

describe('the regional agent image registry table', () => {
  test('lists exactly these regions', () => {
    expect(knownImageRegions()).toEqual([
      'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
      'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-6', 'ap-southeast-7',
      'ca-central-1', 'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2',
      'eu-west-1', 'eu-west-2', 'eu-west-3', 'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1',
      'us-east-1', 'us-east-2', 'us-gov-east-1', 'us-gov-west-1', 'us-west-1', 'us-west-2',
    ]);
  });

  test.each([
    ['af-south-1', '877085696533'],
    ['ap-east-1', '800184023465'],
    ['ap-east-2', '533267051163'],
    ['ap-south-2', '900889452093'],
    ['ap-southeast-3', '296578399912'],
    ['ap-southeast-4', '491585149902'],
    ['ap-southeast-5', '151610086707'],
    ['ap-southeast-6', '333609536671'],
    ['ap-southeast-7', '121268973566'],
    ['ca-west-1', '761377655185'],
    ['eu-central-2', '900612956339'],
    ['eu-south-1', '590381155156'],
    ['eu-south-2', '455263428931'],
    ['il-central-1', '066635153087'],
    ['me-central-1', '759879836304'],
    ['me-south-1', '558608220178'],
    ['mx-central-1', '730335286997'],
    ['us-gov-east-1', '151742754352'],
    ['us-gov-west-1', '013241004608'],
    ['us-east-1', '602401143452'],
    ['eu-west-1', '602401143452'],
    ['ap-northeast-1', '602401143452'],
  ])('%s pulls from account %s', (region, account) => {
    expect(regionalAgentImage(region, 'v0.1.37')).toBe(`${account}.dkr.ecr.${region}.amazonaws.com/eks/eks-pod-identity-agent:v0.1.37`);
  });

  test.each(knownImageRegions())('%s is in the aws or aws-us-gov partition, with the amazonaws.com registry domain', (region) => {
    expect(['aws', 'aws-us-gov']).toContain(RegionInfo.get(region).partition);
    expect(regionalAgentImage(region, 'x')).toMatch(new RegExp(`^\\d{12}\\.dkr\\.ecr\\.${region}\\.amazonaws\\.com/eks/eks-pod-identity-agent:x$`));
    expect(isPodIdentityUnavailable(region)).toBe(false);
  });

  test('does not know regions outside the table', () => {
    expect(regionalAgentImage('cn-north-1', 'x')).toBeUndefined();
    expect(regionalAgentImage('xx-new-1', 'x')).toBeUndefined();
  });

  test.each(['cn-north-1', 'cn-northwest-1', 'cn-south-9'])(
    'pod identity is unavailable in %s', (region) => {
      expect(isPodIdentityUnavailable(region)).toBe(true);
      expect(isPodIdentityUndocumented(region)).toBe(false);
    });

  // No public source says whether the isolated partitions have pod identity: not refused, warned about.
  test.each(['us-iso-east-1', 'us-isob-east-1', 'eu-isoe-west-1', 'us-isof-east-9'])(
    'pod identity is undocumented, not unavailable, in the isolated region %s', (region) => {
      expect(isPodIdentityUnavailable(region)).toBe(false);
      expect(isPodIdentityUndocumented(region)).toBe(true);
    });

  test.each(['us-gov-west-1', 'us-gov-east-1', 'us-gov-central-9'])('pod identity is available in AWS GovCloud (US) region %s', (region) => {
    expect(isPodIdentityUnavailable(region)).toBe(false);
  });

  test('does not judge unknown or unresolved regions', () => {
    expect(isPodIdentityUnavailable('xx-new-1')).toBe(false);
    expect(isPodIdentityUnavailable(undefined)).toBe(false);
    expect(isPodIdentityUnavailable(Token.asString({ resolve: () => 'cn-north-1' }))).toBe(false);
  });

  test('the default tag is pinned and public', () => {
    expect(DEFAULT_AGENT_IMAGE_TAG).toBe('v0.1.37');
    expect(AgentDeployment.DEFAULT_IMAGE_TAG).toBe(DEFAULT_AGENT_IMAGE_TAG);
  });
});
