/** Marketing: segments, static lists, contact rules, e-mail campaigns. */
export { registerMarketingRoutes } from './marketing.routes.ts';
export { audienceCondition } from './audience.ts';
export { compileCondition } from './segment-compiler.ts';
export { segmentDefinition, type Condition } from './segment.schemas.ts';
export * from './schema.ts';
