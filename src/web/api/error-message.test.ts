import i18next, { type i18n as I18n } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { ru } from '../i18n/ru.ts';
import { zh } from '../i18n/zh.ts';
import { fieldProblemTextIn } from '../lib/field-errors.ts';
import { ApiError } from './client.ts';
import { errorMessage } from './error-message.ts';

// an instance of its own: the app's global one is set up in the browser (i18n.ts)
let i18n: I18n;

async function speak(language: 'en' | 'ru' | 'zh'): Promise<I18n> {
  await i18n.changeLanguage(language);
  return i18n;
}

beforeAll(async () => {
  i18n = i18next.createInstance();
  await i18n.init({
    resources: { en: { translation: en }, ru: { translation: ru }, zh: { translation: zh } },
    lng: 'en',
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
  });
});

const full = new ApiError(409, 'event_full', 'The event is full (20 seats)', [], { capacity: 20 });

describe('a failed request told in the reader’s language', () => {
  it('says a conflict in Russian and Chinese with the specifics the server sent', async () => {
    expect(errorMessage(full, await speak('ru'))).toBe('Свободных мест нет (всего мест: 20).');
    expect(errorMessage(full, await speak('zh'))).toBe('活动已满员（共 20 个名额）。');
    expect(errorMessage(full, await speak('en'))).toBe('The event is full (20 seats).');
  });

  it('names a dealer code the server sent', async () => {
    const taken = new ApiError(409, 'dealer_exists', 'Dealer MSK1 exists', [], { dealer: 'MSK1' });
    expect(errorMessage(taken, await speak('ru'))).toBe('Дилер с кодом MSK1 уже есть.');
  });

  it('says a state in words, not as the server’s key', async () => {
    const closed = new ApiError(409, 'order_closed', 'The order is delivered and can no…', [], {
      status: 'delivered',
    });
    expect(errorMessage(closed, await speak('ru'))).toBe(
      'Заказ в статусе «Выдан», изменить его уже нельзя.',
    );
    const complaint = new ApiError(409, 'complaint_action_not_allowed', '…', [], {
      status: 'closed',
      action: 'resolve',
    });
    expect(errorMessage(complaint, await speak('en'))).toBe(
      'The complaint is “Closed”: “Resolve” is not possible now.',
    );
  });

  it('falls back to the server’s message for a code it does not know', async () => {
    const novel = new ApiError(409, 'brand_new_rule', 'A rule added yesterday says no');
    expect(errorMessage(novel, await speak('ru'))).toBe('A rule added yesterday says no');
  });

  it('gives an English reader the server’s own words for a bare conflict, others ours', async () => {
    const bare = new ApiError(409, 'conflict', 'Already exists (orders_number_key)');
    expect(errorMessage(bare, await speak('en'))).toBe('Already exists (orders_number_key)');
    expect(errorMessage(bare, await speak('ru'))).toBe(ru.errors.conflict);
    const missing = new ApiError(404, 'not_found', 'Customer not found');
    expect(errorMessage(missing, await speak('zh'))).toBe(zh.errors.not_found);
  });

  it('says a dealer outside the reader’s part of the base as such, not as a missing right', async () => {
    const outside = new ApiError(
      403,
      'dealer_out_of_scope',
      'Dealer SPB01 is outside your scope',
      [],
      {
        dealer: 'SPB01',
      },
    );
    expect(errorMessage(outside, await speak('ru'))).toBe(
      'Дилер SPB01 не входит в вашу часть клиентской базы: выберите одного из своих дилеров.',
    );
    expect(errorMessage(outside, await speak('zh'))).toContain('SPB01');
    expect(errorMessage(outside, await speak('zh'))).not.toBe(zh.errors.forbidden);
    expect(errorMessage(outside, await speak('en'))).toBe(
      'Dealer SPB01 is outside your part of the customer base: choose one of your dealers.',
    );
  });

  it('gives an English reader the server’s reason for a bare refusal, others the general words', async () => {
    const refused = new ApiError(403, 'forbidden', 'Your role (analyst) may not export customers');
    expect(errorMessage(refused, await speak('en'))).toBe(
      'Your role (analyst) may not export customers',
    );
    expect(errorMessage(refused, await speak('ru'))).toBe(ru.errors.forbidden);
  });

  it('keeps its own words for the common failures and for something that is no API error', async () => {
    await speak('ru');
    expect(errorMessage(new ApiError(0, 'network', 'The server cannot be reached'), i18n)).toBe(
      ru.errors.network,
    );
    expect(errorMessage(new ApiError(429, 'http_429', ''), i18n)).toBe(ru.errors.rate_limited);
    expect(errorMessage(new ApiError(404, 'not_found', 'No route GET /api/x'), i18n)).toBe(
      ru.errors.notAvailable,
    );
    expect(errorMessage(new Error('boom'), i18n)).toBe(ru.errors.title);
  });

  it('says a field problem with its params, or the server’s message for an unknown code', async () => {
    await speak('ru');
    const points = {
      path: 'points',
      message: 'more than the balance (40)',
      code: 'insufficient_points',
      params: { balance: 40 },
    };
    expect(fieldProblemTextIn(i18n, points)).toBe('Больше, чем на счёте (40)');
    const merged = {
      path: 'decision',
      message: 'the pair was merged',
      code: 'quality.pair_merged',
    };
    expect(fieldProblemTextIn(i18n, merged)).toBe('Пара уже объединена');
    const odd = { path: 'x', message: 'an odd rule', code: 'odd_rule' };
    expect(fieldProblemTextIn(i18n, odd)).toBe('an odd rule');
  });
});
