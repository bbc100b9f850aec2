export * from './role';
export * from './association';
export * from './addon';
export * from './agent';
export * from './policies';
export * from './migration';
export * from './checks';
export * from './eksctl';
