import { describe, expect, it } from 'vitest';
import { readInboundMail } from './inbound-mail.ts';
import { isAutoReply, isStopText, replyExcerpt } from './reply-text.ts';

const mail = (lines: string[]) => Buffer.from(lines.join('\r\n'), 'utf8');

describe('reading an answer', () => {
  it('keeps the answer and drops the quoted original, in English, Russian and Chinese', () => {
    expect(
      replyExcerpt(
        'Yes, please call me on Friday.\n\nAnna\n\nOn Mon, 7 Dec 2026 at 10:00, Dealer A <crm@a.example> wrote:\n> Spring service offer\n> ...',
      ),
    ).toBe('Yes, please call me on Friday.\n\nAnna');
    expect(
      replyExcerpt(
        'Запишите меня на вторник.\n\n7 дек. 2026 г., в 10:00, Дилер А написал(а):\n> Весеннее ТО',
      ),
    ).toBe('Запишите меня на вторник.');
    expect(replyExcerpt('好的，周五见。\n\n在 2026年12月7日 10:00，经销商写道：\n> 春季保养')).toBe(
      '好的，周五见。',
    );
    expect(replyExcerpt('Ok\n-----Original Message-----\nFrom: Dealer')).toBe('Ok');
    expect(replyExcerpt('Ok\n\nFrom: Dealer A <crm@a.example>\nSent: Monday')).toBe('Ok');
    expect(replyExcerpt('Thanks\n-- \nAnna Petrova\n+7 916')).toBe('Thanks');
    expect(replyExcerpt('x'.repeat(1500)).length).toBe(1000);
  });

  it('decodes a multipart answer: its text part in its charset, the subject’s encoded words', () => {
    const text = Buffer.from('Да, интересно\r\n> цитата', 'utf8').toString('base64');
    const parsed = readInboundMail(
      mail([
        'From: Anna <anna@example.com>',
        'Subject: =?utf-8?B?' + Buffer.from('Re: Весна', 'utf8').toString('base64') + '?=',
        'Message-ID: <abc@mail.example>',
        'Content-Type: multipart/alternative; boundary="b1"',
        '',
        'preamble',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        'Content-Transfer-Encoding: base64',
        '',
        text,
        '--b1',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>Да, интересно</p>',
        '--b1--',
        'epilogue',
      ]),
    );
    expect(parsed.subject).toBe('Re: Весна');
    expect(parsed.messageId).toBe('<abc@mail.example>');
    expect(replyExcerpt(parsed.text)).toBe('Да, интересно');
  });

  it('reads quoted-printable in a legacy charset, and HTML when there is no text part', () => {
    const koi = readInboundMail(
      mail([
        'Subject: Re',
        'Content-Type: text/plain; charset=koi8-r',
        'Content-Transfer-Encoding: quoted-printable',
        '',
        '=E4=C1',
      ]),
    );
    expect(koi.text.trim()).toBe('Да');
    const html = readInboundMail(
      mail([
        'Content-Type: text/html; charset=utf-8',
        '',
        '<div>Call me &amp; my wife<br>tomorrow</div><blockquote>old</blockquote>',
      ]),
    );
    expect(replyExcerpt(html.text)).toBe('Call me & my wife\ntomorrow');
  });

  it('tells machines’ answers from people’s', () => {
    const of = (headers: string[], sender: string | null = 'anna@example.com') =>
      isAutoReply(readInboundMail(mail([...headers, '', 'text'])), sender);
    expect(of(['Subject: Re: Spring offer'])).toBe(false);
    expect(of(['Auto-Submitted: no', 'Subject: Re: Spring offer'])).toBe(false);
    expect(of(['Auto-Submitted: auto-replied', 'Subject: Re: Spring offer'])).toBe(true);
    expect(of(['X-Autoreply: yes', 'Subject: x'])).toBe(true);
    expect(of(['Precedence: bulk', 'Subject: x'])).toBe(true);
    expect(of(['Subject: Out of Office: Spring offer'])).toBe(true);
    expect(of(['Subject: Автоответ: Весна'])).toBe(true);
    expect(of(['Subject: 自动回复: 春季'])).toBe(true);
    expect(of(['Subject: Re: Spring'], '')).toBe(true);
    expect(of(['Content-Type: multipart/report; report-type=delivery-status; boundary=x'])).toBe(
      true,
    );
  });

  it('reads STOP and its variants as a withdrawal, a sentence with "stop" as an answer', () => {
    for (const text of [
      'STOP',
      'stop!',
      ' Stop. ',
      'СТОП',
      'стоп',
      'Отписаться',
      '退订',
      'TD',
      'unsubscribe',
    ])
      expect(isStopText(text), text).toBe(true);
    for (const text of ['Please stop by on Friday', 'Не стоп, а старт', '我想了解退订规则', ''])
      expect(isStopText(text), text).toBe(false);
  });
});
