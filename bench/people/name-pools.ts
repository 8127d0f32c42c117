import { combine } from './zipf.ts';

/**
 * Name pools for the synthetic people, most common first. Given names are closed sets with a
 * steep head (real first names are); surnames are a head of very common ones and then a long
 * tail built from stems and endings of each language, thousands of values, so namesakes are as
 * rare as in a real base, not as common as in a pool of fifteen. Our own lists.
 */

const words = (text: string): string[] => text.trim().split(/\s+/);

export const ruMale = words(`
  Александр Сергей Дмитрий Андрей Алексей Максим Иван Михаил Владимир Евгений Николай Артём
  Павел Игорь Роман Олег Денис Владислав Антон Кирилл Виктор Юрий Илья Никита Вадим Константин
  Егор Даниил Георгий Василий Тимур Анатолий Виталий Григорий Борис Леонид Станислав Валерий
  Геннадий Пётр Фёдор Степан Матвей Ярослав Глеб Аркадий Семён Тимофей Лев Марк`);

export const ruFemale = words(`
  Елена Ольга Наталья Татьяна Анна Мария Ирина Екатерина Светлана Юлия Анастасия Марина Галина
  Людмила Надежда Валентина Дарья Ксения Алина Виктория Евгения Оксана Полина Софья Вера Любовь
  Лариса Нина Кристина Алёна Елизавета Александра Валерия Тамара Жанна Зоя Раиса Лидия Вероника
  Маргарита Милана Ульяна Яна Диана Инна`);

/** Everyday forms a second entry may carry instead of the full name. */
export const ruShort: Record<string, string> = {
  Александр: 'Саша',
  Сергей: 'Серёжа',
  Дмитрий: 'Дима',
  Алексей: 'Лёша',
  Иван: 'Ваня',
  Михаил: 'Миша',
  Николай: 'Коля',
  Владимир: 'Вова',
  Павел: 'Паша',
  Евгений: 'Женя',
  Константин: 'Костя',
  Анатолий: 'Толя',
  Виктор: 'Витя',
  Елена: 'Лена',
  Ольга: 'Оля',
  Наталья: 'Наташа',
  Татьяна: 'Таня',
  Мария: 'Маша',
  Екатерина: 'Катя',
  Ирина: 'Ира',
  Светлана: 'Света',
  Юлия: 'Юля',
  Анастасия: 'Настя',
  Дарья: 'Даша',
  Людмила: 'Люда',
  Надежда: 'Надя',
};

/** [male, female] forms of a Russian surname. */
export type RuSurname = readonly [string, string];

const ruCommon = words(`
  Иванов Смирнов Кузнецов Попов Васильев Петров Соколов Михайлов Новиков Фёдоров Морозов Волков
  Алексеев Лебедев Семёнов Егоров Павлов Козлов Степанов Николаев Орлов Андреев Макаров Никитин
  Захаров Зайцев Соловьёв Борисов Яковлев Григорьев Романов Воробьёв Сергеев Кузьмин Фролов
  Александров Дмитриев Королёв Гусев Киселёв`);

function ruForms(male: string): RuSurname {
  if (male.endsWith('ский')) return [male, `${male.slice(0, -2)}ая`];
  if (/(ов|ев|ёв|ин)$/.test(male)) return [male, `${male}а`];
  return [male, male]; // -енко, -ук, -ых do not change
}

/** About 5,800 surnames: the common head, then stem + middle + ending. */
export function ruSurnames(random: () => number): RuSurname[] {
  const stems = combine(
    [
      words(`Бар Бел Бог Бор Вал Вер Вол Гал Гор Гус Дан Дем Дор Дуб Жар Жук Зав Зим Кал Кар Кол
        Кор Кос Кур Лап Лар Лук Мал Мар Мед Мур Нав Нос Пал Пар Пес Пуш Рад Род Рус Сав Сел Сом
        Суш Тар Тих Топ Фил Фом Хар Хол Чер Чиж Шап Шил Шум Юр Яр Щег Крут`),
      ['', ...words('ан ен ин ун уш ыш ал ол ик ач ут ар ох ят ег')],
    ],
    random,
  );
  const endings = words('ов ин ский енко ых ук');
  const tail = stems.flatMap((stem) => endings.map((ending) => ruForms(`${stem}${ending}`)));
  const head = ruCommon.map(ruForms);
  const known = new Set(head.map(([male]) => male));
  return [...head, ...tail.filter(([male]) => !known.has(male))];
}

export const zhSurnames = [
  ...`王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁
任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤`.replace(
    /\s/g,
    '',
  ),
];

/** Characters of given names; a given name is one of them or two together. */
export const zhGivenCharacters = [
  ...new Set(
    `伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华平刚桂玉兰红霞建国文辉鹏飞宇浩晨欣怡佳婷雪梅琳晶燕波斌宁凯鑫俊
帅博志海林峰亮成龙云春秋冬阳光天德福荣兴安庆东新立正永金山江松竹菊莲凤珍珠琴瑶璐琪萍倩颖慧智思雨露月星辰子
涵轩泽睿铭哲昊然梓萱诗悦嘉彤晓丹蕾薇莉芬洁玲蓉鸿振宏家冰坤越豪昌毅健晖翔力彬岩`.replace(/\s/g, ''),
  ),
];

export const enMale = words(`
  James John David Michael Robert William Richard Thomas Paul Andrew Mark Christopher Daniel
  Peter Stephen Matthew George Anthony Steven Jonathan Edward Simon Kevin Brian Gary Ian Martin
  Oliver Harry Jack Henry Samuel Benjamin Joshua Nicholas Adam Luke Alexander Charles Timothy
  Philip Graham Neil Keith Alan`);

export const enFemale = words(`
  Sarah Elizabeth Mary Emma Susan Jennifer Helen Karen Linda Margaret Laura Rachel Emily
  Charlotte Olivia Sophie Lucy Hannah Catherine Victoria Claire Joanne Alice Grace Ruth Anne
  Julia Rebecca Amanda Michelle Nicola Louise Jessica Amelia Patricia Deborah Gillian Fiona Jane
  Kate Zoe Megan Chloe Ella Isabel`);

export const enShort: Record<string, string> = {
  Robert: 'Bob',
  William: 'Bill',
  Michael: 'Mike',
  Richard: 'Rick',
  Thomas: 'Tom',
  Elizabeth: 'Liz',
  Jennifer: 'Jen',
  Susan: 'Sue',
  James: 'Jim',
  Christopher: 'Chris',
  Daniel: 'Dan',
  Matthew: 'Matt',
  Anthony: 'Tony',
  Steven: 'Steve',
  Andrew: 'Andy',
  Nicholas: 'Nick',
  Samuel: 'Sam',
  Benjamin: 'Ben',
  Edward: 'Ed',
  Margaret: 'Maggie',
  Rebecca: 'Becky',
  Patricia: 'Pat',
  Victoria: 'Vicky',
};

const enCommon = words(`
  Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker
  White Roberts Green Hall Wood Jackson Clarke Harris Lewis Hughes Edwards Turner Baker Hill
  Cooper Ward Morris King Harrison Morgan Allen Carter Phillips Mitchell Bell Parker Bennett`);

/** About 1,400 surnames: the common head, then place-like compounds and patronymics. */
export function enSurnames(random: () => number): string[] {
  const compounds = combine(
    [
      words(`Ash Black Brad Brook Bur Cal Chad Crom Dun Fair Fern Gar Hal Hart Hol Kings Lang Mar
        Mid Mor New Nor Old Pem Red Ros Shel Stan Stock Thorn Wad Wes Whit Wood Hay Pen Sal Ald
        Bram Cran Dal Elm Fox Glen Hen Lin Mel Oak Pud Rad Sned Tal Ux War Yar`),
      words(`ton ley ford field worth wood by ham well man er ridge more land brook stone ington
        combe hurst dale wick cott sworth den low`),
    ],
    random,
  );
  const sons = enMale.slice(0, 30).map((name) => `${name}son`);
  const known = new Set(enCommon);
  return [...enCommon, ...[...compounds, ...sons].filter((name) => !known.has(name))];
}
