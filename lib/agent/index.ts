export * from './agent-options';
export * from './agent-deployment';
export * from './pod-identity-agent';
