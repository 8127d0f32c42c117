import type { TestProject } from 'vitest/node';
import { ensureWebBuilt } from '../../src/server/web-build.ts';
import { startServer } from './server.ts';

/**
 * One real server for every browser story: building the web app and loading the demo group
 * take most of a run, and the stories do not disturb each other's customers.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureWebBuilt(() => undefined);
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  return () => server.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}
