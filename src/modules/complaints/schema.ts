import type { Generated } from 'kysely';

export const complaintChannels = [
  'phone',
  'email',
  'visit',
  'web',
  'letter',
  'social',
  'hotline',
  'survey',
  'other',
] as const;
export const complaintCategories = [
  'service_quality',
  'repair_quality',
  'parts',
  'sales',
  'vehicle_defect',
  'staff',
  'price',
  'waiting_time',
  'other',
] as const;
export const severities = ['low', 'medium', 'high', 'critical'] as const;
export const complaintStatuses = ['open', 'investigating', 'resolved', 'closed'] as const;

export type ComplaintChannel = (typeof complaintChannels)[number];
export type ComplaintCategory = (typeof complaintCategories)[number];
export type Severity = (typeof severities)[number];
export type ComplaintStatus = (typeof complaintStatuses)[number];

export type ComplaintsTables = {
  complaint_sla: { severity: Severity; resolve_hours: number };
  complaints: {
    id: Generated<string>;
    number: Generated<number>;
    customer_id: string;
    dealer_id: string;
    vehicle_id: string | null;
    visit_id: string | null;
    channel: ComplaintChannel;
    category: ComplaintCategory;
    severity: Severity;
    subject: string;
    description: string | null;
    responsible_user_id: string | null;
    status: Generated<ComplaintStatus>;
    opened_at: Generated<Date>;
    due_at: Date;
    resolution: string | null;
    resolved_at: Date | null;
    closed_at: Date | null;
    reopen_count: Generated<number>;
    escalated_at: Date | null;
    task_id: string | null;
    created_by: string | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  complaint_events: {
    id: Generated<string>;
    complaint_id: string;
    customer_id: string;
    at: Generated<Date>;
    user_id: string | null;
    kind: 'opened' | 'status' | 'reopened' | 'escalated' | 'reassigned';
    from_status: ComplaintStatus | null;
    to_status: ComplaintStatus | null;
    note: string | null;
  };
};
