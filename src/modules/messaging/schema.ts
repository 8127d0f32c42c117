import type { Generated } from 'kysely';
import type { Json } from '../../db/core-schema.ts';
import type { ConsentPurpose } from '../customers/index.ts';

export const messageChannels = ['email', 'sms'] as const;
export const messageStatuses = ['queued', 'sending', 'sent', 'failed', 'blocked'] as const;

export type MessageChannel = (typeof messageChannels)[number];
export type MessageStatus = (typeof messageStatuses)[number];

export type BounceKind = 'hard' | 'soft';

export type MessageAttachment = { filename: string; contentType: string; content: string };

export type MessagingTables = {
  outbox_messages: {
    id: Generated<string>;
    customer_id: string;
    dealer_id: string | null;
    channel: MessageChannel;
    purpose: ConsentPurpose;
    recipient: string;
    subject: string | null;
    body: string;
    attachments: Json;
    status: Generated<MessageStatus>;
    blocked_reason: string | null;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    next_attempt_at: Generated<Date>;
    claimed_at: Date | null;
    /** the delivery pass holding the row's lease (0194); null until first claimed */
    claim_token: string | null;
    last_error: string | null;
    provider_message_id: string | null;
    source_kind: string | null;
    source_id: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
    sent_at: Date | null;
    idempotency_key: string | null;
    body_html: string | null;
    /** news about what the person asked for (0237): frequency caps do not count it */
    notice: Generated<boolean>;
  };
  outbox_bounces: {
    id: Generated<string>;
    customer_id: string;
    message_id: string | null;
    channel: MessageChannel;
    recipient: string;
    kind: BounceKind;
    status_code: string | null;
    diagnostic: string | null;
    source: 'smtp' | 'webhook';
    occurred_at: Generated<Date>;
    created_at: Generated<Date>;
  };
};
