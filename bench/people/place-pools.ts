import { combine } from './zipf.ts';

/**
 * Cities and streets for the synthetic people, biggest first: the real large cities of each
 * country, then a long tail of towns built from stems and endings (a few hundred per country),
 * so "same city" says something, as it does in a real base.
 */

const words = (text: string): string[] => text.trim().split(/\s+/);
const han = (text: string): string[] => [...new Set(text.replace(/\s/g, ''))];

export function ruCities(random: () => number): string[] {
  const big = words(`
    Москва Санкт-Петербург Новосибирск Екатеринбург Казань Нижний-Новгород Челябинск Самара Омск
    Ростов-на-Дону Уфа Красноярск Воронеж Пермь Волгоград Краснодар Саратов Тюмень Тольятти Ижевск
    Барнаул Ульяновск Иркутск Хабаровск Ярославль Владивосток Махачкала Томск Оренбург Кемерово
    Рязань Астрахань Пенза Липецк Тула Киров Чебоксары Калининград Курск Тверь`).map((city) =>
    city.replace('Нижний-', 'Нижний '),
  );
  const towns = combine(
    [
      words(`Бел Бор Вол Гор Дуб Жел Зар Кал Кам Крас Лес Лип Мал Мир Нов Озер Пол Раз Сел Сос
        Стар Тих Ус Хол Чер Ясн`),
      words('ск овск инск оград ов ино ево горск поль озёрск'),
    ],
    random,
  );
  return [...big, ...towns];
}

export function zhCities(random: () => number): string[] {
  const big = words(`
    北京 上海 广州 深圳 成都 重庆 天津 武汉 杭州 西安 南京 苏州 郑州 长沙 沈阳 青岛 宁波 东莞 无锡
    合肥 大连 福州 厦门 哈尔滨 济南 温州 佛山 长春 石家庄 南宁 昆明 贵阳 南昌 太原 兰州 乌鲁木齐
    呼和浩特 海口 银川 西宁`);
  const known = new Set(big);
  const towns = combine(
    [han('安平江河山阳南北宁兴德华清丰泉林源庆永新长海云湖'), han('州阳城江安宁平山')],
    random,
  );
  return [...big, ...towns.filter((town) => !known.has(town))];
}

export function enCities(random: () => number): string[] {
  const big = words(`
    London Birmingham Manchester Leeds Liverpool Sheffield Bristol Newcastle Nottingham Leicester
    Coventry Bradford Cardiff Edinburgh Glasgow Belfast Southampton Portsmouth Plymouth Reading
    Derby Wolverhampton Sunderland Brighton Hull Preston Norwich York Oxford Cambridge Exeter Bath
    Swansea Aberdeen Dundee Luton Northampton Ipswich Chester Lincoln`);
  const towns = combine(
    [
      words(`Ash Bex Bram Brent Cal Chip Dor East Farn Glos Ham Hen Kel Lam Lyd Mal Mar North Ock
        Pad Ret Sal South Stam Thet Wal West Wim`),
      words('ton bury field ford ham wick by mouth stead minster'),
    ],
    random,
  );
  return [...big, ...towns];
}

export function ruStreets(random: () => number): string[] {
  const named = combine(
    [
      words('ул. ул. пр. пер.'),
      [' '],
      words(`Ленина Мира Победы Гагарина Садовая Советская Лесная Школьная Центральная Молодёжная
        Набережная Пушкина Лермонтова Чехова Горького Кирова Свободы Полевая Заречная Речная
        Луговая Комсомольская Строителей Октябрьская Первомайская Зелёная Южная Северная
        Новая Весенняя Солнечная Берёзовая Сиреневая Рабочая Дачная Вокзальная`),
    ],
    random,
  );
  return named;
}

export function zhStreets(random: () => number): string[] {
  return combine(
    [
      words(`建国 人民 解放 中山 世纪 和平 长江 黄河 光明 胜利 文化 东风 新华 友谊 青年 朝阳 滨江
        迎宾 学府 花园`),
      words('路 街 大道 北路 南路 东路 西路'),
    ],
    random,
  );
}

export function enStreets(random: () => number): string[] {
  return combine(
    [
      words(`High Station Church Park Victoria Green Manor Mill School Queens Kings New Grange
        Orchard Springfield Windsor Highfield Alexandra Meadow Chapel Albert Richmond York
        Stanley Oak Cedar Elm Willow Beech`),
      [' '],
      words('Street Road Lane Avenue Close Drive Way Gardens'),
    ],
    random,
  );
}
