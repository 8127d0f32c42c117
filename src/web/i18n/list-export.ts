/** The export buttons of list pages (leads, orders) in en, ru and zh. */
const en = {
  csv: 'Export CSV',
  xlsx: 'Export Excel',
  hint: 'The file holds every row of the current filters, not only this page.',
};

export type ListExportMessages = typeof en;

const ru: ListExportMessages = {
  csv: 'Выгрузить CSV',
  xlsx: 'Выгрузить Excel',
  hint: 'В файл попадают все строки с текущими фильтрами, а не только эта страница.',
};

const zh: ListExportMessages = {
  csv: '导出 CSV',
  xlsx: '导出 Excel',
  hint: '文件包含当前筛选条件下的所有行,而不仅是本页。',
};

export const listExport = { en, ru, zh };
