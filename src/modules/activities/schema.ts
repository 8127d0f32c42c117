import type { Generated } from 'kysely';

export const activityChannels = [
  'call',
  'visit',
  'email',
  'sms',
  'letter',
  'event',
  'messenger',
  'web',
  'other',
] as const;
export const directions = ['inbound', 'outbound', 'internal'] as const;
export const outcomes = [
  'reached',
  'no_answer',
  'busy',
  'wrong_number',
  'callback_requested',
  'interested',
  'not_interested',
  'appointment',
  'purchased',
  'complaint',
  'info',
  'other',
] as const;
export const taskKinds = [
  'call',
  'visit',
  'email',
  'sms',
  'letter',
  'meeting',
  'follow_up',
  'test_drive',
  'other',
] as const;
export const taskStatuses = ['open', 'done', 'cancelled'] as const;
export const priorities = ['low', 'normal', 'high'] as const;

export type ActivityChannel = (typeof activityChannels)[number];
export type Direction = (typeof directions)[number];
export type Outcome = (typeof outcomes)[number];
export type TaskKind = (typeof taskKinds)[number];
export type TaskStatus = (typeof taskStatuses)[number];
export type Priority = (typeof priorities)[number];

export type ActivitiesTables = {
  activities: {
    id: Generated<string>;
    customer_id: string;
    dealer_id: string | null;
    user_id: string | null;
    channel: ActivityChannel;
    direction: Direction;
    occurred_at: Date;
    subject: string | null;
    outcome: Outcome | null;
    note: string | null;
    next_contact_at: Date | null;
    next_contact_plan: string | null;
    created_at: Generated<Date>;
  };
  tasks: {
    id: Generated<string>;
    customer_id: string | null;
    dealer_id: string | null;
    assignee_user_id: string | null;
    created_by: string | null;
    kind: Generated<TaskKind>;
    title: string;
    description: string | null;
    priority: Generated<Priority>;
    due_at: Date;
    status: Generated<TaskStatus>;
    result: string | null;
    completed_at: Date | null;
    completed_by: string | null;
    activity_id: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
};
