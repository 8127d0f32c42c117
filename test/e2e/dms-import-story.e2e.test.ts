import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin } from './api-session.ts';
import { openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const advisor = demoLogins.msk01Service;
const baseUrl = inject('baseUrl');

// A different owner, car and order numbers every run, so a reused PostgreSQL database works too.
const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`Y4KAJ2B40PB${runId}`);

let browser: Browser | undefined;
let page: Page;
let exportPath: string;
const shoot = shooter(() => page);

describe('the service desk loads a DMS export of repair orders', () => {
  beforeAll(async () => {
    const api = await apiLogin(baseUrl, advisor);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const owner = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Выгрузкин${runId}`,
      firstName: 'Павел',
      lifecycleStage: 'owner',
      phones: [{ number: `+7 977 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}1` }],
      dealerCode: 'MSK01',
    });
    await api.call('POST', '/api/vehicles', {
      customerId: owner.id,
      vin,
      makeName: 'Geely',
      modelName: 'Coolray',
    });
    // the way a Russian DMS writes it: semicolons, Russian headers, one good row and one bad VIN
    exportPath = path.join(os.tmpdir(), `dms-${runId}.csv`);
    fs.writeFileSync(
      exportPath,
      [
        'Номер ЗН;VIN;Дата;Вид работ;Пробег;Итого',
        `ZN-${runId}-1;${vin};01.06.2025;ТО-1;10 000;"5 700,50"`,
        `ZN-${runId}-2;NOTAVIN;02.06.2025;ремонт;11 000;100`,
      ].join('\n'),
    );
    ({ browser, page } = await openBrowser());
  });

  afterEach(async (context) => {
    if (context.task.result?.state === 'fail' && page) {
      await shoot(`failed-dms-${context.task.name.replace(/\W+/g, '-')}`);
    }
  });

  afterAll(async () => {
    await browser?.close();
    if (exportPath) fs.rmSync(exportPath, { force: true });
  });

  it('uploads the export for his dealer and sees the columns mapped from the headers', async () => {
    await signIn(page, baseUrl, advisor);
    await page.goto(`${baseUrl}/service/imports`);
    await page.getByRole('heading', { name: 'Import repair orders from the DMS' }).waitFor();
    // Mantine's file input is a button that opens the file chooser
    const chooser = page.waitForEvent('filechooser');
    await page.getByTestId('visit-import-file').click();
    await (await chooser).setFiles(exportPath);
    await page.getByTestId('visit-import-upload').click();
    // the Russian headers were recognised, so the dry run can start at once
    await page.getByTestId('visit-mapping-table').waitFor();
  });

  it('checks a dry run that names the faulty line, then imports the valid row', async () => {
    await page.getByTestId('visit-import-preview-button').click();
    const preview = page.getByTestId('visit-import-preview');
    await preview.getByText('Good rows: 1').waitFor();
    await preview.getByText('Rejected: 1').waitFor();
    await shoot('30-dms-import-dry-run-1366');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Import 1 visits' }).click();
    const report = page.getByTestId('visit-import-report');
    await report.waitFor({ timeout: 60_000 });
    await report.getByText('Imported: 1').waitFor();
    await report.getByText('Rejected: 1').waitFor();
    // the rejected line is listed first, with its line number in the file
    await report.getByRole('cell', { name: '3', exact: true }).waitFor();
    await shoot('31-dms-import-report-1366');
  });

  it('lists the job among the DMS imports with its counts', async () => {
    await page.getByRole('link', { name: 'All DMS imports' }).click();
    const row = page.getByRole('row', { name: new RegExp(`dms-${runId}\\.csv`) });
    await row.getByText('Done').waitFor();
    await expect(row.getByText('Running').count()).resolves.toBe(0);
  });
});
