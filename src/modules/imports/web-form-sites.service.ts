import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../auth/index.ts';
import { dealerVisible, withActor } from '../../auth/index.ts';
import type { Db } from '../../db/database.ts';
import {
  ForbiddenError,
  fieldError,
  NotFoundError,
  ValidationError,
  type FieldProblem,
} from '../../lib/errors.ts';
import { findBrandByCode, namedDealerInScope } from '../org/index.ts';

export type WebFormSiteView = {
  id: string;
  name: string;
  dealerCode: string | null;
  brandCode: string | null;
  keyPrefix: string;
  allowedOrigins: string[];
  source: string;
  active: boolean;
  createdAt: string;
};

export type NewWebFormSite = {
  name: string;
  dealerCode?: string;
  brandCode?: string;
  allowedOrigins: string[];
  source?: string;
};

const keyPrefix = 'wfk_';

export function hashSiteKey(key: string): string {
  return crypto.createHash('sha256').update(key).digest('hex');
}

/** An origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
export function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

function origins(list: string[]): string[] {
  return [
    ...new Set(
      list.map((origin, index) => {
        const normalized = normalizeOrigin(origin.trim());
        if (!normalized) throw fieldError(`allowedOrigins.${index}`, 'not an http(s) origin');
        return normalized;
      }),
    ),
  ];
}

/**
 * Sites the actor manages: a dealer's own sites, and a brand's sites for the brand's people
 * and the group.
 */
function visibleSites(db: Db, actor: Actor) {
  return db
    .selectFrom('web_form_sites as s')
    .leftJoin('dealers as d', 'd.id', 's.dealer_id')
    .leftJoin('brands as b', 'b.id', 's.brand_id')
    .where((eb) => {
      if (actor.scope.level === 'group') return sql<boolean>`true`;
      const own = eb.and([
        eb('s.dealer_id', 'is not', null),
        dealerVisible(actor, eb.ref('s.dealer_id')),
      ]);
      return actor.brandId ? eb.or([own, eb('s.brand_id', '=', actor.brandId)]) : own;
    })
    .select([
      's.id',
      's.name',
      's.key_prefix',
      's.allowed_origins',
      's.source',
      's.active',
      's.created_at',
      'd.code as dealer_code',
      'b.code as brand_code',
    ]);
}

type SiteRow = {
  id: string;
  name: string;
  key_prefix: string;
  allowed_origins: string[];
  source: string;
  active: boolean;
  created_at: Date;
  dealer_code: string | null;
  brand_code: string | null;
};

function toView(row: SiteRow): WebFormSiteView {
  return {
    id: row.id,
    name: row.name,
    dealerCode: row.dealer_code,
    brandCode: row.brand_code,
    keyPrefix: row.key_prefix,
    allowedOrigins: row.allowed_origins,
    source: row.source,
    active: row.active,
    createdAt: row.created_at.toISOString(),
  };
}

export async function listWebFormSites(db: Db, actor: Actor): Promise<WebFormSiteView[]> {
  const rows = await visibleSites(db, actor).orderBy('s.created_at', 'desc').execute();
  return rows.map(toView);
}

export async function getWebFormSite(db: Db, actor: Actor, id: string): Promise<WebFormSiteView> {
  const row = await visibleSites(db, actor).where('s.id', '=', id).executeTakeFirst();
  if (!row) throw new NotFoundError('Web form site');
  return toView(row);
}

/** Registers a website; the key is returned here once and only its hash is kept. */
export async function createWebFormSite(
  db: Db,
  actor: Actor,
  input: NewWebFormSite,
): Promise<{ site: WebFormSiteView; key: string }> {
  if (Boolean(input.dealerCode) === Boolean(input.brandCode)) {
    throw fieldError('dealerCode', 'a site belongs to either a dealer or a brand');
  }
  let dealerId: string | null = null;
  let brandId: string | null = null;
  if (input.dealerCode) {
    const problems: FieldProblem[] = [];
    const dealer = await namedDealerInScope(db, actor, input.dealerCode, problems);
    if (!dealer) throw new ValidationError(problems);
    dealerId = dealer.id;
  } else {
    const brand = await findBrandByCode(db, input.brandCode!);
    if (!brand) throw fieldError('brandCode', `no brand with code ${input.brandCode}`);
    if (actor.scope.level !== 'group' && actor.brandId !== brand.id) {
      throw new ForbiddenError('Only the group or the brand’s own people manage a brand site');
    }
    brandId = brand.id;
  }
  const key = keyPrefix + crypto.randomBytes(24).toString('base64url');
  const id = await withActor(db, actor, async (tx) => {
    const row = await tx
      .insertInto('web_form_sites')
      .values({
        dealer_id: dealerId,
        brand_id: brandId,
        name: input.name.trim(),
        token_hash: hashSiteKey(key),
        key_prefix: key.slice(0, keyPrefix.length + 6),
        allowed_origins: origins(input.allowedOrigins),
        ...(input.source ? { source: input.source } : {}),
        created_by: actor.userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  });
  return { site: await getWebFormSite(db, actor, id), key };
}

export async function updateWebFormSite(
  db: Db,
  actor: Actor,
  id: string,
  change: { name?: string; allowedOrigins?: string[]; active?: boolean },
): Promise<WebFormSiteView> {
  await getWebFormSite(db, actor, id);
  await withActor(db, actor, (tx) =>
    tx
      .updateTable('web_form_sites')
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.allowedOrigins !== undefined
          ? { allowed_origins: origins(change.allowedOrigins) }
          : {}),
        ...(change.active !== undefined ? { active: change.active } : {}),
      })
      .where('id', '=', id)
      .execute(),
  );
  return getWebFormSite(db, actor, id);
}
