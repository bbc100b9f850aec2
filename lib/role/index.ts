export * from './pod-identity-role';
export * from './session-tag';
