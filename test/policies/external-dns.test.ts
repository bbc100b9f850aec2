import * as route53 from 'aws-cdk-lib/aws-route53';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.externalDns', () => {
  test('changes records only in the given zones and lists on "*"', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.externalDns({
      hostedZones: [route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123456789')],
      hostedZoneArns: [`arn:${stack.partition}:route53:::hostedzone/Z9876543210`],
    }));

    // THEN
    expect(statements).toEqual([
      allow(['route53:ChangeResourceRecordSets'], [
        arn('route53:::hostedzone/Z0123456789'),
        arn('route53:::hostedzone/Z9876543210'),
      ]),
      allow([
        'route53:ListHostedZones',
        'route53:ListResourceRecordSets',
        'route53:ListTagsForResource',
        'route53:ListTagsForResources',
      ], ['*']),
    ]);
  });
});
