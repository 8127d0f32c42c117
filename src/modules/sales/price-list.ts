import type { Db } from '../../db/database.ts';
import { NotFoundError } from '../../lib/errors.ts';

export type PriceList = {
  modelId: string;
  makeName: string;
  modelName: string;
  series: string | null;
  trims: { id: string; name: string; basePriceMinor: number | null; currency: string | null }[];
  colours: { code: string; name: string }[];
};

/** What an order form offers for a catalogue model: its trims with list prices, its colours. */
export async function priceList(db: Db, modelId: string): Promise<PriceList> {
  const model = await db
    .selectFrom('catalog_models as m')
    .innerJoin('catalog_makes as k', 'k.id', 'm.make_id')
    .select(['m.id', 'm.name', 'm.series', 'k.id as make_id', 'k.name as make_name'])
    .where('m.id', '=', modelId)
    .executeTakeFirst();
  if (!model) throw new NotFoundError('Model');
  const [trims, colours] = await Promise.all([
    db
      .selectFrom('catalog_trims')
      .select(['id', 'name', 'base_price_minor', 'currency'])
      .where('model_id', '=', modelId)
      .orderBy('base_price_minor')
      .orderBy('name')
      .execute(),
    db
      .selectFrom('catalog_colours')
      .select(['code', 'name'])
      .where('make_id', '=', model.make_id)
      .orderBy('name')
      .execute(),
  ]);
  return {
    modelId: model.id,
    makeName: model.make_name,
    modelName: model.name,
    series: model.series,
    trims: trims.map((trim) => ({
      id: trim.id,
      name: trim.name,
      basePriceMinor: trim.base_price_minor,
      currency: trim.currency?.trim() ?? null,
    })),
    colours,
  };
}
