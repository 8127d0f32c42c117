import type { Generated } from 'kysely';
import type { Json } from '../../db/core-schema.ts';

export const enrollmentStatuses = ['active', 'completed', 'exited', 'converted'] as const;
export type EnrollmentStatus = (typeof enrollmentStatuses)[number];
export type JourneyOwnerLevel = 'group' | 'brand' | 'dealer';
/** the test that switched a split: see migration 0247 */
export const winnerRules = ['fixed', 'always_valid'] as const;
export type WinnerRule = (typeof winnerRules)[number];

export type JourneysTables = {
  journeys: {
    id: Generated<string>;
    name: string;
    description: string | null;
    owner_level: JourneyOwnerLevel;
    brand_id: string | null;
    dealer_id: string | null;
    template_key: string | null;
    trigger: Json;
    definition: Json;
    reentry: 'once' | 'every';
    reentry_days: number | null;
    goal: Json | null;
    default_language: 'en' | 'ru' | 'zh';
    enabled: Generated<boolean>;
    enabled_at: Date | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  journey_entry_checks: {
    journey_id: string;
    checked_at: Date;
  };
  journey_enrollments: {
    id: Generated<string>;
    journey_id: string;
    customer_id: string;
    entry_key: string;
    dealer_id: string | null;
    context: Generated<Json>;
    step_id: string | null;
    wake_at: Generated<Date>;
    waiting: Generated<boolean>;
    status: Generated<EnrollmentStatus>;
    exit_reason: string | null;
    entered_at: Generated<Date>;
    finished_at: Date | null;
  };
  journey_step_log: {
    enrollment_id: string;
    journey_id: string;
    customer_id: string;
    step_id: string;
    outcome: string;
    detail: string | null;
    message_id: string | null;
    task_id: string | null;
    at: Generated<Date>;
    opened_at: Date | null;
    clicked_at: Date | null;
    open_count: Generated<number>;
    click_count: Generated<number>;
  };
  /** migration 0245: the branch an automatic split switched to, and the figures of that moment */
  journey_split_winners: {
    journey_id: string;
    step_id: string;
    branch_key: string;
    confidence: number;
    min_people: number;
    figures: Json;
    decided_at: Date;
    /** migration 0247: the test that decided ('fixed' for winners from before it) */
    rule: Generated<WinnerRule>;
  };
  journey_segment_members: {
    journey_id: string;
    customer_id: string;
  };
};
