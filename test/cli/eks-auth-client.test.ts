import { ServiceException } from '@smithy/core/client';
import {
  AccessDeniedException, AssumeRoleForPodIdentityCommand, defaultEndpoint, EKSAuthClient, EKSAuthServiceException,
  MODELED_ERRORS, ResourceNotFoundException, ThrottlingException,
} from '../../cli/eks-auth';
import { bypassesProxy, proxyFor } from '../../cli/eks-auth/proxy';
import { isRetryable, retryDelay } from '../../cli/eks-auth/retry';
import { CLUSTER, FakeEksAuth, makeToken, REGION, SIGNER } from './fake-eks-auth';

let fake: FakeEksAuth;

beforeEach(async () => {
  fake = new FakeEksAuth();
  await fake.start();
});

afterEach(async () => {
  await fake.stop();
});

function client(options: { maxAttempts?: number; requestTimeout?: number } = {}): EKSAuthClient {
  return new EKSAuthClient({ region: REGION, endpoint: fake.url, credentials: SIGNER, env: {}, ...options });
}

describe('EKSAuthClient, shaped as @aws-sdk/client-eks-auth', () => {
  test('sends the modelled request, signed for eks-auth, and reads the modelled output', async () => {
    const token = makeToken();

    const output = await client().send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token }));

    expect(fake.calls).toEqual([{ cluster: CLUSTER, token, signatureValid: true, signingRegion: REGION, body: { token } }]);
    expect(output).toEqual({
      $metadata: { httpStatusCode: 200, requestId: expect.any(String), extendedRequestId: undefined, cfId: undefined, attempts: 1, totalRetryDelay: 0 },
      subject: { namespace: 'shop', serviceAccount: 'checkout' },
      audience: 'pods.eks.amazonaws.com',
      podIdentityAssociation: { associationArn: expect.stringContaining(':podidentityassociation/'), associationId: 'a-checkout000000000' },
      assumedRoleUser: { arn: expect.stringContaining(':assumed-role/checkout-role/'), assumeRoleId: expect.stringMatching(/^AROAFAKEROLEID:/) },
      credentials: {
        accessKeyId: fake.issued[0].accessKeyId,
        secretAccessKey: fake.issued[0].secretAccessKey,
        sessionToken: fake.issued[0].sessionToken,
        expiration: new Date(fake.issued[0].expiration * 1000),
      },
    });
  });

  test('sends the optional members eksNodeName, instanceId and zone when given', async () => {
    const token = makeToken();
    await client().send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token, eksNodeName: 'ip-10-0-0-1', instanceId: 'i-0123', zone: 'euw1-az1' }));

    expect(fake.calls[0].body).toEqual({ token, eksNodeName: 'ip-10-0-0-1', instanceId: 'i-0123', zone: 'euw1-az1' });
  });

  test('each modelled error is its own exception class, named as the shape, with $fault and $metadata', async () => {
    const names = Object.keys(MODELED_ERRORS) as Array<keyof typeof MODELED_ERRORS>;
    for (const name of names) {
      fake.next({ kind: 'fail', error: name, message: `about ${name}` });
      const error = await client({ maxAttempts: 1 }).send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

      expect(error).toBeInstanceOf(MODELED_ERRORS[name].ctor);
      expect(error).toBeInstanceOf(EKSAuthServiceException);
      expect(error).toBeInstanceOf(ServiceException);
      expect(error).toMatchObject({
        name,
        message: `about ${name}`,
        $fault: ['InternalServerException', 'ServiceUnavailableException'].includes(name) ? 'server' : 'client',
        $metadata: { httpStatusCode: MODELED_ERRORS[name].status, requestId: expect.any(String), attempts: 1 },
      });
    }
  });

  test('an unmodelled error keeps its code as its name', async () => {
    fake.next({ kind: 'status', status: 502, body: '<html>bad gateway</html>' });
    const error = await client({ maxAttempts: 1 }).send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toBeInstanceOf(EKSAuthServiceException);
    expect(error).toMatchObject({ name: 'UnknownError', $fault: 'server', message: 'HTTP 502 with a body that is not JSON', $metadata: { httpStatusCode: 502 } });
  });

  test.each(['null', '[]', '"text"'])('a 200 whose body is %s is a malformed answer, not an empty output', async body => {
    fake.next({ kind: 'status', status: 200, body });
    const error = await client({ maxAttempts: 1 }).send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toBeInstanceOf(EKSAuthServiceException);
    expect(error).toMatchObject({ name: 'SerializationException', $fault: 'server', message: 'EKS Auth answered 200 with a body that is not a JSON object' });
  });

  test('throttling is retried up to maxAttempts, then thrown with the attempts counted', async () => {
    fake.always({ kind: 'fail', error: 'ThrottlingException' });
    const error = await client({ maxAttempts: 2 }).send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toBeInstanceOf(ThrottlingException);
    expect(error.$metadata.attempts).toBe(2);
    expect(fake.calls).toHaveLength(2);
  });

  test('client errors are not retried', async () => {
    fake.always({ kind: 'fail', error: 'AccessDeniedException' });
    const error = await client().send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(fake.calls).toHaveLength(1);
  });

  test('a response that does not come within requestTimeout is a TimeoutError, retried', async () => {
    fake.always({ kind: 'stall' });
    const started = Date.now();
    const error = await client({ maxAttempts: 2, requestTimeout: 200 }).send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toMatchObject({ name: 'TimeoutError', $metadata: { attempts: 2 } });
    expect(fake.calls).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('credentials that do not come within credentialsTimeout fail the call as a CredentialsProviderError, not retried', async () => {
    const never = () => new Promise<never>(() => {});
    const started = Date.now();
    const error = await new EKSAuthClient({ region: REGION, endpoint: fake.url, credentials: never, env: {}, credentialsTimeout: 200 })
      .send(new AssumeRoleForPodIdentityCommand({ clusterName: CLUSTER, token: makeToken() })).catch(e => e);

    expect(error).toMatchObject({ name: 'CredentialsProviderError', message: 'no AWS credentials were found within 200 ms', $metadata: { attempts: 1 } });
    expect(fake.calls).toHaveLength(0);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('the cluster name is encoded into the path, and a missing one is refused before any call', async () => {
    fake.always({ kind: 'fail', error: 'ResourceNotFoundException' });
    await expect(client().send(new AssumeRoleForPodIdentityCommand({ clusterName: 'a b', token: makeToken() }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client().send(new AssumeRoleForPodIdentityCommand({ clusterName: undefined, token: 'x' }))).rejects.toThrow('No value provided for input HTTP label: clusterName.');

    expect(fake.calls.map(call => call.cluster)).toEqual(['a b']);
  });
});

describe('where EKS Auth is', () => {
  test.each([
    ['eu-west-1', 'https://eks-auth.eu-west-1.api.aws'],
    ['us-gov-west-1', 'https://eks-auth.us-gov-west-1.api.aws'],
    ['cn-north-1', 'https://eks-auth.cn-north-1.api.amazonwebservices.com.cn'],
    ['eusc-de-east-1', 'https://eks-auth.eusc-de-east-1.api.amazonwebservices.eu'],
    ['us-iso-east-1', 'https://eks-auth.us-iso-east-1.api.aws.ic.gov'],
  ])('%s: %s', (region, endpoint) => {
    expect(defaultEndpoint(region)).toBe(endpoint);
    expect(new EKSAuthClient({ region, credentials: SIGNER }).config.endpoint).toBe(endpoint);
  });
});

describe('proxy variables', () => {
  const https = new URL('https://eks-auth.eu-west-1.api.aws/x');

  test('https URLs use https_proxy, then HTTPS_PROXY; http URLs use http_proxy', () => {
    expect(proxyFor(https, { https_proxy: 'http://lower:1', HTTPS_PROXY: 'http://upper:2' })?.host).toBe('lower:1');
    expect(proxyFor(https, { HTTPS_PROXY: 'upper:2' })?.href).toBe('http://upper:2/');
    expect(proxyFor(https, { HTTP_PROXY: 'http://plain:3' })).toBeUndefined();
    expect(proxyFor(new URL('http://127.0.0.1:9/'), { HTTP_PROXY: 'http://plain:3' })?.host).toBe('plain:3');
    expect(() => proxyFor(https, { HTTPS_PROXY: 'https://secure:4' })).toThrow('The proxy https://secure:4 is not supported: give an http:// proxy URL');
  });

  test.each([
    ['*', true],
    ['eks-auth.eu-west-1.api.aws', true],
    ['.api.aws', true],
    ['*.api.aws', true],
    ['api.aws', true],
    ['api.aws:443', true],
    ['api.aws:8443', false],
    ['ws', false],
    ['example.com, 10.0.0.1', false],
  ])('NO_PROXY=%s bypasses the proxy: %s', (noProxy, bypass) => {
    expect(bypassesProxy(https, { NO_PROXY: noProxy })).toBe(bypass);
  });
});

describe('retries', () => {
  test('retryable: throttling, 5xx, timeouts, connection errors; not: other 4xx', () => {
    expect(isRetryable(new ThrottlingException({ $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isRetryable({ name: 'InternalServerException', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isRetryable({ name: 'TimeoutError' })).toBe(true);
    expect(isRetryable({ code: 'ECONNRESET' })).toBe(true);
    expect(isRetryable(new AccessDeniedException({ $metadata: { httpStatusCode: 400 } }))).toBe(false);
  });

  test('delays grow with the attempt, throttling from a larger base, Retry-After first, never over 20 s', () => {
    const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
    try {
      expect(retryDelay({ name: 'InternalServerException' }, 1)).toBe(199);
      expect(retryDelay({ name: 'InternalServerException' }, 2)).toBe(399);
      expect(retryDelay({ name: 'ThrottlingException' }, 1)).toBe(999);
      expect(retryDelay({ name: 'ThrottlingException' }, 1, '3')).toBe(3000);
      expect(retryDelay({ name: 'ThrottlingException' }, 10)).toBe(20_000);
    } finally {
      random.mockRestore();
    }
  });
});
