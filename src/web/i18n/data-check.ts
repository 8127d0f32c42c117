/** Texts of "Ask the customer to confirm by e-mail" on the Data verification card (en, ru, zh). */
const en = {
  ask: 'Ask the customer to confirm by e-mail',
  sent: 'The letter is on its way. The link works once, for 30 days.',
  noEmail: 'The customer has no e-mail address.',
  noConsent: 'The customer has not agreed to service e-mails.',
  doNotContact: 'The customer is not to be contacted by e-mail.',
  alreadyAsked: 'The customer was asked less than a day ago and has not answered yet.',
  waiting: 'Asked by e-mail {{date}} ({{name}}): no answer yet',
  correct: 'Confirmed by e-mail {{date}}',
  wrong: 'The customer wrote {{date}} that something is wrong: “{{note}}”. A task was created.',
  expired: 'Asked by e-mail {{date}}: the link expired unanswered',
  someone: 'someone',
};

type Texts = typeof en;

const ru: Texts = {
  ask: 'Попросить клиента подтвердить по e-mail',
  sent: 'Письмо отправляется. Ссылка действует один раз, 30 дней.',
  noEmail: 'У клиента нет адреса e-mail.',
  noConsent: 'Клиент не давал согласия на сервисные письма.',
  doNotContact: 'С клиентом нельзя связываться по e-mail.',
  alreadyAsked: 'Клиента уже спрашивали меньше суток назад, ответа пока нет.',
  waiting: 'Запрошено по e-mail {{date}} ({{name}}): ответа пока нет',
  correct: 'Подтверждено по e-mail {{date}}',
  wrong: 'Клиент написал {{date}}, что есть ошибка: «{{note}}». Создана задача.',
  expired: 'Запрошено по e-mail {{date}}: ссылка истекла без ответа',
  someone: 'кто-то',
};

const zh: Texts = {
  ask: '请客户通过邮件确认',
  sent: '邮件正在发送。链接只能使用一次，有效期 30 天。',
  noEmail: '该客户没有邮箱地址。',
  noConsent: '该客户未同意接收服务邮件。',
  doNotContact: '不得通过邮件联系该客户。',
  alreadyAsked: '不到一天前已询问过该客户，尚未回复。',
  waiting: '已于 {{date}} 通过邮件询问（{{name}}）：尚未回复',
  correct: '已于 {{date}} 通过邮件确认',
  wrong: '客户于 {{date}} 回复信息有误：“{{note}}”。已创建任务。',
  expired: '已于 {{date}} 通过邮件询问：链接已过期，未回复',
  someone: '某人',
};

export const dataCheck = { en, ru, zh };
