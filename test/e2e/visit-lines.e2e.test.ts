import type { Browser, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { withCheckDigit } from '../../src/modules/vehicles/index.ts';
import { apiLogin } from './api-session.ts';
import { keepEvidence, openBrowser, shooter, signIn } from './browser.ts';
import { demoLogins } from './demo-logins.ts';

const advisor = demoLogins.msk01Service;
const baseUrl = inject('baseUrl');

// A car of its own every run, so the story also works on a reused PostgreSQL database.
const runId = Date.now().toString().slice(-6);
const vin = withCheckDigit(`Y4KAJ2B40PC${runId}`);

let browser: Browser | undefined;
let page: Page;
let api: Awaited<ReturnType<typeof apiLogin>>;
let visitId: string;
const shoot = shooter(() => page);

type Visit = {
  totalMinor: number;
  lines: { lineNo: number; kind: string; quantity: number; amountMinor: number }[];
};

/**
 * The repair order was typed with 2 hours of labour instead of 3 and a part the car did not
 * get. On the car page the advisor opens "Correct visit", changes the hours, removes the part
 * and adds the one fitted; the total is recounted.
 */
describe('the advisor corrects a repair order’s lines on the car page', () => {
  beforeAll(async () => {
    api = await apiLogin(baseUrl, advisor);
    await api.call('PATCH', '/api/auth/me', { locale: 'en' });
    const owner = await api.call<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      lastName: `Строчкин${runId}`,
      firstName: 'Пётр',
      phones: [{ number: `+7 977 ${runId.slice(0, 3)}-${runId.slice(3, 5)}-${runId.slice(5)}2` }],
      dealerCode: 'MSK01',
    });
    const car = await api.call<{ id: string }>('POST', '/api/vehicles', {
      customerId: owner.id,
      vin,
      makeName: 'Geely',
      modelName: 'Coolray',
    });
    const visit = await api.call<{ id: string }>('POST', '/api/service/visits', {
      vehicleId: car.id,
      visitDate: '2025-06-02',
      visitType: 'repair',
      orderNumber: `LINES-${runId}`,
      lines: [
        { kind: 'labour', description: 'Brake discs', quantity: 2, unitPriceMinor: 2_000_00 },
        { kind: 'part', description: 'Wiper blade', quantity: 1, unitPriceMinor: 6_000_00 },
      ],
    });
    visitId = visit.id;
    ({ browser, page } = await openBrowser());
    await signIn(page, baseUrl, advisor);
    await page.goto(`${baseUrl}/vehicles/${car.id}`);
  });

  keepEvidence('visit-lines', () => ({ browser, page }));

  it('changes the hours, removes a part, adds another and saves', async () => {
    const row = page.getByTestId('repair-orders').getByRole('row', { name: `LINES-${runId}` });
    await row.getByRole('button', { name: 'Visit actions' }).click();
    await page.getByRole('menuitem', { name: 'Correct visit' }).click();
    const form = page.getByTestId('visit-correction-form');
    const lines = form.getByTestId('visit-line');
    await expect(lines.count()).resolves.toBe(2);
    await lines.nth(0).getByLabel('Qty / hours').fill('3');
    await lines.nth(1).getByRole('button', { name: 'Remove line' }).click();
    await form.getByRole('button', { name: 'Add part' }).click();
    const added = form.getByTestId('visit-line').nth(1);
    await added.getByLabel('Description').fill('Brake pads');
    await added.getByLabel('Unit price').fill('1500');
    await form.getByTestId('visit-lines-total').getByText(/7,500/).waitFor();
    await shoot('40d-visit-lines-correction-1366');
    await form.getByRole('button', { name: 'Save correction' }).click();
    await page.getByText('Visit corrected').waitFor();

    const visit = await api.call<Visit>('GET', `/api/service/visits/${visitId}`);
    expect(visit.totalMinor).toBe(7_500_00);
    expect(visit.lines.map((line) => [line.lineNo, line.kind, line.quantity])).toEqual([
      [1, 'labour', 3],
      [3, 'part', 1],
    ]);
  });
});
