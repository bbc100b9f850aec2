export * from './models';
export * from './client';
export { defaultEndpoint, resolveRegion, isRegionName } from './endpoint';
