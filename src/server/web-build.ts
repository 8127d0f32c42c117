import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { webRoot } from './app.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function newestSourceTime(): number {
  const inputs = ['src/web', 'index.html', 'vite.config.ts', 'package-lock.json'];
  let newest = 0;
  for (const input of inputs) {
    const full = path.join(projectRoot, input);
    if (!fs.existsSync(full)) continue;
    const stat = fs.statSync(full);
    if (stat.isFile()) {
      newest = Math.max(newest, stat.mtimeMs);
      continue;
    }
    for (const entry of fs.readdirSync(full, { recursive: true, encoding: 'utf8' })) {
      newest = Math.max(newest, fs.statSync(path.join(full, entry)).mtimeMs);
    }
  }
  return newest;
}

/** Builds the web app when dist/web is missing or older than its sources. */
export async function ensureWebBuilt(log: (line: string) => void): Promise<void> {
  const index = path.join(webRoot, 'index.html');
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs >= newestSourceTime()) return;
  log('Building the web app (first start, or its sources changed) ...');
  const { build } = await import('vite');
  await build({
    root: projectRoot,
    configFile: path.join(projectRoot, 'vite.config.ts'),
    logLevel: 'warn',
  });
}
