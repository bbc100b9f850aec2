/**
 * What a failed exchange means, in plain words, and how to fix it: one explanation per EKS Auth error, and
 * for the failures before EKS Auth answers (no credentials, no network).
 */
import { connectionFix, describeFailure, failureSite, SIGNING_FIX } from '../eks-auth/failure';
import { POD_IDENTITY_AUDIENCE, TokenClaims } from '../token';

export interface ExchangeContext {
  readonly cluster: string;
  readonly region: string;
  readonly endpoint: string;
  /** The token's claims, when the file holds a JWT. */
  readonly claims?: TokenClaims;
  /** The environment, for the proxy variables. @default {} */
  readonly env?: NodeJS.ProcessEnv;
}

export interface Explanation {
  /** What went wrong, in plain words. */
  readonly problem: string;
  /** What to do about it. */
  readonly fix: string;
}

function serviceAccountOf(context: ExchangeContext): { namespace: string; serviceAccount: string } {
  return { namespace: context.claims?.namespace ?? 'NS', serviceAccount: context.claims?.serviceAccount ?? 'SA' };
}

function createTokenCommand(context: ExchangeContext): string {
  const { namespace, serviceAccount } = serviceAccountOf(context);
  return `kubectl create token ${serviceAccount} -n ${namespace} --audience ${POD_IDENTITY_AUDIENCE}`;
}

function who(context: ExchangeContext): string {
  const { namespace, serviceAccount } = serviceAccountOf(context);
  return context.claims?.namespace ? `namespace ${namespace} and service account ${serviceAccount}` : 'the token\'s namespace and service account';
}

function invalidToken(context: ExchangeContext): Explanation {
  const claims = context.claims;
  let why = 'EKS Auth did not accept the token.';
  if (!claims) {
    why += ' The file does not hold a Kubernetes service-account token (a JWT of three dot-separated parts).';
  } else if (!claims.audiences.includes(POD_IDENTITY_AUDIENCE)) {
    const audiences = claims.audiences.length > 0 ? claims.audiences.join(', ') : 'none';
    why += ` Its audience is ${audiences}; EKS Pod Identity only takes tokens made for ${POD_IDENTITY_AUDIENCE}.`;
  } else {
    why += ` Its audience is right (${POD_IDENTITY_AUDIENCE}), so it was probably issued by another cluster than ${context.cluster}, or its service account was deleted.`;
  }
  return {
    problem: why,
    fix: `Make a token for that audience with \`${createTokenCommand(context)}\`, from the cluster ${context.cluster}, and write it to the token file.`,
  };
}

function expiredToken(context: ExchangeContext): Explanation {
  const when = context.claims?.expiresAt ? ` (it expired at ${context.claims.expiresAt.toISOString()})` : '';
  return {
    problem: `The token has expired${when}.`,
    fix: `Make a new one with \`${createTokenCommand(context)}\` (add --duration 2h for a longer life).`,
  };
}

function notFound(context: ExchangeContext): Explanation {
  return {
    problem: `No pod identity association matches ${who(context)} in the cluster ${context.cluster} (${context.region}), or there is no cluster of that name there.`,
    fix: 'Create the association (a PodIdentityAssociation in your app, then cdk deploy), check --cluster and --region, and give a new association a few seconds before trying again.',
  };
}

function accessDenied(message: string, context: ExchangeContext): Explanation {
  const caller = {
    problem: 'The AWS identity that signed the call may not call eks-auth:AssumeRoleForPodIdentity.',
    fix: `Allow eks-auth:AssumeRoleForPodIdentity on arn:<partition>:eks:${context.region}:<account>:cluster/${context.cluster} to the identity you run this with (see \`aws sts get-caller-identity\`); on nodes, AmazonEKSWorkerNodePolicy grants it.`,
  };
  const trust = {
    problem: 'EKS could not assume the association\'s role: the role\'s trust policy must let the service principal pods.eks.amazonaws.com call both sts:AssumeRole and sts:TagSession.',
    fix: 'Trust pods.eks.amazonaws.com for sts:AssumeRole and sts:TagSession in one statement (a PodIdentityRole does), and check that its conditions admit this cluster, namespace and service account.',
  };
  if (/eks-auth:AssumeRoleForPodIdentity/i.test(message)) return caller;
  if (/sts:TagSession|sts:AssumeRole|trust|assume.*role/i.test(message)) return trust;
  return {
    problem: `EKS Auth denied access, for one of two reasons. ${caller.problem} Or: ${trust.problem}`,
    fix: `${caller.fix} Otherwise: ${trust.fix}`,
  };
}

function invalidParameter(context: ExchangeContext): Explanation {
  return {
    problem: `EKS Auth refused a parameter: the cluster name "${context.cluster}" (1 to 100 letters, digits, - and _, starting with a letter or digit) or the token (a JWT).`,
    fix: 'Check --cluster and the token file.',
  };
}

function invalidRequest(context: ExchangeContext): Explanation {
  return {
    problem: `EKS Auth refused the request for the cluster ${context.cluster}.`,
    fix: `Check that the token was issued by ${context.cluster} in ${context.region} and that the cluster's platform version supports EKS Pod Identity.`,
  };
}

function throttled(attempts: number): Explanation {
  return {
    problem: `EKS Auth throttled the call (${attempts} attempt${attempts === 1 ? '' : 's'}).`,
    fix: 'Wait a little and run it again; if it persists, something else is calling EKS Auth often with the same credentials.',
  };
}

function serverFault(status: number | undefined, attempts: number, context: ExchangeContext): Explanation {
  return {
    problem: `EKS Auth failed on its side (HTTP ${status ?? '5xx'}, ${attempts} attempt${attempts === 1 ? '' : 's'}).`,
    fix: `Try again in a minute; check the AWS Health Dashboard for Amazon EKS in ${context.region}.`,
  };
}

function noCredentials(error: any, context: ExchangeContext): Explanation {
  return { problem: `${describeFailure(error, context.endpoint)}.`, fix: SIGNING_FIX };
}

function rejectedCredentials(name: string): Explanation {
  return {
    problem: `AWS did not accept the credentials that signed the call (${name}).`,
    fix: 'Refresh them (`aws sso login`, or new keys) and check the clock of this machine.',
  };
}

function unreachable(error: any, context: ExchangeContext): Explanation {
  return {
    problem: `${describeFailure(error, context.endpoint)}.`,
    fix: connectionFix({ region: context.region, endpoint: context.endpoint, env: context.env ?? {} }),
  };
}

function untrustedCertificate(code: string, context: ExchangeContext): Explanation {
  return {
    problem: `The TLS certificate of ${context.endpoint} is not trusted (${code}).`,
    fix: 'If a proxy or firewall inspects TLS, give Node.js its CA certificate with NODE_EXTRA_CA_CERTS=<file>; otherwise check --endpoint.',
  };
}

const REJECTED_CREDENTIALS = new Set(['InvalidSignatureException', 'UnrecognizedClientException', 'InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'IncompleteSignatureException']);

/** The plain-words explanation of a failed exchange, worded by where it failed (failure.ts). */
export function explain(error: any, context: ExchangeContext): Explanation {
  const attempts: number = error?.$metadata?.attempts ?? 1;
  const site = failureSite(error);
  if (site === 'signing') {
    // The chain reached AWS (an assumed profile role) and was refused, or found nothing.
    return REJECTED_CREDENTIALS.has(error?.name) ? rejectedCredentials(error.name) : noCredentials(error, context);
  }
  if (site === 'connection') {
    return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(String(error?.code)) ? untrustedCertificate(error.code, context) : unreachable(error, context);
  }
  switch (error?.name) {
    case 'InvalidTokenException': return invalidToken(context);
    case 'ExpiredTokenException':
      // AWS also says ExpiredTokenException (HTTP 403) when the caller's own session token has expired.
      if (error.$metadata?.httpStatusCode === 403 || /security token/i.test(String(error.message))) return rejectedCredentials(error.name);
      return expiredToken(context);
    case 'ResourceNotFoundException': return notFound(context);
    case 'AccessDeniedException': return accessDenied(String(error.message ?? ''), context);
    case 'InvalidParameterException': return invalidParameter(context);
    case 'InvalidRequestException': return invalidRequest(context);
    case 'ThrottlingException': return throttled(attempts);
    case 'InternalServerException':
    case 'ServiceUnavailableException': return serverFault(error.$metadata?.httpStatusCode, attempts, context);
  }
  if (REJECTED_CREDENTIALS.has(error?.name)) return rejectedCredentials(error.name);
  if (error?.$fault === 'server') return serverFault(error.$metadata?.httpStatusCode, attempts, context);
  return {
    problem: `The call to EKS Auth failed (${error?.name ?? 'Error'}).`,
    fix: 'Read the message below; run again with the same flags once it is fixed.',
  };
}
