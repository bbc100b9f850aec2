/**
 * Flags shared by `verify` and `serve`: the cluster, the token file, and where EKS Auth is.
 */
import { parseArgs } from 'util';
import { defaultEndpoint, isRegionName, resolveRegion } from './eks-auth';
import { UsageError } from './io';

type FlagSpec = Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>;

export const CONNECTION_FLAGS: FlagSpec = {
  'cluster': { type: 'string' },
  'token-file': { type: 'string' },
  'region': { type: 'string' },
  'endpoint': { type: 'string' },
  'help': { type: 'boolean' },
};

export function parseFlags(argv: string[], spec: FlagSpec): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options: spec, strict: true, allowPositionals: false }).values;
  } catch (error: any) {
    throw new UsageError(String(error.message).replace(/\. To specify a positional argument.*$/, ''));
  }
}

export function requireString(values: Record<string, string | boolean | undefined>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`--${name} is required`);
  return value;
}

export interface Connection {
  readonly cluster: string;
  readonly tokenFile: string;
  readonly region: string;
  readonly endpoint: string;
}

// The ClusterName shape: 1 to 100 characters of this pattern.
// Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]*$/;

/** The cluster, token file, region and endpoint; the region from the flag, then the environment. */
export async function connectionOf(values: Record<string, string | boolean | undefined>, env: NodeJS.ProcessEnv): Promise<Connection> {
  const cluster = requireString(values, 'cluster');
  const tokenFile = requireString(values, 'token-file');
  if (cluster.length > 100 || !CLUSTER_NAME.test(cluster)) {
    throw new UsageError(`--cluster ${cluster} is not a cluster name (1 to 100 letters, digits, - and _, starting with a letter or digit)`);
  }
  const region = await resolveRegion(typeof values.region === 'string' ? values.region : undefined, env);
  if (!region) throw new UsageError('No region: pass --region, or set AWS_REGION');
  if (!isRegionName(region)) throw new UsageError(`${region} is not a region name (for example us-east-1)`);
  let endpoint = defaultEndpoint(region);
  if (typeof values.endpoint === 'string') {
    let url: URL;
    try {
      url = new URL(values.endpoint);
    } catch {
      throw new UsageError(`--endpoint ${values.endpoint} is not a URL`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--endpoint ${values.endpoint} is not an http(s) URL`);
    endpoint = values.endpoint;
  }
  return { cluster, tokenFile, region, endpoint };
}
