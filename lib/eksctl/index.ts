export * from './eksctl-config';
export * from './eksctl-resources';
