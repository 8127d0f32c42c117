import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AbMetric,
  CampaignChannel,
  CampaignStatus,
  OwnerLevel,
} from '../../modules/marketing/schema.ts';
import type { Condition } from '../../modules/marketing/segment.schemas.ts';
import type { VariantSendTime } from '../../modules/marketing/variant-send-time.ts';
import type { SegmentMember, SegmentView } from '../../modules/marketing/segments.service.ts';
import type { RegistrationView } from '../../modules/marketing/events.service.ts';
import type { AttendanceRule } from '../../modules/marketing/event-attendance.ts';
import type { ListView } from '../../modules/marketing/lists.service.ts';
import type {
  MoneyAmount,
  RoiAnswer,
  RoiChannelRow,
  RoiGrouping,
  RoiReportAnswer,
  RoiRow,
  RoiSourceRow,
  RoiSourceTotal,
  RoiTotal,
} from '../../modules/marketing/roi.service.ts';
import { api, withQuery } from './client.ts';
import type { Page, User } from './types.ts';

export type { Condition };

// Segments as the service answers them: one declaration for both sides.
export type { SegmentMember };
export type Segment = SegmentView;

export type { CampaignChannel };

/** One variant in one language; which parts a channel needs is in campaign.schemas.ts. */
export type TemplateContent = { subject: string; mjml: string; text?: string };
export type Variant = {
  key: string;
  contents: Partial<Record<'en' | 'ru' | 'zh', TemplateContent>>;
  /** e-mail and SMS: the variant's own send time; none (null) sends at once */
  sendTime?: VariantSendTime | null;
};

export type VariantStats = {
  key: string;
  recipients: number;
  queued: number;
  blocked: number;
  sent: number;
  failed: number;
  opened: number;
  clicked: number;
  registered: number;
  unsubscribed: number;
  openRate: number;
  clickRate: number;
  /** call campaigns: the variant's tasks by outcome, or status while none is recorded */
  callOutcomes: Record<string, number>;
  /** letters: the code the variant's letters print, who quoted it, every lead quoting it */
  responseCode: string | null;
  responded: number;
  responseRate: number;
  codeLeads: number;
};

export type Campaign = {
  id: string;
  name: string;
  goal: string | null;
  ownerLevel: OwnerLevel;
  brandId: string | null;
  dealerId: string | null;
  channel: CampaignChannel;
  callAssigneeUserId: string | null;
  callDueDays: number;
  segmentId: string | null;
  listId: string | null;
  budgetMinor: number | null;
  costMinor: number | null;
  currency: string;
  defaultLanguage: 'en' | 'ru' | 'zh';
  scheduledAt: string | null;
  abTestShare: number;
  abMetric: AbMetric;
  abWaitHours: number;
  attributionWindowDays: number;
  responseCode: string | null;
  kind: 'message' | 'event';
  eventVenue: string | null;
  eventStartsAt: string | null;
  /** null: a start only */
  eventEndsAt: string | null;
  eventCapacity: number | null;
  status: CampaignStatus;
  testSentAt: string | null;
  /** an A/B test by send time: the wait counts from here, the last variant's release */
  abJudgeFrom: string | null;
  winnerVariant: string | null;
  winnerNote: string | null;
  sentAt: string | null;
  createdAt: string;
  /** the actor may change, send and finish it (marketing:write and its owner's level) */
  mayEdit: boolean;
  /**
   * owner: seen whole; reached: a group or brand campaign reaching the reader's dealer, read
   * only, its figures his customers' only (budget, cost and the A/B note not shown)
   */
  access: 'owner' | 'reached';
  variants: Variant[];
  results: {
    variants: VariantStats[];
    blockedReasons: Record<string, number>;
    costPerOpen: number | null;
  };
};

export type CampaignSummary = Pick<
  Campaign,
  | 'id'
  | 'name'
  | 'ownerLevel'
  | 'channel'
  | 'dealerId'
  | 'status'
  | 'scheduledAt'
  | 'sentAt'
  | 'createdAt'
  | 'access'
>;

export type NewCampaign = {
  name: string;
  goal?: string | null;
  ownerLevel: OwnerLevel;
  dealerId?: string | null;
  brandId?: string | null;
  segmentId?: string | null;
  listId?: string | null;
  channel?: CampaignChannel;
  callAssigneeUserId?: string | null;
  callDueDays?: number;
  budgetMinor?: number | null;
  costMinor?: number | null;
  currency: string;
  attributionWindowDays?: number;
  responseCode?: string | null;
  kind?: 'message' | 'event';
  eventVenue?: string | null;
  eventStartsAt?: string | null;
  eventEndsAt?: string | null;
  eventCapacity?: number | null;
  defaultLanguage: 'en' | 'ru' | 'zh';
  scheduledAt?: string | null;
  abTestShare?: number;
  abMetric?: AbMetric;
  abWaitHours?: number;
  variants: Variant[];
};

export type SendReport = {
  status: CampaignStatus;
  phase: string;
  queued: number;
  blocked: number;
  alreadyThere: number;
};

const keys = {
  segments: ['marketing', 'segments'] as const,
  count: (definition: Condition) => ['marketing', 'count', definition] as const,
  preview: (definition: Condition) => ['marketing', 'preview', definition] as const,
  campaigns: ['marketing', 'campaigns'] as const,
  campaign: (id: string) => ['marketing', 'campaigns', id] as const,
};

/** The live count of the builder: the previous figure stays while the next one is counted. */
export function useSegmentCount(definition: Condition | null) {
  return useQuery({
    queryKey: keys.count(definition ?? { type: 'and', conditions: [] }),
    queryFn: () => api.post<{ count: number }>('/api/segments/count', { definition }),
    enabled: definition !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSegmentPreview(definition: Condition | null) {
  return useQuery({
    queryKey: keys.preview(definition ?? { type: 'and', conditions: [] }),
    queryFn: () =>
      api.post<{ items: SegmentMember[]; total: number }>('/api/segments/preview', {
        definition,
        limit: 20,
      }),
    enabled: definition !== null,
    placeholderData: keepPreviousData,
  });
}

export function useSegments() {
  return useQuery({
    queryKey: keys.segments,
    queryFn: async () => (await api.get<{ items: Segment[] }>('/api/segments')).items,
  });
}

export function useSaveSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; definition: Condition }) =>
      api.post<Segment>('/api/segments', body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.segments }),
  });
}

export function useUpdateSegment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      name: string;
      description: string | null;
      definition: Condition;
    }) => api.put<Segment>(`/api/segments/${id}`, body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.segments }),
  });
}

/** Static lists (frozen segments, uploaded files) with the members the user sees. */
export type ContactList = ListView;

export function useContactLists() {
  return useQuery({
    queryKey: ['marketing', 'contact-lists'] as const,
    queryFn: async () => (await api.get<{ items: ContactList[] }>('/api/contact-lists')).items,
  });
}

export function useCampaigns() {
  return useQuery({
    queryKey: keys.campaigns,
    queryFn: async () => (await api.get<{ items: CampaignSummary[] }>('/api/campaigns')).items,
  });
}

export function useCampaign(id: string) {
  return useQuery({
    queryKey: keys.campaign(id),
    queryFn: () => api.get<Campaign>(`/api/campaigns/${id}`),
  });
}

export function useCreateCampaign() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCampaign) => api.post<Campaign>('/api/campaigns', body),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.campaigns }),
  });
}

/** PUT: the whole campaign again; the API refuses it once sending has started (409). */
export function useUpdateCampaign(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCampaign) => api.put<Campaign>(`/api/campaigns/${id}`, body),
    onSuccess: (campaign) => {
      client.setQueryData(keys.campaign(id), campaign);
      // the list, and this campaign's registrations card (its places) and event care
      return client.invalidateQueries({ queryKey: keys.campaigns });
    },
  });
}

/** The body of PUT /api/campaigns/:id from a campaign as GET answers it, with changes on top. */
export function campaignBody(campaign: Campaign, changes: Partial<NewCampaign> = {}): NewCampaign {
  return {
    name: campaign.name,
    goal: campaign.goal,
    ownerLevel: campaign.ownerLevel,
    dealerId: campaign.dealerId,
    brandId: campaign.brandId,
    segmentId: campaign.segmentId,
    listId: campaign.listId,
    channel: campaign.channel,
    callAssigneeUserId: campaign.callAssigneeUserId,
    callDueDays: campaign.callDueDays,
    budgetMinor: campaign.budgetMinor,
    costMinor: campaign.costMinor,
    currency: campaign.currency,
    attributionWindowDays: campaign.attributionWindowDays,
    responseCode: campaign.responseCode,
    kind: campaign.kind,
    eventVenue: campaign.eventVenue,
    eventStartsAt: campaign.eventStartsAt,
    eventEndsAt: campaign.eventEndsAt,
    eventCapacity: campaign.eventCapacity,
    defaultLanguage: campaign.defaultLanguage,
    scheduledAt: campaign.scheduledAt,
    abTestShare: campaign.abTestShare,
    abMetric: campaign.abMetric,
    abWaitHours: campaign.abWaitHours,
    variants: campaign.variants,
    ...changes,
  };
}

export function useSendCampaign(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<SendReport>(`/api/campaigns/${id}/send`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.campaigns }),
  });
}

export function useFinishAbTest(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<SendReport>(`/api/campaigns/${id}/ab-winner`, {}),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.campaigns }),
  });
}

export function usePreviewMessage() {
  return useMutation({
    mutationFn: (body: { customerId: string; campaignId: string; variant?: string }) =>
      api.post<MessagePreview>('/api/campaigns/preview', body),
  });
}

export type MessagePreview = {
  language: string;
  subject: string;
  html: string;
  text: string;
  /** SMS only: its length as sent, links at their short tracked length */
  sms: { encoding: 'gsm7' | 'ucs2'; length: number; segments: number } | null;
};

/**
 * A template not saved yet, rendered for a real customer the way the campaign preview renders
 * it (the SMS length with short links): the new-campaign form's live count.
 */
export function useContentPreview(
  input: { customerId: string; channel: CampaignChannel; content: TemplateContent } | null,
) {
  return useQuery({
    queryKey: ['marketing', 'content-preview', input] as const,
    queryFn: () => api.post<MessagePreview>('/api/campaigns/preview', input),
    enabled: input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

/** Who may get a call campaign's tasks: the active users the caller sees. */
export function useCallAssignees(enabled: boolean) {
  return useQuery({
    queryKey: ['marketing', 'call-assignees'] as const,
    queryFn: () => api.get<Page<User>>('/api/users'),
    enabled,
    staleTime: 5 * 60_000,
    select: (page) => page.items.filter((user) => user.active),
  });
}

// Campaign ROI as the service answers it (types only: no server code in the bundle).
export type {
  MoneyAmount,
  RoiAnswer,
  RoiChannelRow,
  RoiGrouping,
  RoiReportAnswer,
  RoiRow,
  RoiSourceRow,
  RoiSourceTotal,
  RoiTotal,
};

export type RoiFilters = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
  campaignId?: string;
  channel?: 'email' | 'sms' | 'call' | 'mail';
};

export function useCampaignRoi(filters: RoiFilters, enabled = true) {
  return useQuery({
    queryKey: ['marketing', 'roi', filters] as const,
    queryFn: () => api.get<RoiAnswer>(withQuery('/api/marketing/roi', filters)),
    placeholderData: (previous) => previous,
    enabled,
  });
}

/**
 * The ROI report in a grouping (per campaign, channel or lead source); per source it may share
 * the campaigns' costs over the sources of their leads (the API takes it in that grouping only).
 */
export function useRoiReport(
  filters: RoiFilters,
  groupBy: RoiGrouping,
  includeCampaignCosts = false,
) {
  const shared = groupBy === 'source' && includeCampaignCosts;
  return useQuery({
    queryKey: ['marketing', 'roi', filters, groupBy, shared] as const,
    queryFn: () =>
      api.get<RoiReportAnswer>(
        withQuery('/api/marketing/roi', { ...filters, groupBy, includeCampaignCosts: shared }),
      ),
    placeholderData: (previous) => previous,
  });
}

/** Brings the ROI figures up to date now (the server refreshes them every few minutes too). */
export function useRefreshRoi() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () =>
      api.post<{ asOf: string; refreshed: boolean }>('/api/marketing/roi/refresh', {}),
    onSuccess: () => client.invalidateQueries({ queryKey: ['marketing', 'roi'] }),
  });
}

/** A download link (the grouping kept): the browser sends the session cookie with a GET. */
export function roiExportUrl(
  filters: RoiFilters,
  format: 'csv' | 'xlsx',
  table?: 'campaigns' | 'channels' | 'sources' | 'currencies',
  groupBy: RoiGrouping = 'campaign',
  includeCampaignCosts = false,
): string {
  return withQuery('/api/marketing/roi/export', {
    ...filters,
    format,
    table,
    groupBy: groupBy === 'campaign' ? undefined : groupBy,
    includeCampaignCosts: groupBy === 'source' && includeCampaignCosts,
  });
}

export type { RegistrationView };
export type { AttendanceRule };
export type EventRegistrations = {
  capacity: number;
  registered: number;
  /** came without registering: no place taken */
  walkIns: number;
  /** people beyond the places (walk-ins may overfill the room) */
  overCapacity: number;
  waitlisted: number;
  cancelled: number;
  attended: number;
  /** whether the reader may mark attendance now: the rule the attendance route checks */
  attendance: AttendanceRule;
  items: RegistrationView[];
};

export function useEventRegistrations(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['marketing', 'campaigns', id, 'registrations'] as const,
    queryFn: () => api.get<EventRegistrations>(`/api/campaigns/${id}/registrations`),
    enabled,
  });
}

export function useMarkAttendance(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { customerIds: string[]; attended: boolean }) =>
      api.post<{ updated: number }>(`/api/campaigns/${id}/attendance`, body),
    onSuccess: () =>
      client.invalidateQueries({ queryKey: ['marketing', 'campaigns', id, 'registrations'] }),
  });
}
