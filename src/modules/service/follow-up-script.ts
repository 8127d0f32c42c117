/**
 * The after-visit call (seed 001 §4): a fixed, short script so that every owner is asked the
 * same questions and the scores of different agents compare. In the assignee's language.
 */
type Locale = 'en' | 'ru' | 'zh';

const titles: Record<Locale, (car: string) => string> = {
  en: (car) => `After-service call: ${car}`,
  ru: (car) => `Звонок после сервиса: ${car}`,
  zh: (car) => `售后回访：${car}`,
};

const scripts: Record<Locale, (visitDate: string) => string> = {
  en: (date) =>
    [
      `1. Greet the owner, name the dealer and the visit of ${date}.`,
      '2. Was the work done as agreed, on time and at the price quoted?',
      '3. How likely are you to recommend our service, from 1 to 10? (the CSI score)',
      '4. Anything we should do better? Note it word for word.',
      '5. Thank the owner; a score of 6 or less or a problem: open a complaint.',
    ].join('\n'),
  ru: (date) =>
    [
      `1. Поздоровайтесь, назовите дилера и визит ${date}.`,
      '2. Работы выполнены как договорились, в срок и по названной цене?',
      '3. Насколько вероятно, что вы порекомендуете наш сервис, от 1 до 10? (оценка CSI)',
      '4. Что нам сделать лучше? Запишите дословно.',
      '5. Поблагодарите; оценка 6 и ниже или проблема — заведите жалобу.',
    ].join('\n'),
  zh: (date) =>
    [
      `1. 问候车主，说明经销商和 ${date} 的保养维修。`,
      '2. 工作是否按约定、按时、按报价完成？',
      '3. 您向朋友推荐我们售后服务的可能性有多大，1 到 10 分？（CSI 分数）',
      '4. 我们还有哪些需要改进？请逐字记录。',
      '5. 感谢车主；6 分及以下或有问题：登记投诉。',
    ].join('\n'),
};

export function followUpText(
  locale: string,
  car: string,
  visitDate: string,
): { title: string; script: string } {
  const lang: Locale = locale === 'ru' || locale === 'zh' ? locale : 'en';
  return { title: titles[lang](car), script: scripts[lang](visitDate) };
}
