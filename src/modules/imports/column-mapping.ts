/**
 * The lead fields a list column can feed, and the header names (English, Russian, Chinese)
 * from which a column is suggested for each. Suggestions are only a start: the user edits
 * the mapping before the preview.
 */
export const importFields = [
  'fullName',
  'firstName',
  'middleName',
  'lastName',
  'companyName',
  'gender',
  'phone',
  'phone2',
  'email',
  'city',
  'postcode',
  'make',
  'model',
  'trim',
  'colour',
  'condition',
  'intendedPurchaseDate',
  'timeframe',
  'budget',
  'currentCarMake',
  'currentCarModel',
  'currentCarYear',
  'comment',
  'campaign',
  'dealerCode',
  'externalRef',
  'consentEmail',
  'consentSms',
  'consentPhone',
  /** a trusted file's date the row's data was current; the import's time when not mapped */
  'verifiedAt',
] as const;
export type ImportField = (typeof importFields)[number];

const synonyms: Record<ImportField, string[]> = {
  fullName: [
    'name',
    'full name',
    'fio',
    'client',
    'customer',
    'фио',
    'имя фамилия',
    'клиент',
    '姓名',
    '客户',
    '客户姓名',
  ],
  firstName: ['first name', 'given name', 'firstname', 'имя', '名', '名字'],
  middleName: ['middle name', 'patronymic', 'отчество'],
  lastName: ['last name', 'surname', 'family name', 'lastname', 'фамилия', '姓', '姓氏'],
  companyName: [
    'company',
    'company name',
    'organisation',
    'organization',
    'компания',
    'организация',
    '公司',
    '公司名称',
    '单位',
  ],
  gender: ['gender', 'sex', 'пол', '性别'],
  phone: [
    'phone',
    'mobile',
    'telephone',
    'phone number',
    'cell',
    'телефон',
    'мобильный',
    'мобильный телефон',
    'тел',
    '电话',
    '手机',
    '手机号',
    '联系电话',
  ],
  phone2: [
    'phone 2',
    'other phone',
    'work phone',
    'second phone',
    'телефон 2',
    'рабочий телефон',
    '电话2',
    '备用电话',
  ],
  email: [
    'email',
    'e-mail',
    'mail',
    'email address',
    'почта',
    'электронная почта',
    'эл почта',
    '邮箱',
    '电子邮件',
    '电子邮箱',
  ],
  city: ['city', 'town', 'город', '城市'],
  postcode: [
    'postcode',
    'zip',
    'postal code',
    'zip code',
    'индекс',
    'почтовый индекс',
    '邮编',
    '邮政编码',
  ],
  make: ['make', 'brand', 'brand of interest', 'марка', 'бренд', '品牌'],
  model: [
    'model',
    'model of interest',
    'vehicle',
    'модель',
    'интересующая модель',
    '车型',
    '意向车型',
    '型号',
  ],
  trim: ['trim', 'version', 'комплектация', '配置'],
  colour: ['colour', 'color', 'цвет', '颜色'],
  condition: [
    'new or used',
    'condition',
    'новый или подержанный',
    'состояние',
    '新车二手车',
    '新旧',
  ],
  intendedPurchaseDate: [
    'purchase date',
    'intended purchase date',
    'planned purchase',
    'дата покупки',
    'планируемая дата покупки',
    '购车时间',
    '预计购车日期',
    '计划购车时间',
  ],
  timeframe: ['timeframe', 'when', 'срок покупки', 'сроки', '购车周期'],
  budget: ['budget', 'бюджет', '预算'],
  currentCarMake: [
    'current car make',
    'current make',
    'current brand',
    'текущая марка',
    'марка текущего авто',
    '现有车品牌',
  ],
  currentCarModel: [
    'current car',
    'current car model',
    'current model',
    'текущий автомобиль',
    'текущая модель',
    '现有车型',
    '现用车型',
  ],
  currentCarYear: [
    'current car year',
    'год выпуска текущего авто',
    'год текущего авто',
    '现有车年份',
  ],
  comment: ['comment', 'comments', 'note', 'notes', 'комментарий', 'примечание', '备注', '留言'],
  campaign: ['campaign', 'event', 'кампания', 'мероприятие', '活动', '营销活动'],
  dealerCode: ['dealer', 'dealer code', 'дилер', 'код дилера', '经销商', '经销商代码'],
  externalRef: ['id', 'external id', 'reference', 'ref', 'номер', 'внешний id', '编号', '外部编号'],
  consentEmail: [
    'email consent',
    'consent email',
    'согласие email',
    'согласие на email',
    'согласие e-mail',
    '邮件同意',
    '同意邮件',
  ],
  consentSms: [
    'sms consent',
    'consent sms',
    'согласие sms',
    'согласие на sms',
    'согласие смс',
    '短信同意',
    '同意短信',
  ],
  consentPhone: [
    'phone consent',
    'call consent',
    'consent phone',
    'согласие на звонки',
    'согласие звонок',
    '电话同意',
    '同意电话',
  ],
  verifiedAt: [
    'verified at',
    'verified',
    'data date',
    'as of',
    'last verified',
    'дата проверки',
    'дата актуализации',
    'данные на',
    'проверено',
    '核实日期',
    '数据日期',
    '核实时间',
  ],
};

/** Lower case, letters and digits only, so "E-mail:", "e mail" and "EMAIL" meet. */
export function headerKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

const lookup = new Map<string, ImportField>(
  importFields.flatMap((field) =>
    synonyms[field].map((name) => [headerKey(name), field] as [string, ImportField]),
  ),
);

export type ColumnSuggestion = Partial<Record<ImportField, number>>;

/** For each field, the first column whose header names it. */
export function suggestMapping(headers: string[]): ColumnSuggestion {
  const mapping: ColumnSuggestion = {};
  headers.forEach((header, column) => {
    const field =
      lookup.get(headerKey(header)) ?? lookup.get(headerKey(header.replace(/\(.*\)$/, '')));
    if (field && mapping[field] === undefined) mapping[field] = column;
  });
  return mapping;
}
