/**
 * The shapes of EKS Auth's one operation, named and typed as @aws-sdk/client-eks-auth names them, so that
 * the real client can replace ours with no other change.
 */
// Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
// Source: aws/aws-sdk-js-v3 clients/client-eks-auth/src/models/models_0.ts, errors.ts @ 74ed5db2 (checked 2026-12-01)
import { ServiceException, type ServiceExceptionOptions } from '@smithy/core/client';
import type { MetadataBearer } from '@smithy/types';

export interface AssumeRoleForPodIdentityRequest {
  /** The name of the cluster for the request. */
  clusterName: string | undefined;
  /** The token of the Kubernetes service account for the pod. */
  token: string | undefined;
  // eksNodeName, instanceId and zone are in botocore's model but not in the SDK commit cited above.
  // Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
  /** The Kubernetes node name of the worker node where the pod is running. */
  eksNodeName?: string;
  /** The Amazon EC2 instance ID of the worker node where the pod is running. */
  instanceId?: string;
  /** The Availability Zone ID of the worker node where the pod is running. */
  zone?: string;
}

export interface Subject {
  namespace: string | undefined;
  serviceAccount: string | undefined;
}

export interface PodIdentityAssociation {
  associationArn: string | undefined;
  associationId: string | undefined;
}

export interface AssumedRoleUser {
  arn: string | undefined;
  assumeRoleId: string | undefined;
}

export interface Credentials {
  sessionToken: string | undefined;
  secretAccessKey: string | undefined;
  accessKeyId: string | undefined;
  /** Sent as epoch seconds; a Date here, as in the SDK. */
  expiration: Date | undefined;
}

export interface AssumeRoleForPodIdentityResponse {
  subject: Subject | undefined;
  audience: string | undefined;
  podIdentityAssociation: PodIdentityAssociation | undefined;
  assumedRoleUser: AssumedRoleUser | undefined;
  credentials: Credentials | undefined;
  // In botocore's model, not in the SDK commit cited above.
  // Source: boto/botocore botocore/data/eks-auth/2023-11-26/service-2.json @ 1.44.8 (checked 2026-12-01)
  workloadIdentityProviderArn?: string;
}

// The SDK's command input adds nothing to the request.
export type AssumeRoleForPodIdentityCommandInput = AssumeRoleForPodIdentityRequest;
export interface AssumeRoleForPodIdentityCommandOutput extends AssumeRoleForPodIdentityResponse, MetadataBearer {}

/** Base exception class for all service exceptions from EKSAuth service. */
export class EKSAuthServiceException extends ServiceException {
  public static readonly shapeId: string = 'smithy.ts.sdk.synthetic.com.amazonaws.eksauth#EKSAuthServiceException';
  constructor(options: ServiceExceptionOptions) {
    super(options);
    Object.setPrototypeOf(this, EKSAuthServiceException.prototype);
  }
}

type ExceptionOptions = Omit<ServiceExceptionOptions, 'name' | '$fault'>;

export class AccessDeniedException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#AccessDeniedException';
  readonly name = 'AccessDeniedException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'AccessDeniedException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, AccessDeniedException.prototype);
  }
}

export class ExpiredTokenException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#ExpiredTokenException';
  readonly name = 'ExpiredTokenException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'ExpiredTokenException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, ExpiredTokenException.prototype);
  }
}

export class InternalServerException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#InternalServerException';
  readonly name = 'InternalServerException' as const;
  readonly $fault = 'server' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'InternalServerException', $fault: 'server', ...opts });
    Object.setPrototypeOf(this, InternalServerException.prototype);
  }
}

export class InvalidParameterException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#InvalidParameterException';
  readonly name = 'InvalidParameterException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'InvalidParameterException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, InvalidParameterException.prototype);
  }
}

export class InvalidRequestException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#InvalidRequestException';
  readonly name = 'InvalidRequestException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'InvalidRequestException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, InvalidRequestException.prototype);
  }
}

export class InvalidTokenException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#InvalidTokenException';
  readonly name = 'InvalidTokenException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'InvalidTokenException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, InvalidTokenException.prototype);
  }
}

export class ResourceNotFoundException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#ResourceNotFoundException';
  readonly name = 'ResourceNotFoundException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'ResourceNotFoundException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, ResourceNotFoundException.prototype);
  }
}

export class ServiceUnavailableException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#ServiceUnavailableException';
  readonly name = 'ServiceUnavailableException' as const;
  readonly $fault = 'server' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'ServiceUnavailableException', $fault: 'server', ...opts });
    Object.setPrototypeOf(this, ServiceUnavailableException.prototype);
  }
}

export class ThrottlingException extends EKSAuthServiceException {
  public static readonly shapeId: string = 'com.amazonaws.eksauth#ThrottlingException';
  readonly name = 'ThrottlingException' as const;
  readonly $fault = 'client' as const;
  constructor(opts: ExceptionOptions) {
    super({ name: 'ThrottlingException', $fault: 'client', ...opts });
    Object.setPrototypeOf(this, ThrottlingException.prototype);
  }
}

/** The modelled errors of AssumeRoleForPodIdentity, by shape name, with the HTTP status each is sent with. */
export const MODELED_ERRORS = {
  AccessDeniedException: { status: 400, ctor: AccessDeniedException },
  ExpiredTokenException: { status: 400, ctor: ExpiredTokenException },
  InternalServerException: { status: 500, ctor: InternalServerException },
  InvalidParameterException: { status: 400, ctor: InvalidParameterException },
  InvalidRequestException: { status: 400, ctor: InvalidRequestException },
  InvalidTokenException: { status: 400, ctor: InvalidTokenException },
  ResourceNotFoundException: { status: 404, ctor: ResourceNotFoundException },
  ServiceUnavailableException: { status: 503, ctor: ServiceUnavailableException },
  ThrottlingException: { status: 429, ctor: ThrottlingException },
} as const;

export type ModeledErrorName = keyof typeof MODELED_ERRORS;
