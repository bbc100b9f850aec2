/**
 * `cdk-eks-pod-identity serve`: a local credential endpoint with the Pod Identity Agent's wire contract, so
 * that an application run on a laptop gets the credentials its association grants, through the standard SDK
 * variables AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.
 */
import * as fs from 'fs';
import type { AddressInfo } from 'net';
import { isIP } from 'net';
import { AssumeRoleForPodIdentityCommand, EKSAuthClient } from '../eks-auth';
import { describeFailure, failureSite } from '../eks-auth/failure';
import { dropServeCredentialUri } from '../credential-env';
import { CliIo, EXIT_FAILED, EXIT_OK, PROGRAM, UsageError } from '../io';
import { CONNECTION_FLAGS, connectionOf, parseFlags } from '../options';
import { createTokenCommand, notAJwt, readClaims, readTokenFile, TokenFileError } from '../token';
import { explain } from '../verify/explain';
import { CachedCredentials, CredentialCache } from './credential-cache';
import { CREDENTIALS_PATH, createCredentialServer } from './server';
import { TokenSource } from './token-source';

// 170.23 as in the agent's 169.254.170.23, on a port no common tool takes.
const DEFAULT_PORT = 17023;

export const SERVE_USAGE = `Usage: ${PROGRAM} serve --cluster NAME --token-file PATH [--host 127.0.0.1] [--port ${DEFAULT_PORT}]
         [--region R] [--endpoint URL]

Serves the credentials EKS Auth gives for the token in PATH on http://HOST:PORT${CREDENTIALS_PATH}, with the
Pod Identity Agent's wire contract. When ready it prints one line, "listening on <url>". Then run your
application with:
  AWS_CONTAINER_CREDENTIALS_FULL_URI=<url> AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE=PATH
--port 0 picks a free port. Stops on Ctrl-C (SIGINT) or SIGTERM. Make a token with (tr -d drops the newline
kubectl prints, which SDKs would send):
  ${createTokenCommand('PATH')}`;

const FLAGS = {
  ...CONNECTION_FLAGS,
  host: { type: 'string' as const, default: '127.0.0.1' },
  port: { type: 'string' as const, default: String(DEFAULT_PORT) },
};

/** The file's permission bits when its group or other users may read it (never on Windows, which has no such bits). */
function readableByOthers(file: string): number | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    const mode = fs.statSync(file).mode & 0o777;
    return (mode & 0o044) !== 0 ? mode : undefined;
  } catch {
    return undefined;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The agent's answer for one EKS Auth result, serialized once. */
function toCached(output: Awaited<ReturnType<EKSAuthClient['send']>>): CachedCredentials {
  const credentials = output.credentials;
  const expiration = credentials?.expiration;
  if (!credentials?.accessKeyId || !credentials.secretAccessKey || !credentials.sessionToken || !expiration || !output.assumedRoleUser?.arn) {
    throw new Error('invalid response from EKS Auth: credentials or assumed role empty');
  }
  const body = {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    // The account is the one of the assumed role's ARN; Expiration is RFC 3339.
    // Source: aws/eks-pod-identity-agent internal/cloud/eksauth/service.go @ 0c90559f (checked 2026-12-01)
    AccountId: output.assumedRoleUser.arn.split(':')[4] ?? '',
    Expiration: expiration.toISOString().replace(/\.000Z$/, 'Z'),
  };
  return { body: Buffer.from(JSON.stringify(body)), expiresAt: expiration.getTime() };
}

export async function serve(argv: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const values = parseFlags(argv, FLAGS);
  if (values.help) {
    io.stdout(`${SERVE_USAGE}\n`);
    return EXIT_OK;
  }
  const connection = await connectionOf(values, io.env);
  const host = String(values.host);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !/^\d+$/.test(String(values.port))) {
    throw new UsageError(`--port ${values.port} is not a port (0 to 65535)`);
  }
  if (host === '0.0.0.0' || host === '::' || host === '') {
    throw new UsageError(`--host ${host} listens on every address; give the one address clients will use (for example 127.0.0.1)`);
  }
  const log = (message: string) => io.stderr(`${PROGRAM} serve: ${message}\n`);
  const notice = dropServeCredentialUri(io.env);
  if (notice) log(notice);
  if (!isLoopback(host)) log(`warning: ${host} is not a loopback address; anyone who can reach it and has the token gets the credentials`);

  let tokens: TokenSource;
  try {
    const file = readTokenFile(connection.tokenFile);
    // It could never be exchanged: EKS Auth would only answer InvalidTokenException, and clients a 400.
    if (!readClaims(file.token)) throw new TokenFileError(notAJwt(connection.tokenFile));
    if (file.padded) {
      log(`warning: ${connection.tokenFile} has whitespace around the token; SDKs send the file as it is and botocore refuses a newline: write it with \`kubectl create token ... | tr -d '\\n' > ${connection.tokenFile}\``);
    }
    // Anyone who can read the token gets the credentials from serve (it listens where every local user can call).
    const mode = readableByOthers(connection.tokenFile);
    if (mode !== undefined) {
      log(`warning: the token file ${connection.tokenFile} can be read by other users (mode ${mode.toString(8).padStart(3, '0')}); with it anyone on this machine gets the credentials. Fix: chmod 600 ${connection.tokenFile}`);
    }
    tokens = new TokenSource(connection.tokenFile, log);
  } catch (error) {
    if (!(error instanceof TokenFileError)) throw error;
    io.stderr(`${error.message}. Write a token to it: ${createTokenCommand(connection.tokenFile)}\n`);
    return EXIT_FAILED;
  }

  const client = new EKSAuthClient({ region: connection.region, endpoint: connection.endpoint, env: io.env });
  const cache = new CredentialCache({
    fetch: async token => {
      try {
        const output = await client.send(new AssumeRoleForPodIdentityCommand({ clusterName: connection.cluster, token }));
        const cached = toCached(output);
        log(`credentials for ${output.subject?.namespace}/${output.subject?.serviceAccount}: role ${output.assumedRoleUser?.arn}, expire ${new Date(cached.expiresAt).toISOString()}`);
        return cached;
      } catch (error: any) {
        // Worded by where it failed (failure.ts), with what it means and the fix, as verify says them.
        const context = { cluster: connection.cluster, region: connection.region, endpoint: connection.endpoint, claims: tokens.claims, env: io.env };
        const { problem, fix } = explain(error, context);
        const site = failureSite(error);
        const where = site === 'signing' || site === 'connection' ? '' : `${describeFailure(error, connection.endpoint)}. `;
        log(`${where}${problem} Fix: ${fix}`);
        throw error;
      }
    },
    onBackgroundError: () => log('refresh failed; serving the cached credentials while they are valid'),
  });
  const server = createCredentialServer({ host, tokens, cache });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error: any) {
    io.stderr(`Cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use (--port 0 picks a free one)' : error.message}\n`);
    return EXIT_FAILED;
  }
  tokens.start();
  const address = server.address() as AddressInfo;
  const urlHost = isIP(host) === 6 ? `[${host}]` : host;
  io.stdout(`listening on http://${urlHost}:${address.port}${CREDENTIALS_PATH}\n`);

  await new Promise<void>(resolve => {
    const stop = () => {
      signals.off('SIGINT', stop);
      signals.off('SIGTERM', stop);
      resolve();
    };
    signals.on('SIGINT', stop);
    signals.on('SIGTERM', stop);
  });
  tokens.stop();
  client.destroy();
  await new Promise<void>(resolve => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  log('stopped');
  return EXIT_OK;
}
