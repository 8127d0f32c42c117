import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { acquireEmbeddedLock, EmbeddedDatabaseInUseError } from './embedded-lock.ts';

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, '../../bin/autocrm.mjs');

describe('the embedded database is held by one process at a time', () => {
  it('tells a second process clearly who holds it, and frees it on release', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'autocrm-lock-'));
    const release = acquireEmbeddedLock(dataDir, 'autocrm serve');
    const second = await run(process.execPath, [cli, 'migrate'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(second).toMatchObject({ code: 3 });
    expect((second as { stderr: string }).stderr).toContain(
      `in use by another AutoCRM process (pid ${process.pid}: autocrm serve)`,
    );
    expect(() => acquireEmbeddedLock(dataDir, 'again')).not.toThrow(EmbeddedDatabaseInUseError);
    release();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes over a lock left by a process that died', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'autocrm-lock-'));
    fs.writeFileSync(
      path.join(dataDir, 'autocrm.lock'),
      JSON.stringify({ pid: 999_999_999, command: 'gone', since: '' }),
    );
    const release = acquireEmbeddedLock(dataDir, 'autocrm serve');
    release();
    expect(fs.existsSync(path.join(dataDir, 'autocrm.lock'))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
