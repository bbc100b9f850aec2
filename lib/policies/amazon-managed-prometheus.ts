import * as iam from 'aws-cdk-lib/aws-iam';
import { aws_aps as apsRefs } from 'aws-cdk-lib/interfaces';
import { IConstruct } from 'constructs';
import { allow, requireSome } from './private/policy-helpers';
import { propSpan } from '../private/code';

/**
 * Options of `WellKnownPolicy.amazonManagedPrometheus`.
 */
export interface AmazonManagedPrometheusPolicyOptions {
  /**
   * The workspaces to write metrics to and query, e.g. `aps.CfnWorkspace`s.
   *
   * Give at least one workspace here or in `workspaceArns`.
   *
   * @default - none
   */
  readonly workspaces?: apsRefs.IWorkspaceRef[];

  /**
   * ARNs of more workspaces, e.g. `arn:aws:aps:eu-west-1:111111111111:workspace/ws-0123abcd`.
   *
   * @default - none
   */
  readonly workspaceArns?: string[];

  /**
   * Whether the collector may also query the workspaces (e.g. for Grafana or KEDA running in the cluster).
   *
   * @default true
   */
  readonly query?: boolean;
}

/**
 * The statements of a Prometheus-compatible collector (Prometheus server, ADOT, Grafana Agent)
 * that remote-writes to Amazon Managed Service for Prometheus.
 *
 * Actions follow the Amazon Managed Service for Prometheus User Guide ("Set up IAM roles for service
 * accounts": `AmazonPrometheusRemoteWriteAccess` plus the query actions), as the Terraform module's
 * `attach_amazon_managed_service_prometheus_policy`, scoped to the given workspaces.
 *
 * @internal
 */
export function _amazonManagedPrometheusStatements(scope: IConstruct, options: AmazonManagedPrometheusPolicyOptions): iam.PolicyStatement[] {
  requireSome(scope, 'policy-no-workspaces', 'amazon-managed-prometheus', `at least one workspace in ${propSpan('workspaces')} or ${propSpan('workspaceArns')}`,
    'Pass the workspaces the collector writes to, e.g. `workspaceArns: [workspace.attrArn]`',
    options.workspaces, options.workspaceArns);
  const workspaceArns = [
    ...(options.workspaces ?? []).map(workspace => workspace.workspaceRef.workspaceArn),
    ...(options.workspaceArns ?? []),
  ];
  const query = options.query ?? true;
  // The query actions are those of the AWS managed policy AmazonPrometheusQueryAccess (not re-read this session).
  // Source: https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonPrometheusRemoteWriteAccess.html @ policy version v1 (checked 2026-12-01)
  return [
    allow(query
      ? ['aps:RemoteWrite', 'aps:QueryMetrics', 'aps:GetSeries', 'aps:GetLabels', 'aps:GetMetricMetadata']
      : ['aps:RemoteWrite'], workspaceArns),
  ];
}
