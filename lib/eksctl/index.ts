export * from './eksctl-apply-options';
export * from './eksctl-config';
export * from './eksctl-resources';
