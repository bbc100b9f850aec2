export * from './irsa-migration';
