import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { allow, arn, hostedZoneArnsOf, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.certManager`.
 */
export interface CertManagerPolicyOptions {
  /**
   * The hosted zones in which cert-manager answers ACME DNS-01 challenges.
   *
   * Give at least one zone here or in `hostedZoneArns`.
   *
   * @default - none
   */
  readonly hostedZones?: route53.IHostedZone[];

  /**
   * ARNs of more hosted zones, e.g. `arn:aws:route53:::hostedzone/Z0123456789`;
   * `arn:<partition>:route53:::hostedzone/*` allows every zone, as eksctl does (prefer naming them).
   *
   * @default - none
   */
  readonly hostedZoneArns?: string[];
}

/**
 * The statements of cert-manager's Route 53 DNS-01 solver.
 *
 * Actions follow cert-manager `docs/configuration/acme/dns01/route53` ("Set up an IAM Policy",
 * cert-manager v1.x): record changes are limited to the given zones and to `TXT` records.
 *
 * @internal
 */
export function _certManagerStatements(scope: IConstruct, options: CertManagerPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-hosted-zones', 'cert-manager', `at least one hosted zone in ${propSpan('hostedZones')} or ${propSpan('hostedZoneArns')}`,
    'Pass the zones of the domains cert-manager issues certificates for, e.g. `hostedZones: [zone]`',
    options.hostedZones, options.hostedZoneArns);
  const zones = hostedZoneArnsOf(options.hostedZones, options.hostedZoneArns);
  // Source: cert-manager/website content/docs/configuration/acme/dns01/route53.md @ commit ccfe3ad9 (checked 2026-12-01)
  return [
    allow(['route53:GetChange'], [arn('route53', '', '', 'change/*')]),
    allow(['route53:ChangeResourceRecordSets'], zones,
      { 'ForAllValues:StringEquals': { 'route53:ChangeResourceRecordSetsRecordTypes': ['TXT'] } }),
    allow(['route53:ListResourceRecordSets'], zones),
    allow(['route53:ListHostedZonesByName'], ['*']),
  ];
}
