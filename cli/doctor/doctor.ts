/**
 * `cdk-eks-pod-identity doctor`: reads the live cluster, IAM and Kubernetes and says why a pod gets no
 * credentials, or AccessDenied, with the fix. Only reads.
 */
import { isRegionName, resolveRegion } from '../eks-auth';
import { CliIo, EXIT_FAILED, EXIT_MISMATCH, EXIT_OK, PROGRAM, UsageError } from '../io';
import { parseFlags, requireString } from '../options';
import { AwsCallError, AwsClient } from './aws';
import { AddonVersions, checkAddonOwner } from './addon-owner';
import { Association, checkAssociation, describeAssociation, listAssociations, RoleReader } from './chain';
import { checkAgentAddon, checkClusterBasics, checkFargate, checkNodeRoles, checkWindowsNodeGroups, ClusterInfo, describeCluster, describeNodeGroups } from './cluster';
import { Finding, formatFindings, KubernetesCallError, Report } from './findings';
import { accessFromKubeconfig, KubernetesClient } from './kubernetes';
import { AgentPods, checkDaemonSets, checkKubernetes, readAgent } from './pods';

export const DOCTOR_USAGE = `Usage: ${PROGRAM} doctor --cluster NAME [--namespace NS --service-account SA]
         [--region R] [--kubeconfig PATH | --no-kubernetes] [--json]

Reads the cluster, its pod identity associations, their IAM roles and (unless --no-kubernetes) the
Kubernetes objects, and reports why pods get no credentials or AccessDenied, with the fix.
With --namespace and --service-account: the chain one pod walks, stopping at the first break.
Without: the cluster, the agent, and every association with its role.
Kubernetes: the cluster's endpoint with an EKS token from your AWS credentials, or the current context
of --kubeconfig. It only reads (docs/cli.md lists the permissions).

Exit code: 0 when nothing is at error level, 1 when something is, 2 when the check could not run.`;

const FLAGS = {
  'cluster': { type: 'string' as const },
  'namespace': { type: 'string' as const },
  'service-account': { type: 'string' as const },
  'region': { type: 'string' as const },
  'kubeconfig': { type: 'string' as const },
  'no-kubernetes': { type: 'boolean' as const },
  'json': { type: 'boolean' as const },
  'help': { type: 'boolean' as const },
};

// Associations checked at once in a cluster-wide run: IAM's and EKS's read rates stay low.
const CONCURRENCY = 8;

interface Options {
  readonly cluster: string;
  readonly region: string;
  readonly namespace?: string;
  readonly serviceAccount?: string;
  readonly kubeconfig?: string;
  readonly kubernetes: boolean;
  readonly json: boolean;
}

async function optionsOf(argv: string[], io: CliIo): Promise<Options | undefined> {
  const values = parseFlags(argv, FLAGS);
  if (values.help) return undefined;
  const cluster = requireString(values, 'cluster');
  if (cluster.length > 100 || !/^[0-9A-Za-z][A-Za-z0-9\-_]*$/.test(cluster)) throw new UsageError(`--cluster ${cluster} is not a cluster name`);
  const namespace = typeof values.namespace === 'string' ? values.namespace : undefined;
  const serviceAccount = typeof values['service-account'] === 'string' ? values['service-account'] : undefined;
  if ((namespace === undefined) !== (serviceAccount === undefined)) throw new UsageError('--namespace and --service-account go together');
  if (values['no-kubernetes'] && values.kubeconfig) throw new UsageError('--kubeconfig and --no-kubernetes exclude each other');
  const region = await resolveRegion(typeof values.region === 'string' ? values.region : undefined, io.env);
  if (!region) throw new UsageError('No region: pass --region, or set AWS_REGION');
  if (!isRegionName(region)) throw new UsageError(`${region} is not a region name (for example us-east-1)`);
  return {
    cluster, region, namespace, serviceAccount,
    kubeconfig: typeof values.kubeconfig === 'string' ? values.kubeconfig : undefined,
    kubernetes: values['no-kubernetes'] !== true,
    json: values.json === true,
  };
}

export async function doctor(argv: string[], io: CliIo): Promise<number> {
  let options: Options | undefined;
  try {
    options = await optionsOf(argv, io);
  } catch (error) {
    if (error instanceof UsageError && argv.includes('--json')) {
      io.stdout(`${JSON.stringify({ ok: false, problem: error.message, fix: `Run ${PROGRAM} doctor --help for its flags.` })}\n`);
    }
    throw error;
  }
  if (!options) {
    io.stdout(`${DOCTOR_USAGE}\n`);
    return EXIT_OK;
  }
  const report = new Report();
  const progress = (text: string) => io.stderr(`${PROGRAM} doctor: ${text}\n`);
  let stopped = false;
  try {
    stopped = await run(options, io, report, progress);
  } catch (error) {
    if (!(error instanceof AwsCallError) && !(error instanceof KubernetesCallError)) throw error;
    return failure(io, options, report, error);
  }
  const exit = report.errors > 0 ? EXIT_MISMATCH : EXIT_OK;
  const scope = { cluster: options.cluster, region: options.region, namespace: options.namespace, serviceAccount: options.serviceAccount };
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: exit === EXIT_OK, ...scope, errors: report.errors, warnings: report.warnings, stopped, findings: report.findings })}\n`);
  } else {
    const lines = [`doctor: cluster ${options.cluster} (${options.region})${options.namespace ? `, service account ${options.namespace}/${options.serviceAccount}` : ''}`, '', formatFindings(report.findings), ''];
    if (stopped) lines.push('Stopped at the first break: the later steps were not checked.');
    lines.push(`${report.errors} error(s), ${report.warnings} warning(s).`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return exit;
}

/** The checks; true when a one-service-account run stopped at an error. */
async function run(options: Options, io: CliIo, report: Report, progress: (text: string) => void): Promise<boolean> {
  const aws = new AwsClient({ region: options.region, env: io.env });
  await aws.checkCredentials();
  const oneAccount = options.namespace !== undefined;
  const broken = () => oneAccount && report.errors > 0;
  const addAll = (findings: Finding[]) => findings.forEach(f => report.add(f));

  const cluster = await describeCluster(aws, options.cluster);
  addAll(checkClusterBasics(cluster));
  if (broken()) return true;

  const roles = new RoleReader(aws);
  const addons: AddonVersions = new Map();
  let association: Association | undefined;
  if (oneAccount) {
    const found = await listAssociations(aws, cluster.name, { namespace: options.namespace!, serviceAccount: options.serviceAccount! });
    if (found.length === 0) {
      report.add({
        id: 'association-missing', level: 'error', subject: `${options.namespace}/${options.serviceAccount}`,
        seen: `no pod identity association for this service account in cluster ${cluster.name}`,
        why: 'EKS injects no credential variables into its pods, and EKS Auth has no role for their tokens',
        fix: `aws eks create-pod-identity-association --cluster-name ${cluster.name} --namespace ${options.namespace} --service-account ${options.serviceAccount} --role-arn ROLE_ARN, then restart the pods`,
      });
      return true;
    }
    association = await describeAssociation(aws, cluster.name, found[0].associationId);
    report.add({ id: 'association', level: 'ok', subject: `${association.namespace}/${association.serviceAccount}`, seen: `${association.associationId} → ${association.roleArn}${association.targetRoleArn ? ` → ${association.targetRoleArn}` : ''}` });
    addAll(await checkAssociation(aws, roles, association, cluster));
    if (broken()) return true;
    addAll(await checkAddonOwner(aws, addons, association, cluster));
    if (broken()) return true;
  }

  const k8s = options.kubernetes ? await kubernetesClient(aws, cluster, options, io.env) : undefined;
  const agent = k8s ? await readAgent(k8s) : undefined;
  addAll(await checkAgent(aws, cluster, agent));
  if (broken()) return true;
  const nodeGroups = await describeNodeGroups(aws, cluster);
  addAll(await checkNodeRoles(aws, cluster, nodeGroups));
  if (broken()) return true;

  if (oneAccount) {
    addAll(await checkFargate(aws, cluster, new Set([association!.namespace])));
    if (k8s) addAll(await checkKubernetes(k8s, association!, agent!));
    return false;
  }

  const summaries = await listAssociations(aws, cluster.name);
  progress(`checking ${summaries.length} association(s) in ${cluster.name}`);
  addAll(await checkFargate(aws, cluster, new Set(summaries.map(s => s.namespace))));
  if (summaries.length > 0) addAll(checkWindowsNodeGroups(cluster, nodeGroups));
  let done = 0;
  const results = await mapLimit(summaries, CONCURRENCY, async summary => {
    const found = await describeAssociation(aws, cluster.name, summary.associationId);
    const findings = await checkAssociation(aws, roles, found, cluster);
    if (!findings.some(f => f.level === 'error')) findings.push(...await checkAddonOwner(aws, addons, found, cluster));
    if (++done % 25 === 0 && done < summaries.length) progress(`${done} of ${summaries.length} associations checked`);
    const problems = findings.filter(f => f.level === 'error' || f.level === 'warning');
    return problems.length > 0 ? problems : [{
      id: 'association', level: 'ok' as const, subject: `${found.namespace}/${found.serviceAccount}`,
      seen: `${found.associationId} → ${found.roleArn}${found.targetRoleArn ? ` → ${found.targetRoleArn}` : ''}`,
    }];
  });
  results.forEach(addAll);
  return false;
}

/**
 * The add-on, else self-managed agent DaemonSets, else nothing (Auto Mode nodes have their own; the pods' nodes are
 * checked one by one later).
 */
async function checkAgent(aws: AwsClient, cluster: ClusterInfo, agent: AgentPods | undefined): Promise<Finding[]> {
  const addon = await checkAgentAddon(aws, cluster);
  const findings: Finding[] = addon.finding ? [addon.finding] : [];
  const daemonSets = agent ? checkDaemonSets(agent) : [];
  findings.push(...daemonSets.filter(f => !addon.present || f.level !== 'ok'));
  if (addon.present || daemonSets.length > 0 || cluster.autoMode) return findings;
  return [{
    id: 'agent-missing', level: agent ? 'error' : 'warning', subject: `cluster ${cluster.name}`,
    seen: agent ? 'no eks-pod-identity-agent add-on, and no agent DaemonSet in any namespace'
      : 'no eks-pod-identity-agent add-on (a self-managed agent cannot be seen with --no-kubernetes)',
    why: 'without the agent on the node, nothing answers at 169.254.170.23 and the pods get no credentials',
    fix: `aws eks create-addon --cluster-name ${cluster.name} --addon-name eks-pod-identity-agent (or PodIdentityAgent in CDK)`,
  }];
}

async function kubernetesClient(aws: AwsClient, cluster: ClusterInfo, options: Options, env: NodeJS.ProcessEnv): Promise<KubernetesClient> {
  if (options.kubeconfig) return new KubernetesClient(accessFromKubeconfig(options.kubeconfig, env));
  if (!cluster.endpoint) {
    throw new KubernetesCallError('DescribeCluster', 'eks:DescribeCluster', 'the cluster has no API server endpoint yet');
  }
  return new KubernetesClient({
    server: cluster.endpoint,
    ca: cluster.caData ? Buffer.from(cluster.caData, 'base64') : undefined,
    token: await aws.kubernetesToken(cluster.name),
    source: `the endpoint of cluster ${cluster.name}`,
  });
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function fixOf(error: AwsCallError | KubernetesCallError): string {
  if (error instanceof KubernetesCallError) {
    if (error.status === 401) return 'The API server did not accept the credentials: give your IAM identity an access entry (aws eks create-access-entry) or pass --kubeconfig; or run with --no-kubernetes';
    if (error.status === 403) return `Grant ${error.permission} (docs/cli.md of the project lists a read-only Role), or run with --no-kubernetes`;
    return 'Check that the API server is reachable from here (a private endpoint needs a path into the VPC), pass --kubeconfig, or run with --no-kubernetes';
  }
  if (error.call === 'credentials') return 'Configure AWS credentials (environment variables, AWS_PROFILE, SSO login) for the account of the cluster';
  if (/AccessDenied|UnauthorizedOperation|NotAuthorized/i.test(error.code)) return `Allow ${error.permission} to the identity doctor runs as (docs/cli.md of the project lists a read-only policy)`;
  if (error.code === 'ResourceNotFoundException' && error.call === 'DescribeCluster') return 'Check --cluster and --region';
  if (error.status === undefined) return 'Check the network path to the endpoint (or AWS_ENDPOINT_URL_*), then run again';
  return 'Run again; if it persists, check the call with the AWS CLI';
}

function failure(io: CliIo, options: Options, report: Report, error: AwsCallError | KubernetesCallError): number {
  const code = error instanceof AwsCallError ? error.code : error.status ? `HTTP ${error.status}` : 'Unreachable';
  const detail = { call: error.call, permission: error.permission, code, problem: error.message, fix: fixOf(error) };
  if (options.json) {
    io.stdout(`${JSON.stringify({ ok: false, cluster: options.cluster, region: options.region, namespace: options.namespace, serviceAccount: options.serviceAccount, failure: detail, findings: report.findings })}\n`);
  } else {
    const lines = [`doctor could not finish: ${detail.call} failed (${code}): ${detail.problem}`];
    if (detail.permission) lines.push(`Needs: ${detail.permission}`);
    lines.push(`Fix: ${detail.fix}`);
    if (report.findings.length > 0) lines.push('', 'Found so far:', formatFindings(report.findings));
    io.stderr(`${lines.join('\n')}\n`);
  }
  return EXIT_FAILED;
}
