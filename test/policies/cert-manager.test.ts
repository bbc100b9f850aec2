import * as route53 from 'aws-cdk-lib/aws-route53';
import { WellKnownPolicy } from '../../lib';
import { allow, arn, statementsOf } from './helpers';

describe('WellKnownPolicy.certManager', () => {
  test('writes only TXT records in the given zones', () => {
    // WHEN
    const statements = statementsOf(stack => WellKnownPolicy.certManager({
      hostedZones: [route53.HostedZone.fromHostedZoneId(stack, 'Zone', 'Z0123456789')],
    }));

    // THEN
    const zone = arn('route53:::hostedzone/Z0123456789');
    expect(statements).toEqual([
      allow(['route53:GetChange'], [arn('route53:::change/*')]),
      allow(['route53:ChangeResourceRecordSets'], [zone],
        { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } }),
      allow(['route53:ListResourceRecordSets'], [zone]),
      allow(['route53:ListHostedZonesByName'], ['*']),
    ]);
  });
});
