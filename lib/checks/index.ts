export * from './check-id';
export * from './pod-identity-checks';
