import type { Prng } from './prng.ts';
import { Weighted } from './prng.ts';
import type { Town } from './places-data.ts';

/**
 * Phone numbers as E.164 with the raw text a person would type: Russian mobiles
 * +7 9xx xxx xx xx and Chinese mobiles +86 1[3-9]x xxxx xxxx (prefixes of the real
 * operators only, so libphonenumber accepts them), landlines for companies.
 */
export type DemoPhone = { e164: string; raw: string };

const russianMobileCodes = new Weighted<string>(
  (
    [
      ['903 905 906 909 915 916 917 919 925 926 929 985 999', 6],
      ['901 910 911 912 913 914 918 920 921 922 923 924 927 928 931 950 951 952 953', 3],
      ['960 961 962 963 964 965 966 967 968 977 978 980 981 982 983 984 987 988 989', 2],
      ['900 904 908 932 933 934 936 939 958 991 992 993 994 995 996', 1],
    ] as const
  ).flatMap(([codes, weight]) => codes.split(' ').map((code): [string, number] => [code, weight])),
);

const chineseMobilePrefixes = new Weighted<string>(
  (
    [
      ['130 131 132 133 135 136 137 138 139 150 151 152 158 159 186 187 188 189', 5],
      ['134 153 155 156 157 180 181 182 183 185 177 176', 3],
      ['145 147 166 175 178 191 193 195 198 199', 1],
    ] as const
  ).flatMap(([codes, weight]) => codes.split(' ').map((code): [string, number] => [code, weight])),
);

function digits(rng: Prng, count: number): string {
  let out = '';
  for (let i = 0; i < count; i++) out += String.fromCharCode(48 + rng.int(0, 9));
  return out;
}

/** The ways people write one Russian mobile number, e.g. 8 (916) 123-45-67. */
const russianStyles = new Weighted<(code: string, n: string) => string>([
  [(c, n) => `8 (${c}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, 20],
  [(c, n) => `+7 ${c} ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, 15],
  [(c, n) => `+7 ${c} ${n}`, 10],
  [(c, n) => `8${c}${n}`, 15],
  [(c, n) => `+7${c}${n}`, 12],
  [(c, n) => `8-${c}-${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, 8],
  [(c, n) => `+7 (${c}) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`, 10],
  [(c, n) => `${c} ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`, 5],
  [(c, n) => `8 ${c} ${n.slice(0, 3)} ${n.slice(3)}`, 5],
]);

/** The ways of one Chinese mobile number, e.g. 139 1234 5678. */
const chineseStyles = new Weighted<(p: string, n: string) => string>([
  [(p, n) => `${p} ${n.slice(0, 4)} ${n.slice(4)}`, 30],
  [(p, n) => `${p}${n}`, 35],
  [(p, n) => `+86 ${p} ${n.slice(0, 4)} ${n.slice(4)}`, 15],
  [(p, n) => `+86${p}${n}`, 8],
  [(p, n) => `${p}-${n.slice(0, 4)}-${n.slice(4)}`, 7],
  [(p, n) => `+86-${p}-${n.slice(0, 4)}-${n.slice(4)}`, 5],
]);

export function mobilePhone(rng: Prng, country: 'RU' | 'CN'): DemoPhone {
  if (country === 'CN') {
    const prefix = chineseMobilePrefixes.pick(rng);
    const rest = digits(rng, 8);
    return { e164: `+86${prefix}${rest}`, raw: chineseStyles.pick(rng)(prefix, rest) };
  }
  const code = russianMobileCodes.pick(rng);
  const rest = digits(rng, 7);
  return { e164: `+7${code}${rest}`, raw: russianStyles.pick(rng)(code, rest) };
}

/** An office landline of the town, written the local way. */
export function landlinePhone(rng: Prng, town: Town): DemoPhone {
  const { area, length, leading } = town.landline;
  const local = leading[rng.int(0, leading.length - 1)]! + digits(rng, length - 1);
  const e164 = `${area}${local}`;
  if (area.startsWith('+7')) {
    const code = area.slice(2);
    const raw = rng.chance(0.5)
      ? `8 (${code}) ${local.slice(0, 3)}-${local.slice(3, 5)}-${local.slice(5)}`
      : `+7 ${code} ${local.slice(0, 3)}-${local.slice(3, 5)}-${local.slice(5)}`;
    return { e164, raw };
  }
  const code = area.slice(3);
  const raw = rng.chance(0.6)
    ? `0${code}-${local}`
    : `+86 ${code} ${local.slice(0, 4)} ${local.slice(4)}`;
  return { e164, raw };
}
