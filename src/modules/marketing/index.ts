/** Marketing: segments, static lists, contact rules, e-mail campaigns. */
export { registerMarketingRoutes } from './marketing.routes.ts';
export { audienceCondition } from './audience.ts';
export { compileCondition } from './segment-compiler.ts';
export { segmentDefinition, type Condition } from './segment.schemas.ts';
export { sendTemplatedMessage } from './send-one.ts';
export { smsLength, type SmsLength } from './sms-length.ts';
export type { TemplateContent } from './templates.ts';
export * from './schema.ts';
