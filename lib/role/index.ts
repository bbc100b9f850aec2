export * from './pod-identity-role';
export * from './pod-identity-target-role';
export * from './role-base-props';
export * from './session-tag';
