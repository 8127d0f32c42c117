import { describe, expect, it } from 'vitest';
import { formToCapture, spamReason, ticked, type ActiveSite } from './web-form-intake.service.ts';
import { normalizeOrigin } from './web-form-sites.service.ts';

const site: ActiveSite = {
  id: 'site-1',
  name: 'Xcar brand site',
  source: 'website',
  dealerCode: null,
  brandCode: 'X',
  allowedOrigins: ['https://xcar.example'],
};
const now = Date.parse('2026-12-01T12:00:00Z');

describe('telling people from robots on a web form', () => {
  const person = { name: 'Li Wei', phone: '+8613800138000', renderedAt: now - 15_000 };

  it('lets a person through', () => {
    expect(spamReason(person, now)).toBeUndefined();
    expect(
      spamReason({ ...person, renderedAt: new Date(now - 15_000).toISOString() }, now),
    ).toBeUndefined();
    expect(
      spamReason({ ...person, comment: 'See https://xcar.example/x5 please' }, now),
    ).toBeUndefined();
  });

  it.each([
    [{ website: 'http://buy.example' }, 'honeypot filled'],
    [{ renderedAt: undefined }, 'no form render time'],
    [{ renderedAt: 'yesterday-ish' }, 'no form render time'],
    [{ renderedAt: now - 1_000 }, 'filled faster than a person can'],
    [{ renderedAt: now + 3_600_000 }, 'form rendered in the future'],
    [{ comment: 'http://a.example www.b.example https://c.example' }, 'link-stuffed message'],
    [{ name: 'Visit www.casino.example' }, 'links in the name'],
  ])('stops %j: %s', (change, reason) => {
    expect(spamReason({ ...person, ...change }, now)).toBe(reason);
  });
});

describe('turning a web form into a lead capture', () => {
  it('records only the boxes that were ticked, with the form as their source', () => {
    const input = formToCapture(site, {
      name: 'Mary Ann Smith',
      email: 'mary@example.com',
      consentEmail: 'on',
      consentSms: 'false',
      consentPhone: false,
      utm_source: 'google',
      utm_campaign: 'x5-launch',
      model: 'X5',
      submissionId: 'abc',
    });
    expect(input).toEqual({
      source: 'website',
      brandCode: 'X',
      campaign: 'x5-launch',
      utm: { source: 'google', campaign: 'x5-launch' },
      person: {
        kind: 'person',
        firstName: 'Mary Ann',
        lastName: 'Smith',
        phones: [],
        emails: [{ address: 'mary@example.com' }],
      },
      vehicles: [{ model: 'X5' }],
      consents: [{ channel: 'email', granted: true, source: 'web form «Xcar brand site»' }],
      externalRef: 'site-1:abc',
    });
  });

  it('reads one name field the way its script writes names', () => {
    const person = (name: string) => formToCapture(site, { name, phone: '+79160000004' }).person;
    expect(person('Иванов Иван Иванович')).toMatchObject({
      lastName: 'Иванов',
      firstName: 'Иван',
      middleName: 'Иванович',
    });
    expect(person('张伟')).toMatchObject({ lastName: '张', firstName: '伟' });
    expect(person('Mary Ann Smith')).toMatchObject({ firstName: 'Mary Ann', lastName: 'Smith' });
  });

  it('reads checkbox values of JSON and HTML forms', () => {
    expect([true, 'on', 'true', '1', 'yes', ' ON '].every(ticked)).toBe(true);
    expect([false, undefined, '', 'off', 'no', '0'].some(ticked)).toBe(false);
  });

  it('needs a phone or an e-mail', () => {
    expect(() => formToCapture(site, { name: 'Nobody' })).toThrow(/give a phone or an e-mail/);
  });

  it('keeps origins as browsers send them', () => {
    expect(normalizeOrigin('https://www.dealer.example/contact?x=1')).toBe(
      'https://www.dealer.example',
    );
    expect(normalizeOrigin('http://localhost:8080/')).toBe('http://localhost:8080');
    expect(normalizeOrigin('ftp://dealer.example')).toBeUndefined();
    expect(normalizeOrigin('dealer.example')).toBeUndefined();
  });
});
