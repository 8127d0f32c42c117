import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { Db } from '../../db/database.ts';
import { runPeriodically } from '../../http/periodic-job.ts';
import type { App } from '../../http/types.ts';
import { AppError } from '../../lib/errors.ts';
import { receiveSms } from './sms-inbound.service.ts';

const inboundFile = z.strictObject({
  from: z.string().trim().min(3).max(40),
  text: z.string().max(2000),
  receivedAt: z.iso.datetime({ offset: true }).optional(),
  id: z.string().trim().min(1).max(200).optional(),
});

/**
 * The local SMS driver's answers, for demos and a site's own gateway script: with
 * `SMS_URL=file:///a/folder` a file `<folder>/inbound/<anything>.json` holding
 * `{ "from": "+79161112233", "text": "STOP" }` (optionally `receivedAt`, `id`) is taken as if the
 * gateway had posted it to /api/sms/inbound, then moved to `inbound/done/`; a file that cannot
 * be read or names no valid number goes to `inbound/rejected/`. Files are taken in name order.
 */
export async function readLocalInbound(
  db: Db,
  folder: string,
  defaultCountry: string,
): Promise<{ taken: number; rejected: number }> {
  const inbox = path.join(folder, 'inbound');
  let names: string[];
  try {
    names = (await readdir(inbox)).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { taken: 0, rejected: 0 };
    throw error;
  }
  const result = { taken: 0, rejected: 0 };
  for (const name of names) {
    let outcome: 'done' | 'rejected';
    try {
      const parsed = inboundFile.parse(JSON.parse(await readFile(path.join(inbox, name), 'utf8')));
      await receiveSms(db, parsed, defaultCountry);
      outcome = 'done';
    } catch (error) {
      // a bad file is set aside; a database failure stays for the next pass
      if (!(
        error instanceof SyntaxError ||
        error instanceof z.ZodError ||
        error instanceof AppError
      ))
        throw error;
      outcome = 'rejected';
    }
    await mkdir(path.join(inbox, outcome), { recursive: true });
    await rename(path.join(inbox, name), path.join(inbox, outcome, name));
    result[outcome === 'done' ? 'taken' : 'rejected'] += 1;
  }
  return result;
}

/** With a `file:` SMS_URL, every server reads its inbound folder on the outbox's interval. */
export function registerLocalSmsInbound(app: App, env: NodeJS.ProcessEnv = process.env): void {
  const url = env.SMS_URL;
  if (!url?.startsWith('file:')) return;
  const folder = fileURLToPath(new URL(url));
  const everyMs = Number(env.OUTBOX_INTERVAL_MS) > 0 ? Number(env.OUTBOX_INTERVAL_MS) : 5000;
  runPeriodically(app, {
    name: 'local SMS inbound folder',
    everyMs,
    // the folder is this server's own, as the local driver's outgoing files are: each server
    // reads its own (a pass moves each file it took, so a file is taken once)
    parallel: true,
    run: () => readLocalInbound(app.db, folder, app.settings.defaultCountry),
  });
}
