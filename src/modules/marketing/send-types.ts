import type { Language } from '../customers/index.ts';
import type { QueueMessageInput } from '../messaging/index.ts';
import type { CampaignChannel } from './schema.ts';
import type { Condition } from './segment.schemas.ts';
import type { SmsLink } from './sms-links.ts';
import type { TemplateContent } from './templates.ts';
import type { VariantSendTime } from './variant-send-time.ts';

/**
 * The shapes a campaign's send passes between its parts (campaign-send.ts and the send-*.ts
 * files it calls), kept apart so that those parts import no value from one another in a circle.
 */
export type CampaignForSend = {
  id: string;
  name: string;
  channel: CampaignChannel;
  kind: 'message' | 'event';
  /** call campaigns: who gets the tasks and how many days they have */
  callAssigneeUserId: string | null;
  callDueDays: number;
  dealerId: string | null;
  brandId: string | null;
  ownerLevel: 'group' | 'brand' | 'dealer';
  defaultLanguage: Language;
  abTestShare: number;
  audience: Condition;
  variants: {
    key: string;
    contents: Partial<Record<Language, TemplateContent>>;
    /** the variant's own send time (e-mail, SMS); none: at once */
    sendTime?: VariantSendTime | null | undefined;
  }[];
  createdBy: string | null;
};

export type Phase = 'test' | 'rest' | 'all';
export type SendCounts = { queued: number; blocked: number; alreadyThere: number };

export type Prepared = {
  variant: string;
  customerId: string;
  /** an outbox message (e-mail, SMS) */
  message?: QueueMessageInput;
  /** an SMS's short tracked links, stored with the message */
  links?: SmsLink[];
  /** a call task: its title and script */
  task?: { title: string; script: string };
  /** nothing goes out, for this reason */
  blocked?: string;
};
