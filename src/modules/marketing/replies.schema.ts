import type { Generated } from 'kysely';
import type { MessageChannel } from '../messaging/index.ts';

export const replyKinds = ['reply', 'auto_reply', 'stop'] as const;
/** a person's answer; a machine's (out of office); an SMS STOP (consent withdrawn) */
export type ReplyKind = (typeof replyKinds)[number];

/** Answers to our messages (0265, replies.service.ts). */
export type RepliesTables = {
  marketing_replies: {
    id: Generated<string>;
    customer_id: string;
    message_id: string | null;
    channel: MessageChannel;
    kind: ReplyKind;
    campaign_id: string | null;
    variant: string | null;
    journey_id: string | null;
    sender: string;
    subject: string | null;
    excerpt: string;
    received_at: Date;
    external_id: string | null;
    activity_id: string | null;
    task_id: string | null;
    created_at: Generated<Date>;
  };
};
