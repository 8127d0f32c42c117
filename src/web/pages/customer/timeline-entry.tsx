import { Badge, Group, Spoiler, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type {
  callChannels,
  callOutcomes,
  callReasons,
  CallType,
} from '../../../modules/service/schema.ts';
import type { TimelineItem } from '../../api/types.ts';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

type Label = ReturnType<typeof useVocabulary>['label'];
type Format = ReturnType<typeof useFormat>;
type Described = {
  title: string;
  badges: { text: string; color: string }[];
  detail: string | null;
  next: string | null;
  chips: string[];
};

const positiveOutcomes = new Set([
  'reached',
  'interested',
  'appointment',
  'purchased',
  'info',
  'done',
]);
const negativeOutcomes = new Set(['not_interested', 'complaint', 'wrong_number', 'cancelled']);

function outcomeColor(outcome: string): string {
  if (positiveOutcomes.has(outcome)) return 'teal';
  if (negativeOutcomes.has(outcome)) return 'red';
  return 'gray';
}

/**
 * The server sends each kind's facts in the same ten columns, some of them as enum codes
 * inside text ("granted (signed_form)", "VIN new"): turn them into the user's language.
 */
/** Words for the codes of a roadside / hotline call (built where `t` is typed). */
type CallWords = {
  type: (code: CallType) => string;
  reason: (code: CallReason) => string;
  outcome: (code: CallOutcome) => string;
  channel: (code: CallChannel) => string;
};
type CallReason = (typeof callReasons)[number];
type CallOutcome = (typeof callOutcomes)[number];
type CallChannel = (typeof callChannels)[number];

function describe(item: TimelineItem, label: Label, format: Format, call: CallWords): Described {
  const base: Described = {
    title: item.title ?? '',
    badges: [],
    detail: item.detail,
    next: null,
    chips: [],
  };
  switch (item.kind) {
    case 'activity': {
      const [note, next] = splitNext(item.detail);
      return {
        ...base,
        title:
          !item.title || item.title === item.channel
            ? label('activityChannel', item.channel)
            : item.title,
        badges: item.outcome
          ? [{ text: label('outcome', item.outcome), color: outcomeColor(item.outcome) }]
          : [],
        detail: note,
        next,
        chips: [label('activityChannel', item.channel), label('direction', item.direction)],
      };
    }
    case 'task':
      return {
        ...base,
        badges: item.outcome
          ? [{ text: label('taskStatus', item.outcome), color: outcomeColor(item.outcome) }]
          : [],
        chips: [label('timelineKind', 'task'), label('taskKind', item.channel)],
      };
    case 'service_visit':
      return {
        ...base,
        title: label('visitType', item.title),
        badges:
          item.outcome && item.outcome !== 'customer'
            ? [{ text: label('payer', item.outcome), color: 'orange' }]
            : [],
        detail:
          item.detail?.replace(/(\d+) km\b/, (_, km: string) => format.km(Number(km))) ?? null,
        chips: [label('timelineKind', 'service_visit')],
      };
    case 'service_call': {
      // title is "roadside:breakdown" (type and reason codes); the columns carry the codes
      const [type, reason] = (item.title ?? '').split(':') as [CallType, CallReason];
      const outcome = item.outcome as CallOutcome | null;
      const channel = item.channel as CallChannel;
      return {
        ...base,
        title: `${call.type(type)}: ${call.reason(reason)}`,
        badges: outcome ? [{ text: call.outcome(outcome), color: 'orange' }] : [],
        chips: [label('timelineKind', 'service_call'), call.channel(channel)],
      };
    }
    case 'purchase':
    case 'ownership': {
      const words = (item.detail ?? '').split(' ');
      const last = words.length > 1 ? words.pop() : undefined;
      const lastLabel =
        item.kind === 'purchase' ? label('condition', last) : label('ownershipRole', last);
      return {
        ...base,
        title: item.title || label('timelineKind', item.kind),
        badges:
          item.kind === 'ownership' && item.outcome
            ? [{ text: label('ownershipEvent', item.outcome), color: 'gray' }]
            : [],
        detail: [words.join(' '), lastLabel].filter(Boolean).join(' · '),
        chips: [label('timelineKind', item.kind)],
      };
    }
    case 'consent': {
      const match = /^(\w+) \((\w+)\)$/.exec(item.detail ?? '');
      const status = match?.[1];
      return {
        ...base,
        title: `${label('timelineKind', 'consent')}: ${label('contactChannel', item.channel ?? item.title)}`,
        badges: status
          ? [{ text: label('consentStatus', status), color: status === 'granted' ? 'teal' : 'red' }]
          : [],
        detail: match ? label('consentMethod', match[2]) : item.detail,
        chips: [],
      };
    }
  }
}

function splitNext(detail: string | null): [string | null, string | null] {
  if (!detail) return [null, null];
  const match = /^(.*?)(?:^| · )next: (.*)$/s.exec(detail);
  if (!match) return [detail, null];
  return [match[1] || null, match[2] ?? ''];
}

export function TimelineEntry({ item }: { item: TimelineItem }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const entry = describe(item, label, format, {
    type: (code) => t(`service.calls.type.${code}`),
    reason: (code) => t(`service.calls.reason.${code}`),
    outcome: (code) => t(`service.calls.outcome.${code}`),
    channel: (code) => t(`service.calls.channel.${code}`),
  });
  // Visits, purchases and ownership changes are whole days: a time of day would be invented.
  const dayOnly =
    item.kind === 'service_visit' || item.kind === 'purchase' || item.kind === 'ownership';
  const meta = [
    dayOnly ? format.date(item.at.slice(0, 10)) : format.dateTime(item.at),
    ...entry.chips,
    item.dealerCode,
    item.userName && t('customer.by', { name: item.userName }),
  ].filter(Boolean);

  return (
    <div data-testid="timeline-item">
      <Group gap={6} wrap="wrap">
        <Text size="sm" fw={600}>
          {entry.title}
        </Text>
        {entry.badges.map((badge) => (
          <Badge key={badge.text} size="xs" color={badge.color}>
            {badge.text}
          </Badge>
        ))}
      </Group>
      <Text size="xs" c="dimmed" className="num">
        {meta.join(' · ')}
      </Text>
      {entry.detail && (
        <Spoiler
          maxHeight={66}
          showLabel={t('common.showMore')}
          hideLabel={t('common.showLess')}
          mt={4}
        >
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {entry.detail}
          </Text>
        </Spoiler>
      )}
      {entry.next !== null && (
        <Text size="xs" c="indigo.7" mt={2}>
          → {t('customer.nextPlan', { plan: entry.next })}
        </Text>
      )}
    </div>
  );
}
