/**
 * Keeps the SDK's credential chain, which signs the EKS Auth call, from asking a local `serve` for credentials.
 * After the recipe of docs/cli.md a shell holds AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:PORT/v1/credentials;
 * a `serve` (or `verify`) started in that shell with no other credentials would ask itself, and wait on itself.
 */
const FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/**
 * Removes AWS_CONTAINER_CREDENTIALS_FULL_URI from `env` (the environment the chain reads) when it names a
 * `serve` endpoint: `/v1/credentials` on a loopback address. Returns the notice to print, if any.
 * AWS_CONTAINER_CREDENTIALS_RELATIVE_URI always goes to ECS's 169.254.170.2, never to `serve`: it is kept.
 */
export function dropServeCredentialUri(env: NodeJS.ProcessEnv): string | undefined {
  const value = env[FULL_URI];
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (!LOOPBACK.test(url.hostname) || url.pathname.replace(/\/+$/, '') !== '/v1/credentials') return undefined;
  delete env[FULL_URI];
  return `ignoring ${FULL_URI}=${value} for the AWS credentials that sign the EKS Auth call: it names a local serve endpoint (the application's variable, not this command's)`;
}
