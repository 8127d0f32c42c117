import { Weighted, type Prng } from './prng.ts';

/**
 * Chinese names in characters: the common surnames first (weights are rough shares of the
 * population in per mille), a few two-character surnames, and given names of one or two
 * characters that read as male or female.
 */
const surnameGroups: [string, number][] = [
  ['王 李 张', 68],
  ['刘', 54],
  ['陈', 45],
  ['杨', 31],
  ['黄 赵 吴 周', 20],
  ['徐 孙 马 朱 胡 郭 何', 13],
  ['林 高 罗 郑 梁', 9],
  ['谢 宋 唐 许 韩 冯 邓 曹 彭 曾 肖 田 董 袁', 5.5],
  ['潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金', 3.5],
  ['石 廖 贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾', 2],
  ['毛 郝 龚 邵 万 钱 严 覃 武 戴 莫 孔 向 汤 常 温 康 施 文 牛 樊 葛 邢 安 齐 易', 1.2],
  ['欧阳 司马 上官 诸葛 东方 司徒', 0.15],
];

export const chineseSurnames = new Weighted(
  surnameGroups.flatMap(([names, weight]) =>
    names.split(' ').map((name): [string, number] => [name, weight]),
  ),
);

const maleSingle =
  '伟 强 磊 军 洋 勇 杰 涛 明 超 刚 平 辉 鹏 华 飞 鑫 波 斌 宇 浩 凯 健 俊 帆 旭 宁 龙 林 峰 亮 毅 博 晨 诚 豪'.split(
    ' ',
  );
const maleDouble =
  '志强 建华 建国 俊杰 浩然 子轩 宇轩 明辉 文博 天宇 晓东 海涛 国强 家豪 思远 一鸣 立新 振华 德明 志伟 建平 永刚 晓峰 宏伟 子豪 浩宇 博文 俊熙 嘉懿 明轩'.split(
    ' ',
  );
const femaleSingle =
  '芳 娜 敏 静 丽 艳 娟 霞 秀 英 玲 燕 萍 红 婷 雪 琳 慧 颖 倩 洁 佳 欣 怡 晶 莉 梅 璐 丹 蕾 悦 琪'.split(
    ' ',
  );
const femaleDouble =
  '秀英 桂英 秀兰 玉兰 丽娟 晓燕 婷婷 欣怡 梓涵 诗涵 雨萱 佳怡 晓丽 美玲 春梅 雪梅 慧敏 静怡 梦琪 思琪 晓红 丽华 淑珍 海燕 雅婷 紫涵 一诺 可馨 语嫣 若曦'.split(
    ' ',
  );
const maleSecond = '伟 强 明 华 军 辉 杰 涛 峰 斌 鹏 宇 龙 飞 东 平 刚 军 林 锋'.split(' ');
const femaleSecond = '芳 丽 红 梅 娟 燕 玲 霞 婷 琳 颖 洁 萍 静 敏 雪 倩 慧 欣 瑶'.split(' ');
const firstChars = '子 晓 文 建 国 海 志 明 俊 佳 思 雨 一 天 家 嘉 永 宏 立 春 秋 新 金 玉'.split(
  ' ',
);

export type ChineseName = { lastName: string; firstName: string };

export function chineseGivenName(rng: Prng, gender: 'male' | 'female'): string {
  const roll = rng.float();
  if (gender === 'male') {
    if (roll < 0.4) return rng.pick(maleSingle);
    if (roll < 0.8) return rng.pick(maleDouble);
    return rng.pick(firstChars) + rng.pick(maleSecond);
  }
  if (roll < 0.4) return rng.pick(femaleSingle);
  if (roll < 0.8) return rng.pick(femaleDouble);
  return rng.pick(firstChars) + rng.pick(femaleSecond);
}

/** A Chinese name; `surname` keeps a family's name (a child takes the father's surname). */
export function chineseName(rng: Prng, gender: 'male' | 'female', surname?: string): ChineseName {
  return {
    lastName: surname ?? chineseSurnames.pick(rng),
    firstName: chineseGivenName(rng, gender),
  };
}
