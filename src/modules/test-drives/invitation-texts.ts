import type { Language } from '../customers/index.ts';

/** The words of a test-drive invitation in the customer's language. */
export type InvitationFacts = {
  customerName: string;
  model: string;
  plate: string | null;
  dealerName: string;
  address: string | null;
  dealerPhone: string | null;
  when: string;
};

type Texts = {
  subject: (facts: InvitationFacts) => string;
  email: (facts: InvitationFacts) => string;
  sms: (facts: InvitationFacts) => string;
  calendarTitle: (facts: InvitationFacts) => string;
};

const place = (facts: InvitationFacts) =>
  [facts.dealerName, facts.address].filter(Boolean).join(', ');

export const invitationTexts: Record<Language, Texts> = {
  en: {
    subject: (f) => `Your test drive of the ${f.model}`,
    email: (f) =>
      `Dear ${f.customerName},\n\nwe look forward to your test drive of the ${f.model} on ` +
      `${f.when} at ${place(f)}.\nPlease bring your driving licence.` +
      (f.dealerPhone ? `\nTo change the time, call us at ${f.dealerPhone}.` : '') +
      `\n\nThe calendar entry is attached.\n\n${f.dealerName}`,
    sms: (f) => `${f.dealerName}: test drive ${f.model}, ${f.when}. Bring your driving licence.`,
    calendarTitle: (f) => `Test drive: ${f.model}`,
  },
  ru: {
    subject: (f) => `Ваш тест-драйв ${f.model}`,
    email: (f) =>
      `Здравствуйте, ${f.customerName}!\n\nЖдём вас на тест-драйв ${f.model} ${f.when} ` +
      `по адресу: ${place(f)}.\nПожалуйста, возьмите с собой водительское удостоверение.` +
      (f.dealerPhone ? `\nЧтобы перенести время, позвоните нам: ${f.dealerPhone}.` : '') +
      `\n\nСобытие для календаря — во вложении.\n\n${f.dealerName}`,
    sms: (f) =>
      `${f.dealerName}: тест-драйв ${f.model}, ${f.when}. Возьмите водительское удостоверение.`,
    calendarTitle: (f) => `Тест-драйв: ${f.model}`,
  },
  zh: {
    subject: (f) => `您的 ${f.model} 试驾预约`,
    email: (f) =>
      `尊敬的${f.customerName}：\n\n我们期待您于 ${f.when} 在 ${place(f)} 试驾 ${f.model}。\n` +
      `请携带您的驾驶证。` +
      (f.dealerPhone ? `\n如需更改时间，请致电 ${f.dealerPhone}。` : '') +
      `\n\n日历事件见附件。\n\n${f.dealerName}`,
    sms: (f) => `${f.dealerName}：${f.model} 试驾，${f.when}。请携带驾驶证。`,
    calendarTitle: (f) => `试驾：${f.model}`,
  },
};

const intlLocale: Record<Language, string> = { en: 'en-GB', ru: 'ru-RU', zh: 'zh-CN' };

export function formatWhen(at: Date, language: Language, timeZone: string): string {
  return new Intl.DateTimeFormat(intlLocale[language], {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone,
  }).format(at);
}
