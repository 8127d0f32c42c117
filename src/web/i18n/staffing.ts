/** Texts of the dealer CRM staffing guide page (seed 002) in en, ru and zh. */
const en = {
  nav: 'CRM staffing guide',
  title: 'Dealer CRM staffing guide',
  intro:
    'How many people a dealer’s CRM department needs for its annual new-car sales target (seed 002). Where the source text is cut off, the figure is left empty rather than guessed.',
  target: 'Annual sales target, cars',
  advice: 'For {{target}} cars a year',
  total: 'Team in all',
  notGiven: 'not given by the source',
  band: 'Annual target',
  from: 'from {{min}}',
  under: 'under {{max}}',
  between: '{{min}} – under {{max}}',
  managers: 'CRM managers',
  loyalty: 'Loyalty specialists',
  conquest: 'Conquest and data specialists',
  note: 'Note',
  notes: {
    manager_covers_loyalty_and_data: 'The manager also covers loyalty and data',
    source_cut_off: 'The source is cut off after “1 manager”',
  },
};

type Messages = typeof en;

const ru: Messages = {
  nav: 'Штат CRM дилера',
  title: 'Нормативы штата CRM дилера',
  intro:
    'Сколько сотрудников нужно CRM-отделу дилера при годовом плане продаж новых автомобилей (seed 002). Где текст источника обрывается, значение оставлено пустым, а не угадано.',
  target: 'Годовой план продаж, автомобилей',
  advice: 'При {{target}} автомобилях в год',
  total: 'Всего в команде',
  notGiven: 'в источнике нет',
  band: 'Годовой план',
  from: 'от {{min}}',
  under: 'до {{max}}',
  between: '{{min}} – до {{max}}',
  managers: 'CRM-менеджеры',
  loyalty: 'Специалисты по лояльности',
  conquest: 'Специалисты по привлечению и данным',
  note: 'Примечание',
  notes: {
    manager_covers_loyalty_and_data: 'Менеджер также ведёт лояльность и данные',
    source_cut_off: 'Источник обрывается после «1 менеджер»',
  },
};

const zh: Messages = {
  nav: 'CRM 人员配置',
  title: '经销商 CRM 人员配置指南',
  intro: '根据年度新车销售目标,经销商 CRM 部门需要多少人员(seed 002)。原文缺失之处留空,不做推测。',
  target: '年度销售目标(辆)',
  advice: '年销售 {{target}} 辆时',
  total: '团队合计',
  notGiven: '原文未给出',
  band: '年度目标',
  from: '{{min}} 及以上',
  under: '{{max}} 以下',
  between: '{{min}} – {{max}} 以下',
  managers: 'CRM 经理',
  loyalty: '忠诚度专员',
  conquest: '集客与数据专员',
  note: '备注',
  notes: {
    manager_covers_loyalty_and_data: '经理同时负责忠诚度与数据',
    source_cut_off: '原文在“1 名经理”之后缺失',
  },
};

export const staffing = { en, ru, zh };
