export * from './pod-identity-role';
export * from './pod-identity-target-role';
export * from './session-tag';
