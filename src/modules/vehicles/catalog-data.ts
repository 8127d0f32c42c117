/**
 * The starting models catalogue: the group's two brands in full, and the makes prospects
 * most often drive today (their "current car", seed 001 §2) by model name only.
 * Service intervals per model are added by the after-sales module.
 */
export type CatalogTrim = {
  name: string;
  body: string;
  engine: string;
  fuel: 'petrol' | 'diesel' | 'hybrid' | 'plugin_hybrid' | 'electric';
  powerKw: number;
  transmission: 'manual' | 'automatic' | 'robot' | 'cvt' | 'single_speed';
  drive: 'fwd' | 'rwd' | 'awd';
  /** list price in roubles */
  priceRub: number;
};
export type CatalogModel = {
  name: string;
  series: string;
  segment: string;
  bodyTypes: string[];
  fromYear: number;
  trims: CatalogTrim[];
};
export type CatalogMake = {
  name: string;
  country: string;
  brandCode?: string;
  models: CatalogModel[];
  colours: { code: string; name: string }[];
};

const suvTrims = (engine: string, powerKw: number, price: number): CatalogTrim[] => [
  {
    name: 'Comfort',
    body: 'SUV',
    engine,
    fuel: 'petrol',
    powerKw,
    transmission: 'robot',
    drive: 'fwd',
    priceRub: price,
  },
  {
    name: 'Luxury',
    body: 'SUV',
    engine,
    fuel: 'petrol',
    powerKw,
    transmission: 'robot',
    drive: 'awd',
    priceRub: Math.round(price * 1.12),
  },
  {
    name: 'Flagship',
    body: 'SUV',
    engine,
    fuel: 'petrol',
    powerKw: powerKw + 15,
    transmission: 'automatic',
    drive: 'awd',
    priceRub: Math.round(price * 1.25),
  },
];

export const catalog: CatalogMake[] = [
  {
    name: 'Geely',
    country: 'CN',
    brandCode: 'GEELY',
    colours: [
      { code: 'WHT', name: 'Crystal White' },
      { code: 'BLK', name: 'Cosmic Black' },
      { code: 'GRY', name: 'Urban Grey' },
      { code: 'BLU', name: 'Ocean Blue' },
      { code: 'RED', name: 'Lava Red' },
    ],
    models: [
      {
        name: 'Coolray',
        series: 'Coolray',
        segment: 'B-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2019,
        trims: suvTrims('1.5T', 110, 2_400_000),
      },
      {
        name: 'Atlas',
        series: 'Atlas',
        segment: 'C-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2023,
        trims: suvTrims('2.0T', 147, 3_300_000),
      },
      {
        name: 'Monjaro',
        series: 'Monjaro',
        segment: 'D-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2022,
        trims: suvTrims('2.0T', 175, 4_300_000),
      },
      {
        name: 'Tugella',
        series: 'Tugella',
        segment: 'C-SUV coupe',
        bodyTypes: ['SUV'],
        fromYear: 2020,
        trims: suvTrims('2.0T', 175, 4_000_000),
      },
      {
        name: 'Okavango',
        series: 'Okavango',
        segment: 'MPV',
        bodyTypes: ['MPV'],
        fromYear: 2023,
        trims: suvTrims('1.5T', 130, 3_100_000),
      },
      {
        name: 'Emgrand',
        series: 'Emgrand',
        segment: 'C',
        bodyTypes: ['sedan'],
        fromYear: 2021,
        trims: [
          {
            name: 'Base',
            body: 'sedan',
            engine: '1.5',
            fuel: 'petrol',
            powerKw: 90,
            transmission: 'manual',
            drive: 'fwd',
            priceRub: 1_900_000,
          },
          {
            name: 'Comfort',
            body: 'sedan',
            engine: '1.5',
            fuel: 'petrol',
            powerKw: 90,
            transmission: 'automatic',
            drive: 'fwd',
            priceRub: 2_100_000,
          },
        ],
      },
    ],
  },
  {
    name: 'Haval',
    country: 'CN',
    brandCode: 'HAVAL',
    colours: [
      { code: 'WHT', name: 'Hamilton White' },
      { code: 'BLK', name: 'Golden Black' },
      { code: 'GRY', name: 'Ayers Grey' },
      { code: 'GRN', name: 'Dusk Green' },
      { code: 'BLU', name: 'Blue Sapphire' },
    ],
    models: [
      {
        name: 'Jolion',
        series: 'Jolion',
        segment: 'B-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2021,
        trims: suvTrims('1.5T', 105, 2_200_000),
      },
      {
        name: 'F7',
        series: 'F7',
        segment: 'C-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2019,
        trims: suvTrims('2.0T', 140, 3_000_000),
      },
      {
        name: 'F7x',
        series: 'F7',
        segment: 'C-SUV coupe',
        bodyTypes: ['SUV'],
        fromYear: 2019,
        trims: suvTrims('2.0T', 140, 3_200_000),
      },
      {
        name: 'H6',
        series: 'H6',
        segment: 'C-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2021,
        trims: suvTrims('1.5T', 110, 2_800_000),
      },
      {
        name: 'Dargo',
        series: 'Dargo',
        segment: 'C-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2022,
        trims: suvTrims('2.0T', 141, 3_300_000),
      },
      {
        name: 'H9',
        series: 'H9',
        segment: 'D-SUV',
        bodyTypes: ['SUV'],
        fromYear: 2017,
        trims: suvTrims('2.0T', 160, 4_500_000),
      },
    ],
  },
  ...(
    [
      ['Toyota', 'JP', ['Camry', 'RAV4', 'Corolla', 'Land Cruiser Prado']],
      ['Kia', 'KR', ['Rio', 'Sportage', 'K5', 'Seltos']],
      ['Hyundai', 'KR', ['Solaris', 'Creta', 'Tucson', 'Elantra']],
      ['Lada', 'RU', ['Vesta', 'Granta', 'Niva Travel', 'Largus']],
      ['Volkswagen', 'DE', ['Polo', 'Tiguan', 'Passat', 'Lavida', 'Sagitar']],
      ['Škoda', 'CZ', ['Octavia', 'Rapid', 'Kodiaq']],
      ['Renault', 'FR', ['Logan', 'Duster', 'Arkana']],
      ['Nissan', 'JP', ['Qashqai', 'X-Trail', 'Sylphy']],
      ['Mazda', 'JP', ['CX-5', 'Mazda6']],
      ['BYD', 'CN', ['Song Plus', 'Qin Plus', 'Han']],
      ['Chery', 'CN', ['Tiggo 7 Pro', 'Tiggo 8 Pro', 'Arrizo 8']],
      ['Changan', 'CN', ['CS55 Plus', 'CS75 Plus', 'UNI-K']],
      ['Honda', 'JP', ['Civic', 'CR-V', 'Accord']],
      ['BMW', 'DE', ['3 Series', '5 Series', 'X3', 'X5']],
      ['Mercedes-Benz', 'DE', ['C-Class', 'E-Class', 'GLC']],
    ] as const
  ).map(([name, country, models]) => ({
    name,
    country,
    colours: [],
    models: models.map((model) => ({
      name: model,
      series: model,
      segment: '',
      bodyTypes: [],
      fromYear: 2010,
      trims: [],
    })),
  })),
];
