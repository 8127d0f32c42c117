import type { InboundMail } from './inbound-mail.ts';

/** the part of an answer kept with the reply and shown on the campaign page and the timeline */
export const excerptLength = 1000;

/**
 * Lines where the quoted original starts, as mail programs write it in the languages of our
 * users: "On … wrote:", Outlook's header block or rule, "-----Original Message-----",
 * "… написал(а):", "-----Исходное сообщение-----", "在 … 写道：", "发件人：", and "-- " before a
 * signature. Everything from the first of them on is the original, not the answer.
 */
const quoteStarts = [
  /^on\b.*\bwrote:?\s*$/i,
  /^-{2,}\s*original message\s*-{2,}/i,
  /^-{2,}\s*forwarded message\s*-{2,}/i,
  /^-{2,}\s*исходное сообщение\s*-{2,}/i,
  /^-{2,}\s*пересылаемое сообщение\s*-{2,}/i,
  /(написал|написала|написал\(а\)|пишет)\s*:\s*$/i,
  /^在.*(写道|寫道)\s*[:：]?\s*$/,
  /^-{2,}\s*原始邮件\s*-{2,}/,
  /^(from|от|发件人|寄件者)\s*[:：]\s*\S/i,
  /^_{10,}\s*$/,
  /^--\s*$/,
];

/** The answer without the quoted original and signature, blank runs squeezed, cut to a length. */
export function replyExcerpt(text: string, length = excerptLength): string {
  const kept: string[] = [];
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (quoteStarts.some((start) => start.test(line.trimEnd()))) break;
    if (/^\s*>/.test(line)) continue;
    kept.push(line.trimEnd());
  }
  const squeezed = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return squeezed.length > length ? `${squeezed.slice(0, length - 1)}…` : squeezed;
}

/** Subjects of out-of-office and automatic answers in the languages our customers write in. */
const autoSubjects =
  /^(auto(matic)?[ -]?(reply|response|antwort)|out of (the )?office|absence|abwesenheit|автоответ|автоматический ответ|меня нет|нет на месте|в отпуске|自动回复|自動回覆|自动答复|不在办公室|休假)/i;

/**
 * A machine's answer rather than a person's (RFC 3834 and what mail programs actually send):
 * `Auto-Submitted` other than "no", the `X-Autoreply` / `X-Autorespond` marks, `Precedence`
 * auto_reply, bulk, junk or list, a delivery status report, an empty envelope sender (a
 * bounce), or an out-of-office subject.
 */
export function isAutoReply(mail: InboundMail, envelopeSender: string | null): boolean {
  const header = (name: string) => mail.headers.get(name)?.trim().toLowerCase();
  const submitted = header('auto-submitted');
  if (submitted && submitted !== 'no') return true;
  if (mail.headers.has('x-autoreply') || mail.headers.has('x-autorespond')) return true;
  if (['auto_reply', 'bulk', 'junk', 'list'].includes(header('precedence') ?? '')) return true;
  if (mail.isReport) return true;
  if (envelopeSender !== null && envelopeSender.trim() === '') return true;
  const subject = (mail.subject ?? '').replace(/^((re|aw|ответ|回复|答复)\s*[:：]\s*)+/i, '');
  return autoSubjects.test(subject.trim());
}

/**
 * An SMS that asks for no more SMS: STOP and its usual variants (UNSUBSCRIBE, STOPALL, END,
 * QUIT, CANCEL), СТОП / ОТПИСКА / ОТПИСАТЬСЯ, 退订 / TD (the Chinese carriers' convention) /
 * 取消订阅, alone on the message apart from punctuation, in any case. A sentence that merely
 * contains "stop" is an answer to read, not a withdrawal.
 */
const stopWords = new Set([
  'stop',
  'stopall',
  'unsubscribe',
  'end',
  'quit',
  'cancel',
  'стоп',
  'отписка',
  'отписаться',
  'отпишите',
  '退订',
  'td',
  '取消订阅',
]);

export function isStopText(text: string): boolean {
  const word = text
    .trim()
    .toLowerCase()
    .replace(/[\s.!。！,，;:]+$/u, '')
    .replace(/^[\s"'«]+|[\s"'»]+$/gu, '');
  return stopWords.has(word);
}
