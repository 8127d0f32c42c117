import type { Language } from '../customers/index.ts';
import { withBranchKeys } from './branch-keys.ts';
import type { Definition, Goal, Trigger } from './journey.schemas.ts';
import type { JourneyOwnerLevel } from './schema.ts';

/** A journey as the runner and the service use it (the JSON columns read as their types). */
export type Journey = {
  id: string;
  name: string;
  description: string | null;
  ownerLevel: JourneyOwnerLevel;
  brandId: string | null;
  dealerId: string | null;
  templateKey: string | null;
  trigger: Trigger;
  definition: Definition;
  reentry: 'once' | 'every';
  reentryDays: number | null;
  goal: Goal | null;
  defaultLanguage: Language;
  enabled: boolean;
  enabledAt: Date | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
};

type Row = {
  id: string;
  name: string;
  description: string | null;
  owner_level: JourneyOwnerLevel;
  brand_id: string | null;
  dealer_id: string | null;
  template_key: string | null;
  trigger: unknown;
  definition: unknown;
  reentry: 'once' | 'every';
  reentry_days: number | null;
  goal: unknown;
  default_language: Language;
  enabled: boolean;
  enabled_at: Date | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
};

export function journeyFromRow(row: Row): Journey {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    ownerLevel: row.owner_level,
    brandId: row.brand_id,
    dealerId: row.dealer_id,
    templateKey: row.template_key,
    trigger: row.trigger as Trigger,
    // rows saved before branch keys get them here, as migration 0225 gave the stored ones
    definition: withBranchKeys(row.definition as Definition),
    reentry: row.reentry,
    reentryDays: row.reentry_days,
    goal: (row.goal as Goal | null) ?? null,
    defaultLanguage: row.default_language,
    enabled: row.enabled,
    enabledAt: row.enabled_at,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
