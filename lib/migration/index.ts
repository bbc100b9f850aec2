export * from './irsa-migration-options';
export * from './irsa-migration';
export * from './irsa-addon-migration';
