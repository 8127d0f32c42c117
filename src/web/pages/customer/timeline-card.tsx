import { Button, Group, Text, Timeline } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBrandTelegram,
  IconBuildingStore,
  IconCash,
  IconChecklist,
  IconConfetti,
  IconHistory,
  IconKey,
  IconMail,
  IconMailbox,
  IconMessage,
  IconNote,
  IconPhone,
  IconShieldCheck,
  IconTool,
  IconLifebuoy,
  IconWorld,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchTimeline } from '../../api/customers.ts';
import { errorMessage } from '../../api/error-message.ts';
import type { TimelineItem } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { TimelineEntry } from './timeline-entry.tsx';

const pageSize = 20;
/** GET /api/customers/:id sends this many entries; fewer means the history is complete. */
const firstPageSize = 50;

const channelIcons: Record<string, ReactNode> = {
  call: <IconPhone size={13} />,
  phone: <IconPhone size={13} />,
  visit: <IconBuildingStore size={13} />,
  email: <IconMail size={13} />,
  sms: <IconMessage size={13} />,
  letter: <IconMailbox size={13} />,
  post: <IconMailbox size={13} />,
  event: <IconConfetti size={13} />,
  messenger: <IconBrandTelegram size={13} />,
  web: <IconWorld size={13} />,
};

const kindIcons: Record<TimelineItem['kind'], ReactNode> = {
  activity: <IconNote size={13} />,
  service_visit: <IconTool size={13} />,
  service_call: <IconLifebuoy size={13} />,
  purchase: <IconCash size={13} />,
  task: <IconChecklist size={13} />,
  consent: <IconShieldCheck size={13} />,
  ownership: <IconKey size={13} />,
};

const kindColors: Record<TimelineItem['kind'], string> = {
  activity: 'indigo',
  service_visit: 'orange',
  service_call: 'orange',
  purchase: 'teal',
  task: 'grape',
  consent: 'cyan',
  ownership: 'gray',
};

function itemKey(item: TimelineItem): string {
  return `${item.kind}:${item.id}`;
}

/** Every contact, visit, purchase, task and consent change, newest first. */
export function TimelineCard({
  customerId,
  firstPage,
}: {
  customerId: string;
  firstPage: TimelineItem[];
}) {
  const { t } = useTranslation();
  const [older, setOlder] = useState<TimelineItem[]>([]);
  const [loading, setLoading] = useState(false);
  const [exhausted, setExhausted] = useState(firstPage.length < firstPageSize);

  // The first page refreshes with the 360 view; older pages stay, without repeats.
  const seen = new Set<string>();
  const items = [...firstPage, ...older].filter((item) => {
    const key = itemKey(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  const loadMore = async () => {
    const last = items.at(-1);
    if (!last) return;
    setLoading(true);
    try {
      const page = await fetchTimeline(customerId, last, pageSize);
      setOlder((previous) => [...previous, ...page.items]);
      if (page.items.length < pageSize) setExhausted(true);
    } catch (error) {
      notifications.show({
        color: 'red',
        title: t('errors.loadFailed'),
        message: errorMessage(error),
      });
    } finally {
      setLoading(false);
    }
  };

  return (
    <SectionCard
      title={t('customer.timeline')}
      icon={<IconHistory size={18} />}
      testId="timeline-card"
    >
      {items.length === 0 ? (
        <EmptyNote>{t('customer.noTimeline')}</EmptyNote>
      ) : (
        <Timeline bulletSize={24} lineWidth={2} active={items.length}>
          {items.map((item) => (
            <Timeline.Item
              key={itemKey(item)}
              bullet={
                (item.kind === 'activity' && item.channel && channelIcons[item.channel]) ||
                kindIcons[item.kind]
              }
              color={kindColors[item.kind]}
            >
              <TimelineEntry item={item} />
            </Timeline.Item>
          ))}
        </Timeline>
      )}
      {items.length > 0 && (
        <Group justify="center" mt="md">
          {exhausted ? (
            <Text size="xs" c="dimmed">
              {t('common.nothingMore')}
            </Text>
          ) : (
            <Button variant="default" size="xs" loading={loading} onClick={() => void loadMore()}>
              {t('common.loadMore')}
            </Button>
          )}
        </Group>
      )}
    </SectionCard>
  );
}
