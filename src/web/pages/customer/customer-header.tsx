import { Avatar, Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import {
  IconBuilding,
  IconBuildingStore,
  IconChecklist,
  IconMessagePlus,
  IconPencil,
  IconUser,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Customer360 } from '../../api/types.ts';
import { StageBadge } from '../../components/badges.tsx';
import { useFormat } from '../../i18n/format.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import { useCan } from '../../session/session-context.tsx';

type Props = {
  customer: Customer360;
  onLogActivity: () => void;
  onAddTask: () => void;
  onEditProfile: () => void;
};

export function CustomerHeader({ customer, onLogActivity, onAddTask, onEditProfile }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const { label } = useVocabulary();
  const canLog = useCan('activities:write');
  const canTask = useCan('tasks:write');
  const canEdit = useCan('customers:write');
  const { profile } = customer;
  const company = profile.kind === 'company';

  return (
    <Card padding="lg">
      <Group justify="space-between" align="flex-start" gap="md">
        <Group gap="md" align="flex-start" wrap="nowrap" style={{ minWidth: 260, flex: '1 1 0' }}>
          <Avatar size={48} radius="xl" color={company ? 'cyan' : 'indigo'} variant="light">
            {company ? <IconBuilding size={24} /> : <IconUser size={24} />}
          </Avatar>
          <Stack gap={6} style={{ minWidth: 0 }}>
            <Title
              order={2}
              size="h3"
              data-testid="customer-name"
              style={{ wordBreak: 'break-word' }}
            >
              {profile.displayName}
            </Title>
            <Group gap={6}>
              <Badge variant="outline" color="gray" size="sm">
                {label('kind', profile.kind)}
              </Badge>
              <StageBadge stage={profile.lifecycleStage} />
              {profile.categories.map((category) => (
                <Badge key={category} color="orange" size="sm">
                  {label('category', category)}
                </Badge>
              ))}
            </Group>
          </Stack>
        </Group>
        <Group gap="xs">
          {canLog && (
            <Button leftSection={<IconMessagePlus size={18} />} onClick={onLogActivity}>
              {t('customer.logActivity')}
            </Button>
          )}
          {canTask && (
            <Button variant="light" leftSection={<IconChecklist size={18} />} onClick={onAddTask}>
              {t('customer.addTask')}
            </Button>
          )}
          {canEdit && (
            <Button
              variant="default"
              leftSection={<IconPencil size={16} />}
              onClick={onEditProfile}
            >
              {t('customer.editProfile')}
            </Button>
          )}
        </Group>
      </Group>
      <Group
        gap="lg"
        mt="md"
        pt="sm"
        justify="space-between"
        align="flex-end"
        style={{ borderTop: '1px solid var(--mantine-color-gray-2)' }}
      >
        <Group gap="lg">
          {customer.dealers.map((dealer) => (
            <Group key={dealer.code} gap={8} wrap="nowrap" align="flex-start">
              <IconBuildingStore
                size={18}
                color="var(--mantine-color-gray-6)"
                style={{ marginTop: 2 }}
              />
              <div>
                <Text size="sm" fw={600}>
                  {dealer.name}{' '}
                  <Text span size="xs" c="dimmed" fw={400}>
                    {dealer.code}
                  </Text>
                </Text>
                <Text size="xs" c="dimmed">
                  {dealer.relations.map((relation) => label('dealerRelation', relation)).join(', ')}
                  {' · '}
                  {dealer.assignedTo
                    ? t('customer.assignedTo', { name: dealer.assignedTo.name })
                    : t('customer.unassigned')}
                </Text>
              </div>
            </Group>
          ))}
        </Group>
        <Text size="xs" c="dimmed">
          {t('customer.since', { date: format.date(profile.createdAt) })} ·{' '}
          {t('customer.updated', { date: format.dateTime(profile.updatedAt) })}
        </Text>
      </Group>
    </Card>
  );
}
