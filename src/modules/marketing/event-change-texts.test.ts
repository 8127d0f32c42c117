import { describe, expect, it } from 'vitest';
import { changeNoticeContents } from './event-change-texts.ts';
import { compileFor, type EventChangeContext, type MessageContext } from './templates.ts';

const person = (firstName: string | null, change: EventChangeContext): MessageContext => ({
  customer: {
    firstName,
    lastName: null,
    middleName: null,
    displayName: firstName ?? '',
    email: null,
    phone: '+79160000000',
  },
  address: null,
  vehicle: null,
  dealer: null,
  consultant: null,
  lastVisit: null,
  links: { unsubscribe: 'https://crm.example/m/u', register: 'https://crm.example/m/e' },
  event: { name: 'Test-drive day', venue: change.newVenue, startsLocal: change.newStartsLocal },
  change,
});

const moved: EventChangeContext = {
  timeChanged: true,
  venueChanged: false,
  oldStartsLocal: 'OLD-TIME',
  newStartsLocal: 'NEW-TIME',
  oldVenue: 'Showroom',
  newVenue: 'Showroom',
  registered: true,
};

describe('the change notice of an event', () => {
  it('says by SMS, in each language, the new time with the old one and the unchanged venue', async () => {
    const contents = changeNoticeContents('sms');
    for (const language of ['en', 'ru', 'zh'] as const) {
      const template = await compileFor('sms', contents[language], language);
      const text = template.text(person('Anna', moved));
      expect(text).toContain('NEW-TIME');
      expect(text).toContain('OLD-TIME');
      expect(text.match(/Showroom/g)).toHaveLength(1);
      expect(text).toContain('https://crm.example/m/e');
    }
  });

  it('names an old venue and a removed one, and greets nobody without a first name', async () => {
    const template = await compileFor('sms', changeNoticeContents('sms').en, 'en');
    const text = template.text(
      person(null, { ...moved, timeChanged: false, venueChanged: true, newVenue: null }),
    );
    expect(text).toMatch(/^the details of Test-drive day have changed\./);
    expect(text).toContain('Where: not given (before: Showroom)');
    expect(text).not.toContain('OLD-TIME');
  });

  it('tells only who holds a place that it is kept (e-mail)', async () => {
    const template = await compileFor('email', changeNoticeContents('email').ru, 'ru');
    expect(template.html(person('Борис', moved))).toContain('Ваше место сохранено');
    expect(template.html(person('Борис', { ...moved, registered: false }))).not.toContain(
      'Ваше место сохранено',
    );
  });
});
