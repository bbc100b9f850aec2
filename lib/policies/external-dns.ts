import * as iam from 'aws-cdk-lib/aws-iam';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { IConstruct } from 'constructs';
import { allow, hostedZoneArnsOf, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.externalDns`.
 */
export interface ExternalDnsPolicyOptions {
  /**
   * The hosted zones whose records ExternalDNS may change.
   *
   * Give at least one zone here or in `hostedZoneArns`, and configure ExternalDNS with the same
   * zones (`--zone-id-filter`), so it does not try to write elsewhere.
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
 * The statements of ExternalDNS with the Route 53 provider.
 *
 * Actions follow kubernetes-sigs/external-dns `docs/tutorials/aws.md` ("IAM Policy", v0.1x);
 * both `route53:ListTagsForResource` (older releases) and `route53:ListTagsForResources` (newer ones)
 * are allowed. Writes are limited to the given zones; the list actions stay on `*`, as upstream,
 * because ExternalDNS lists zones before it filters them.
 *
 * @internal
 */
export function _externalDnsStatements(scope: IConstruct, options: ExternalDnsPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-hosted-zones', 'external-dns', `at least one hosted zone in ${propSpan('hostedZones')} or ${propSpan('hostedZoneArns')}`,
    'Pass the zones ExternalDNS manages, e.g. `hostedZones: [zone]`',
    options.hostedZones, options.hostedZoneArns);
  // The stored tutorial copy is old; route53:ListTagsForResource(s) come from later releases (not re-read).
  // Source: kubernetes-sigs/external-dns docs/tutorials/aws.md @ commit 0258cf6f (checked 2026-12-01)
  return [
    allow(['route53:ChangeResourceRecordSets'], hostedZoneArnsOf(options.hostedZones, options.hostedZoneArns)),
    allow([
      'route53:ListHostedZones',
      'route53:ListResourceRecordSets',
      'route53:ListTagsForResource',
      'route53:ListTagsForResources',
    ], ['*']),
  ];
}
