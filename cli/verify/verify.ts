/**
 * `cdk-eks-pod-identity verify`: trades a service-account token with EKS Auth and reports which role, subject
 * and session tags a pod with that token gets, compared with what was expected.
 */
import { AssumeRoleForPodIdentityCommand, EKSAuthClient } from '../eks-auth';
import { describeFailure, failureSite } from '../eks-auth/failure';
import { dropServeCredentialUri } from '../credential-env';
import { CliIo, EXIT_FAILED, EXIT_MISMATCH, EXIT_OK, PROGRAM } from '../io';
import { CONNECTION_FLAGS, connectionOf, parseFlags } from '../options';
import { createTokenCommand, notAJwt, readClaims, readTokenFile, TokenFileError } from '../token';
import { ExchangeContext, Explanation, explain } from './explain';
import { buildReport, formatReport } from './report';

export const VERIFY_USAGE = `Usage: ${PROGRAM} verify --cluster NAME --token-file PATH [--region R] [--endpoint URL]
         [--expect-role ARN_OR_NAME] [--expect-namespace NS] [--expect-service-account SA] [--json]

Trades the service-account token in PATH with EKS Auth (AssumeRoleForPodIdentity), as the Pod Identity
Agent does, and prints the subject, the association, the role and session name, the session tags and when
the credentials expire (never the secret key or the session token). Signs with your AWS credentials, which
need eks-auth:AssumeRoleForPodIdentity. Make a token with (tr -d drops the newline kubectl prints):
  ${createTokenCommand('PATH')}

Exit code: 0 when the exchange worked and every expectation matched, 1 when an expectation did not match,
2 when the exchange failed.`;

const FLAGS = {
  ...CONNECTION_FLAGS,
  'expect-role': { type: 'string' as const },
  'expect-namespace': { type: 'string' as const },
  'expect-service-account': { type: 'string' as const },
  'json': { type: 'boolean' as const },
};

function failure(io: CliIo, json: boolean, context: ExchangeContext, explanation: Explanation, error?: any): number {
  // Where it failed: no credentials to sign (nothing sent), no answer (the connection), or EKS Auth's answer.
  const site = error ? failureSite(error) : undefined;
  const detail = error ? {
    name: error.name,
    message: String(error.message ?? ''),
    where: site,
    code: typeof error.code === 'string' ? error.code : undefined,
    httpStatusCode: error.$metadata?.httpStatusCode,
    requestId: error.$metadata?.requestId,
    attempts: error.$metadata?.attempts,
  } : undefined;
  if (json) {
    io.stdout(`${JSON.stringify({ ok: false, cluster: context.cluster, region: context.region, problem: explanation.problem, fix: explanation.fix, error: detail })}\n`);
  } else {
    const lines = [`verify failed: ${explanation.problem}`, `Fix: ${explanation.fix}`];
    // The problem of a signing or connection failure already says where and why; EKS Auth's own words come last.
    if (error && site !== 'signing' && site !== 'connection') lines.push(describeFailure(error, context.endpoint));
    io.stderr(`${lines.join('\n')}\n`);
  }
  return EXIT_FAILED;
}

export async function verify(argv: string[], io: CliIo): Promise<number> {
  const values = parseFlags(argv, FLAGS);
  if (values.help) {
    io.stdout(`${VERIFY_USAGE}\n`);
    return EXIT_OK;
  }
  const json = values.json === true;
  const connection = await connectionOf(values, io.env);
  const context: ExchangeContext = { cluster: connection.cluster, region: connection.region, endpoint: connection.endpoint, env: io.env };

  let token: string;
  try {
    token = readTokenFile(connection.tokenFile).token;
  } catch (error) {
    if (!(error instanceof TokenFileError)) throw error;
    return failure(io, json, context, { problem: error.message, fix: `Write a token to it: ${createTokenCommand(connection.tokenFile)}` });
  }
  // EKS Auth would only answer InvalidTokenException: say what the file holds instead, and send nothing.
  const claims = readClaims(token);
  if (!claims) {
    return failure(io, json, context, { problem: notAJwt(connection.tokenFile), fix: `Write a token to it: ${createTokenCommand(connection.tokenFile)}` });
  }
  const notice = dropServeCredentialUri(io.env);
  if (notice) io.stderr(`${PROGRAM} verify: ${notice}\n`);
  const client = new EKSAuthClient({ region: connection.region, endpoint: connection.endpoint, env: io.env });
  let output;
  try {
    output = await client.send(new AssumeRoleForPodIdentityCommand({ clusterName: connection.cluster, token }));
  } catch (error: any) {
    return failure(io, json, context, explain(error, { ...context, claims }), error);
  } finally {
    client.destroy();
  }

  const report = buildReport(output, { cluster: connection.cluster, region: connection.region, claims }, {
    role: typeof values['expect-role'] === 'string' ? values['expect-role'] : undefined,
    namespace: typeof values['expect-namespace'] === 'string' ? values['expect-namespace'] : undefined,
    serviceAccount: typeof values['expect-service-account'] === 'string' ? values['expect-service-account'] : undefined,
  });
  io.stdout(`${json ? JSON.stringify(report) : formatReport(report)}\n`);
  return report.ok ? EXIT_OK : EXIT_MISMATCH;
}
