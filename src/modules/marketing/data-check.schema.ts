import type { Generated } from 'kysely';

export const dataCheckAnswers = ['correct', 'wrong'] as const;
export type DataCheckAnswer = (typeof dataCheckAnswers)[number];

/** "Please confirm your data" requests (migration 0231, `superseded_by` 0240). */
export type DataCheckTables = {
  marketing_data_checks: {
    id: string;
    customer_id: string;
    requested_by: string | null;
    dealer_id: string | null;
    requested_at: Generated<Date>;
    /** SHA-256 (hex) of the signed token: the token itself is only in the e-mail */
    token_hash: string;
    expires_at: Date;
    message_id: string | null;
    answered_at: Date | null;
    answer: DataCheckAnswer | null;
    answer_note: string | null;
    task_id: string | null;
    /** the newer request that replaced this open one (0240): its link then answers nothing */
    superseded_by: string | null;
  };
};
