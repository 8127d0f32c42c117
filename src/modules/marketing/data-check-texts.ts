import type { Language } from '../customers/index.ts';

/**
 * The words of "please confirm your data": the letter (in the person's language), its public
 * page, and the task a "something is wrong" answer gives the requester (in the requester's).
 */
type Words = {
  subject: string;
  greeting: string;
  ask: string;
  button: string;
  validity: string;
  ignore: string;
  pageTitle: string;
  pageLead: string;
  name: string;
  phones: string;
  emails: string;
  address: string;
  none: string;
  correct: string;
  wrong: string;
  wrongHint: string;
  thanksCorrect: string;
  thanksWrong: string;
  answered: string;
  expired: string;
  invalid: string;
  replaced: string;
  taskTitle: string;
  taskEmpty: string;
};

export const dataCheckWords: Record<Language, Words> = {
  en: {
    subject: 'Please confirm your contact details',
    greeting: 'Hello, {name}!',
    ask: 'We want to be sure we reach you at the right phone, e-mail and address. Please take a moment to check the details we hold:',
    button: 'Check my details',
    validity: 'The link works once, for {days} days.',
    ignore: 'If you did not expect this letter, you may ignore it.',
    pageTitle: 'Your contact details',
    pageLead: 'This is what we hold about you. Parts are hidden for your privacy.',
    name: 'Name',
    phones: 'Phones',
    emails: 'E-mail',
    address: 'Address',
    none: 'none',
    correct: 'All correct',
    wrong: 'Something is wrong',
    wrongHint: 'What should we change?',
    thanksCorrect: 'Thank you! Your details are confirmed.',
    thanksWrong: 'Thank you! We will correct your details and may contact you.',
    answered: 'This link has already been used. Thank you for your answer.',
    expired: 'This link has expired. Please ask your dealer for a new one.',
    invalid: 'This link is not valid.',
    replaced: 'This link was replaced by a newer one. Please use the link in our latest letter.',
    taskTitle: 'The customer says his contact data is wrong',
    taskEmpty: '(no details given)',
  },
  ru: {
    subject: 'Пожалуйста, подтвердите ваши контактные данные',
    greeting: 'Здравствуйте, {name}!',
    ask: 'Мы хотим быть уверены, что связываемся с вами по верному телефону, e-mail и адресу. Пожалуйста, проверьте данные, которые у нас есть:',
    button: 'Проверить мои данные',
    validity: 'Ссылка действует один раз, {days} дней.',
    ignore: 'Если вы не ждали этого письма, просто не отвечайте на него.',
    pageTitle: 'Ваши контактные данные',
    pageLead: 'Вот что мы о вас знаем. Часть данных скрыта ради вашей безопасности.',
    name: 'Имя',
    phones: 'Телефоны',
    emails: 'E-mail',
    address: 'Адрес',
    none: 'нет',
    correct: 'Всё верно',
    wrong: 'Есть ошибка',
    wrongHint: 'Что нужно исправить?',
    thanksCorrect: 'Спасибо! Ваши данные подтверждены.',
    thanksWrong: 'Спасибо! Мы исправим данные и, возможно, свяжемся с вами.',
    answered: 'По этой ссылке уже ответили. Спасибо за ответ.',
    expired: 'Срок действия ссылки истёк. Попросите у дилера новую.',
    invalid: 'Ссылка недействительна.',
    replaced:
      'Эта ссылка заменена новой. Пожалуйста, воспользуйтесь ссылкой из нашего последнего письма.',
    taskTitle: 'Клиент сообщил об ошибке в контактных данных',
    taskEmpty: '(без подробностей)',
  },
  zh: {
    subject: '请确认您的联系方式',
    greeting: '{name}，您好！',
    ask: '我们希望确保能通过正确的电话、邮箱和地址联系到您。请花一点时间核对我们保存的信息：',
    button: '核对我的信息',
    validity: '此链接只能使用一次，有效期 {days} 天。',
    ignore: '如果您没有预期收到此邮件，请忽略。',
    pageTitle: '您的联系方式',
    pageLead: '以下是我们保存的您的信息。为保护您的隐私，部分内容已隐藏。',
    name: '姓名',
    phones: '电话',
    emails: '邮箱',
    address: '地址',
    none: '无',
    correct: '全部正确',
    wrong: '有错误',
    wrongHint: '需要修改什么？',
    thanksCorrect: '谢谢！您的信息已确认。',
    thanksWrong: '谢谢！我们会更正您的信息，并可能与您联系。',
    answered: '此链接已被使用。感谢您的回复。',
    expired: '此链接已过期。请向您的经销商索取新链接。',
    invalid: '此链接无效。',
    replaced: '此链接已被新的链接取代。请使用我们最新邮件中的链接。',
    taskTitle: '客户反映其联系方式有误',
    taskEmpty: '（未提供详情）',
  },
};
