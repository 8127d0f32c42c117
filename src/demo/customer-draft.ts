import type { DealerRelation, LifecycleStage } from '../modules/customers/index.ts';
import type { WorldDealer, WorldUser } from './demo-world.ts';
import type { Lang } from './history-texts.ts';
import type { StreetAddress, Town } from './places-data.ts';
import type { CompanyProfile } from './company-profile.ts';
import type { Culture } from './profile-data.ts';

/**
 * One customer while the generator builds him: what the parts (contacts, vehicles, history)
 * need to agree on. Days are day numbers (demo-dates.ts).
 */
export type DealerLink = {
  dealer: WorldDealer;
  relations: Set<DealerRelation>;
  assigned: WorldUser | null;
  firstDay: number;
  lastDay: number;
};

export type Draft = {
  id: string;
  kind: 'person' | 'company';
  culture: Culture;
  /** the language the dealer staff write in */
  lang: Lang;
  dealer: WorldDealer;
  /** the consultant of the primary dealer (null: unassigned or not a sales dealer) */
  consultant: WorldUser | null;
  /** who entered the customer (created_by, consents) */
  capturedBy: WorldUser | null;
  stage: LifecycleStage;
  source: string;
  town: Town;
  home: StreetAddress & { postcode: string };
  gender: 'male' | 'female' | null;
  lastName: string | null;
  firstName: string | null;
  middleName: string | null;
  /** Latin letters of the name for e-mail and messenger handles */
  latinFirst: string;
  latinLast: string;
  birthDay: number | null;
  company: CompanyProfile | null;
  /** first contact with the group */
  firstDay: number;
  /** the brand model the customer looked at or bought, for the texts */
  model: string;
  links: DealerLink[];
  hasMobile: boolean;
  hasEmail: boolean;
  hasMessenger: boolean;
  hasAddress: boolean;
};
