export * from './addon-conflict-resolution';
export * from './addon-pod-identity-association';
export * from './pod-identity-addon';
