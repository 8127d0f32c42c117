import type { Locale } from '../../auth/index.ts';

/**
 * Stored texts of a reply's activity and task: written in the language of the user who will
 * read them (the task's assignee), like any text a user types.
 */
export const replyWords: Record<
  Locale,
  {
    activity: (channel: 'email' | 'sms', about: string | null) => string;
    task: (about: string | null) => string;
    noText: string;
  }
> = {
  en: {
    activity: (channel, about) =>
      `${channel === 'sms' ? 'SMS reply' : 'E-mail reply'}${about ? `: ${about}` : ''}`,
    task: (about) => `Answer the reply${about ? ` to “${about}”` : ''}`,
    noText: '(no text)',
  },
  ru: {
    activity: (channel, about) =>
      `${channel === 'sms' ? 'Ответ на SMS' : 'Ответ на письмо'}${about ? `: ${about}` : ''}`,
    task: (about) => `Ответить клиенту${about ? ` на ответ на «${about}»` : ''}`,
    noText: '(без текста)',
  },
  zh: {
    activity: (channel, about) =>
      `${channel === 'sms' ? '短信回复' : '邮件回复'}${about ? `：${about}` : ''}`,
    task: (about) => `回复客户${about ? `（关于“${about}”）` : ''}`,
    noText: '（无内容）',
  },
};
