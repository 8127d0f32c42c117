import type { Actor } from '../../auth/index.ts';
import { withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import { catalog } from './catalog-data.ts';

/** Loads the starting catalogue; makes that already exist are left as they are. */
export async function seedCatalog(
  db: Db,
  actor: Actor,
): Promise<{ makes: number; models: number }> {
  let makes = 0;
  let models = 0;
  await withActor(db, actor, async (tx) => {
    for (const make of catalog) {
      const existing = await tx
        .selectFrom('catalog_makes')
        .select('id')
        .where('name', '=', make.name)
        .executeTakeFirst();
      if (existing) continue;
      const brand = make.brandCode
        ? await tx
            .selectFrom('brands')
            .select('id')
            .where('code', '=', make.brandCode)
            .executeTakeFirst()
        : undefined;
      const { id: makeId } = await tx
        .insertInto('catalog_makes')
        .values({ name: make.name, country: make.country, brand_id: brand?.id ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      makes++;
      if (make.colours.length) {
        await tx
          .insertInto('catalog_colours')
          .values(
            make.colours.map((colour) => ({
              make_id: makeId,
              code: colour.code,
              name: colour.name,
            })),
          )
          .execute();
      }
      for (const model of make.models) {
        const { id: modelId } = await tx
          .insertInto('catalog_models')
          .values({
            make_id: makeId,
            name: model.name,
            series: model.series,
            segment: model.segment || null,
            body_types: model.bodyTypes,
            from_year: model.fromYear,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        models++;
        if (model.trims.length) {
          await tx
            .insertInto('catalog_trims')
            .values(
              model.trims.map((trim) => ({
                model_id: modelId,
                name: trim.name,
                body: trim.body,
                engine: trim.engine,
                fuel: trim.fuel,
                power_kw: trim.powerKw,
                transmission: trim.transmission,
                drive: trim.drive,
                base_price_minor: trim.priceRub * 100,
                currency: 'RUB',
              })),
            )
            .execute();
        }
      }
    }
  });
  return { makes, models };
}

export type CatalogTree = {
  id: string;
  name: string;
  country: string | null;
  brandId: string | null;
  models: { id: string; name: string; series: string | null; bodyTypes: string[] }[];
}[];

export async function catalogTree(db: Db): Promise<CatalogTree> {
  const makes = await db
    .selectFrom('catalog_makes')
    .select(['id', 'name', 'country', 'brand_id'])
    .orderBy('name')
    .execute();
  const models = await db
    .selectFrom('catalog_models')
    .select(['id', 'make_id', 'name', 'series', 'body_types'])
    .orderBy('name')
    .execute();
  return makes.map((make) => ({
    id: make.id,
    name: make.name,
    country: make.country,
    brandId: make.brand_id,
    models: models
      .filter((model) => model.make_id === make.id)
      .map((model) => ({
        id: model.id,
        name: model.name,
        series: model.series,
        bodyTypes: model.body_types,
      })),
  }));
}
