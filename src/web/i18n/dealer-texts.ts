/** Texts of a dealer's marketing signature and its own paragraph in a group campaign (en, ru, zh). */
const en = {
  signature: {
    title: 'Dealer signature',
    intro:
      'Printed where a template has {{field}}: in the customer’s language, else the campaign’s, else any written. Plain text; line breaks are kept.',
    dealer: 'Dealer',
    chooseDealer: 'Choose a dealer',
    save: 'Save signature',
    saved: 'Signature saved',
    readOnly: 'You see this signature but do not run this dealer’s campaigns.',
  },
  notes: {
    title: 'Dealers’ own paragraphs',
    intro:
      'Each dealer may add a paragraph of its own (its service offer, its opening hours) until the campaign is sent. Its customers read it where the template has {{field}}.',
    notInTemplate:
      'The campaign’s template does not print {{field}} yet: the paragraphs would not show.',
    yours: 'Your paragraph ({{dealer}})',
    save: 'Save paragraph',
    saved: 'Paragraph saved',
    closed: 'The campaign has gone out: the paragraphs stay as sent.',
    none: 'No dealer has written a paragraph.',
    dealer: 'Dealer',
    text: 'Paragraph',
    updated: 'Changed',
  },
};

type DealerTextsTexts = typeof en;

const ru: DealerTextsTexts = {
  signature: {
    title: 'Подпись дилера',
    intro:
      'Подставляется туда, где в шаблоне стоит {{field}}: на языке клиента, иначе на языке кампании, иначе на любом заполненном. Простой текст, переносы строк сохраняются.',
    dealer: 'Дилер',
    chooseDealer: 'Выберите дилера',
    save: 'Сохранить подпись',
    saved: 'Подпись сохранена',
    readOnly: 'Вы видите подпись, но не ведёте кампании этого дилера.',
  },
  notes: {
    title: 'Абзацы дилеров',
    intro:
      'Каждый дилер может добавить свой абзац (своё сервисное предложение, часы работы), пока кампания не отправлена. Его клиенты увидят его там, где в шаблоне стоит {{field}}.',
    notInTemplate: 'В шаблоне кампании пока нет {{field}}: абзацы не будут видны.',
    yours: 'Ваш абзац ({{dealer}})',
    save: 'Сохранить абзац',
    saved: 'Абзац сохранён',
    closed: 'Кампания отправлена: абзацы остаются такими, как ушли.',
    none: 'Ни один дилер ещё не написал абзац.',
    dealer: 'Дилер',
    text: 'Абзац',
    updated: 'Изменён',
  },
};

const zh: DealerTextsTexts = {
  signature: {
    title: '经销商签名',
    intro:
      '显示在模板中 {{field}} 的位置：使用客户的语言，否则使用营销活动的语言，否则使用任一已填写的语言。纯文本，保留换行。',
    dealer: '经销商',
    chooseDealer: '选择经销商',
    save: '保存签名',
    saved: '签名已保存',
    readOnly: '您可以查看此签名，但不负责该经销商的营销活动。',
  },
  notes: {
    title: '经销商自己的段落',
    intro:
      '在营销活动发送之前，每个经销商都可以添加自己的段落（自己的服务优惠、营业时间）。其客户会在模板中 {{field}} 的位置看到它。',
    notInTemplate: '营销活动的模板中还没有 {{field}}：段落不会显示。',
    yours: '您的段落（{{dealer}}）',
    save: '保存段落',
    saved: '段落已保存',
    closed: '营销活动已发送：段落保持发送时的内容。',
    none: '还没有经销商填写段落。',
    dealer: '经销商',
    text: '段落',
    updated: '修改时间',
  },
};

export const dealerTexts = { en, ru, zh };
