import { describe, expect, it } from 'vitest';
import { eventCalendar, eventCancellation, guestSequence } from './event-calendar.ts';
import { cancelNoticeContents } from './event-cancel-texts.ts';
import { compileFor, type EventCancelContext, type MessageContext } from './templates.ts';

const person = (cancel: EventCancelContext): MessageContext => ({
  customer: {
    firstName: 'Anna',
    lastName: null,
    middleName: null,
    displayName: 'Anna',
    email: 'anna@example.com',
    phone: null,
  },
  address: null,
  vehicle: null,
  dealer: null,
  consultant: null,
  lastVisit: null,
  links: { unsubscribe: 'https://crm.example/m/u', register: 'https://crm.example/m/e?t=x' },
  event: { name: 'Test-drive day', venue: 'Showroom', startsLocal: 'THE-TIME' },
  cancel,
});

describe('the cancellation notice of an event', () => {
  it('answers a guest’s own cancel in each language, with his page and the calendar line', async () => {
    const contents = cancelNoticeContents('email');
    for (const language of ['en', 'ru', 'zh'] as const) {
      const template = await compileFor('email', contents[language], language);
      const context = person({ byGuest: true, registered: true });
      expect(template.subject(context)).toContain('Test-drive day');
      const text = template.text(context);
      expect(text).toContain('THE-TIME');
      expect(template.html(context)).toContain('href="https://crm.example/m/e?t');
    }
    const en = await compileFor('email', contents.en, 'en');
    expect(en.text(person({ byGuest: true, registered: true }))).toContain(
      'removes it from your calendar',
    );
  });

  it('says the event is cancelled, without the calendar line to one who was waiting', async () => {
    const en = await compileFor('email', cancelNoticeContents('email').en, 'en');
    const waiting = person({ byGuest: false, registered: false });
    expect(en.subject(waiting)).toBe('Cancelled: Test-drive day, THE-TIME');
    expect(en.text(waiting)).toContain('we are sorry');
    expect(en.text(waiting)).not.toContain('calendar');
    const sms = await compileFor('sms', cancelNoticeContents('sms').ru, 'ru');
    expect(sms.text(waiting)).toBe(
      'Anna, к сожалению, мероприятие «Test-drive day» (THE-TIME) отменено.',
    );
  });
});

describe('the notice of a registration staff cancelled (0246)', () => {
  it('says it is cancelled, not “as you asked”, and offers his page again, in each language', async () => {
    const contents = cancelNoticeContents('email');
    const context = person({ byGuest: false, byStaff: true, registered: true });
    const expected = {
      en: 'Anna, your registration for Test-drive day (THE-TIME) has been cancelled.',
      ru: 'Anna, ваша регистрация на мероприятие «Test-drive day» (THE-TIME) отменена.',
      zh: 'Anna, 您在Test-drive day（THE-TIME）的报名已取消。',
    };
    for (const language of ['en', 'ru', 'zh'] as const) {
      const template = await compileFor('email', contents[language], language);
      expect(template.text(context)).toContain(expected[language]);
      expect(template.html(context)).toContain('href="https://crm.example/m/e?t');
    }
    const en = await compileFor('email', contents.en, 'en');
    expect(en.subject(context)).toBe('Cancelled: your registration for Test-drive day');
    expect(en.text(context)).toContain('removes it from your calendar');
    expect(en.text(context)).not.toContain('as you asked');
    const sms = await compileFor('sms', cancelNoticeContents('sms').en, 'en');
    expect(sms.text({ ...context, cancel: { ...context.cancel!, registered: false } })).toBe(
      'Anna, your registration for Test-drive day (THE-TIME) has been cancelled.',
    );
  });
});

describe('the calendar file that removes a guest’s entry', () => {
  const event = {
    id: 'c1',
    name: 'Test-drive day',
    venue: 'Showroom',
    startsAt: new Date('2026-12-20T15:00:00Z'),
    endsAt: new Date('2026-12-20T17:00:00Z'),
    sequence: 3,
  };

  it('is METHOD:CANCEL with the entry’s UID, STATUS:CANCELLED, its SEQUENCE, organizer and guest', () => {
    const published = eventCalendar({ ...event, sequence: 2 }, 'p1', 'https://crm.example/m/e');
    const file = eventCancellation(event, 'p1', 'anna@example.com');
    expect(file.contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
    const uid = (ics: string) => /^UID:(.*)$/m.exec(ics)?.[1]?.trim();
    expect(uid(file.content)).toBe(uid(published.content));
    expect(file.content).toMatch(/^METHOD:CANCEL\r?$/m);
    expect(file.content).toMatch(/^STATUS:CANCELLED\r?$/m);
    expect(file.content).toMatch(/^SEQUENCE:3\r?$/m);
    expect(file.content).toMatch(/^ORGANIZER[;:].*mailto:/im);
    expect(file.content).toMatch(/^ATTENDEE[;:].*anna@example\.com/im);
  });

  it('numbers a guest’s files by the event’s counter and his own steps', () => {
    expect(guestSequence(2, null)).toBe(2);
    expect(guestSequence(2, 0)).toBe(2);
    expect(guestSequence(2, 3)).toBe(5);
  });
});
