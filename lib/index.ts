export * from './role';
export * from './association';
