import type { IncomeBand } from '../modules/customers/index.ts';
import { Weighted, weighted } from './prng.ts';

/**
 * Believable profile vocabularies per language: occupations with the income they bring,
 * employers, interests and values (seed 001 §1: education, occupation, employer, income,
 * family, interests and hobbies, values).
 */
export type Culture = 'ru' | 'zh' | 'en';

type Occupation = { title: string; income: IncomeBand; degree: boolean };

function occupations(list: [string, IncomeBand, boolean, number][]): Weighted<Occupation> {
  return new Weighted(
    list.map(([title, income, degree, weight]) => [{ title, income, degree }, weight]),
  );
}

export const occupationsByCulture: Record<Culture, Weighted<Occupation>> = {
  ru: occupations([
    ['инженер', 'middle', true, 8],
    ['менеджер по продажам', 'middle', true, 8],
    ['программист', 'upper_middle', true, 6],
    ['врач', 'middle', true, 4],
    ['учитель', 'lower_middle', true, 4],
    ['бухгалтер', 'middle', true, 5],
    ['юрист', 'upper_middle', true, 3],
    ['водитель', 'lower_middle', false, 6],
    ['предприниматель', 'high', false, 6],
    ['руководитель отдела', 'upper_middle', true, 6],
    ['генеральный директор', 'very_high', true, 2],
    ['экономист', 'middle', true, 3],
    ['прораб', 'middle', false, 3],
    ['сотрудник полиции', 'middle', false, 2],
    ['военнослужащий', 'middle', false, 2],
    ['пенсионер', 'low', false, 5],
    ['дизайнер', 'middle', true, 2],
    ['логист', 'middle', true, 3],
    ['архитектор', 'upper_middle', true, 1],
    ['менеджер проектов', 'upper_middle', true, 3],
    ['электрик', 'lower_middle', false, 3],
    ['медсестра', 'lower_middle', false, 2],
    ['государственный служащий', 'middle', true, 3],
    ['индивидуальный предприниматель', 'upper_middle', false, 3],
  ]),
  zh: occupations([
    ['工程师', 'middle', true, 8],
    ['销售经理', 'middle', true, 7],
    ['软件工程师', 'upper_middle', true, 7],
    ['医生', 'upper_middle', true, 3],
    ['教师', 'middle', true, 5],
    ['会计', 'middle', true, 5],
    ['律师', 'high', true, 2],
    ['司机', 'lower_middle', false, 4],
    ['个体经营者', 'upper_middle', false, 7],
    ['部门经理', 'upper_middle', true, 6],
    ['总经理', 'very_high', true, 2],
    ['公务员', 'middle', true, 4],
    ['设计师', 'middle', true, 3],
    ['退休人员', 'low', false, 3],
    ['产品经理', 'upper_middle', true, 4],
    ['项目经理', 'upper_middle', true, 4],
    ['财务经理', 'upper_middle', true, 3],
    ['外贸业务员', 'middle', true, 3],
    ['护士', 'lower_middle', false, 2],
  ]),
  en: occupations([
    ['engineer', 'upper_middle', true, 5],
    ['consultant', 'high', true, 5],
    ['teacher', 'middle', true, 3],
    ['diplomat', 'high', true, 2],
    ['IT specialist', 'upper_middle', true, 4],
    ['entrepreneur', 'high', false, 3],
    ['banker', 'very_high', true, 2],
    ['journalist', 'middle', true, 1],
    ['project manager', 'upper_middle', true, 3],
  ]),
};

export const employersByCulture: Record<Culture, readonly string[]> = {
  ru: [
    'ООО «Техностиль»',
    'АО «Северная энергия»',
    'ГБУЗ «Городская больница № 12»',
    'ГБОУ «Школа № 1530»',
    'ООО «Логистик Плюс»',
    'АО «Стройинвест»',
    'ООО «Вектор»',
    'ПАО «Региональный банк»',
    'ООО «Медиагрупп»',
    'АО «Нева-Металл»',
    'ООО «Софтлайн Системс»',
    'ФГУП «Почтовая служба»',
    'ООО «ТрансЛогистик»',
    'АО «Балтийская верфь»',
    'ООО «Агроторг Север»',
    'ООО «Альфа-Строй»',
    'МВД России',
    'Министерство обороны',
    'ООО «ИнфоТех»',
  ],
  zh: [
    '上海浦江科技有限公司',
    '杭州西湖电子有限公司',
    '浙江恒通物流有限公司',
    '上海申华医院',
    '杭州市第二中学',
    '中国建设银行上海分行',
    '上海东方贸易有限公司',
    '杭州云帆网络科技有限公司',
    '浙江大地建设集团',
    '上海市徐汇区人民政府',
    '苏州工业园区管委会',
    '上海汽车零部件有限公司',
  ],
  en: [
    'Northbridge Consulting',
    'Baltic Trade Bank',
    'Global Logistics Ltd',
    'English Language Centre',
    'Trans-Eurasia Shipping',
    'Maple Engineering',
  ],
};

export const interestTags = weighted({
  fishing: 10,
  hunting: 5,
  off_road: 6,
  golf: 2,
  travel: 14,
  family: 14,
  tech: 8,
  sport: 10,
  football: 5,
  hockey: 3,
  skiing: 4,
  cycling: 3,
  music: 5,
  cooking: 5,
  gardening: 6,
  photography: 3,
  motorsport: 3,
  camping: 4,
  yoga: 2,
  reading: 4,
});

export const personalValues = weighted({
  safety: 10,
  family: 10,
  reliability: 9,
  comfort: 8,
  economy: 7,
  prestige: 4,
  technology: 4,
  ecology: 2,
  freedom: 3,
});

export const educationWeights = weighted({
  secondary: 10,
  vocational: 28,
  bachelor: 34,
  master: 22,
  doctorate: 2,
  other: 4,
});

/** The car brands of friends and relatives, as a consultant notes them down. */
export const friendsCarsByCulture: Record<Culture, readonly string[]> = {
  ru: [
    'брат — Toyota Camry',
    'жена — Kia Rio',
    'друг — Haval F7, доволен',
    'коллега — Geely Monjaro',
    'отец — Lada Vesta',
    'сосед — Hyundai Creta',
    'друзья ездят на Chery',
  ],
  zh: ['朋友开比亚迪宋', '同事开吉利星越L', '哥哥开哈弗H6', '妻子开大众朗逸', '邻居开丰田凯美瑞'],
  en: ['friend drives a Toyota RAV4', 'colleague has a Haval Jolion', 'wife drives a VW Polo'],
};
