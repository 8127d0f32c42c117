import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconAward, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCustomerMemberships, useMemberPoints, type MemberView } from '../../api/club.ts';
import type { Customer360 } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useCan } from '../../session/session-context.tsx';
import { EnrolModal } from './enrol-modal.tsx';
import { RedeemModal } from './redeem-modal.tsx';
import { useTierName } from './tier-name.ts';

/** The member card on the customer's 360 page: club, tier, points, segments, latest points. */
export function CustomerClubCard({ customer }: { customer: Customer360 }) {
  const { t } = useTranslation();
  const canRead = useCan('club:read');
  const canWrite = useCan('club:write');
  const [enrolling, setEnrolling] = useState(false);
  const memberships = useCustomerMemberships(customer.profile.id, canRead);
  if (!canRead) return null;
  const items = memberships.data?.items ?? [];

  return (
    <SectionCard
      title={t('club.card.title')}
      icon={<IconAward size={18} />}
      testId="club-card"
      actions={
        canWrite && (
          <Button
            size="xs"
            variant="light"
            leftSection={<IconPlus size={14} />}
            onClick={() => setEnrolling(true)}
          >
            {t('club.card.enrol')}
          </Button>
        )
      }
    >
      {memberships.isSuccess && items.length === 0 && <EmptyNote>{t('club.card.none')}</EmptyNote>}
      <Stack gap="md">
        {items.map((member) => (
          <Membership key={member.id} member={member} canWrite={canWrite} />
        ))}
      </Stack>
      <EnrolModal
        customerId={customer.profile.id}
        opened={enrolling}
        onClose={() => setEnrolling(false)}
      />
    </SectionCard>
  );
}

function Membership({ member, canWrite }: { member: MemberView; canWrite: boolean }) {
  const { t } = useTranslation();
  const tierName = useTierName();
  const format = useFormat();
  const points = useMemberPoints(member.id);
  const [redeeming, setRedeeming] = useState(false);
  return (
    <Stack gap={6}>
      <Group justify="space-between" wrap="nowrap">
        <Text fw={600} size="sm">
          {t('club.card.member', { club: member.club.name, number: member.memberNumber })}
        </Text>
        <Group gap={6}>
          <Badge variant="light">{tierName(member.tier)}</Badge>
          {member.dormant && (
            <Badge color="orange" variant="light">
              {t('club.dormant')}
            </Badge>
          )}
        </Group>
      </Group>
      <Text size="xs" c="dimmed">
        {t('club.card.joined', {
          date: format.date(member.joinedOn),
          dealer: member.homeDealerCode,
        })}
        {' · '}
        {t('club.card.tierSince', { date: format.date(member.tierSince) })}
      </Text>
      <Group justify="space-between">
        <Text size="sm" fw={600}>
          {t('club.card.balance', { points: format.number(member.balance) })}
        </Text>
        {canWrite && member.balance > 0 && member.status === 'active' && (
          <Button size="compact-xs" variant="subtle" onClick={() => setRedeeming(true)}>
            {t('club.card.redeem')}
          </Button>
        )}
      </Group>
      {member.tags.length > 0 && (
        <Group gap={4}>
          {member.tags.map((tag) => (
            <Badge key={tag} size="sm" variant="outline" tt="none">
              {tag}
            </Badge>
          ))}
        </Group>
      )}
      {(points.data?.items.length ?? 0) > 0 && (
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('club.card.recent')}
          </Text>
          {points.data!.items.map((entry) => (
            <Group key={entry.id} justify="space-between" wrap="nowrap">
              <Text size="xs">
                {format.date(entry.occurredOn)} · {t(`club.source.${entry.source}`)}
              </Text>
              <Text size="xs" c={entry.points < 0 ? 'red' : 'teal'}>
                {entry.points > 0 ? '+' : ''}
                {format.number(entry.points)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      <RedeemModal
        memberId={member.id}
        balance={member.balance}
        opened={redeeming}
        onClose={() => setRedeeming(false)}
      />
    </Stack>
  );
}
