#!/usr/bin/env node
// The operator command. TypeScript sources run directly through tsx, so there is no build
// step between `npm install` and use.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
