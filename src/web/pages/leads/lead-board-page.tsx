import {
  Anchor,
  Badge,
  Card,
  Group,
  ScrollArea,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { LeadStage } from '../../../modules/leads/schema.ts';
import { errorMessage } from '../../api/error-message.ts';
import { useLeadBoard, useMoveLead, type Lead, type StageMove } from '../../api/leads.ts';
import { useDealers } from '../../api/org.ts';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useSession } from '../../session/session-context.tsx';
import { TemperatureBadge } from './lead-badges.tsx';
import { LostReasonModal } from './lost-reason-modal.tsx';
import { useSourceName } from './source-name.ts';

const dragType = 'application/x-autocrm-lead';

function LeadCard({ lead }: { lead: Lead }) {
  const { t } = useTranslation();
  const sourceName = useSourceName();
  const onDragStart = (event: DragEvent) => {
    event.dataTransfer.setData(dragType, JSON.stringify({ id: lead.id, stage: lead.stage }));
    event.dataTransfer.effectAllowed = 'move';
  };
  const model = lead.vehicles.map((v) => [v.make, v.model].filter(Boolean).join(' ')).join(', ');
  return (
    <Card
      padding="xs"
      withBorder
      draggable
      onDragStart={onDragStart}
      style={{ cursor: 'grab' }}
      data-testid="lead-card"
      data-lead-id={lead.id}
    >
      <Anchor component={Link} to={`/leads/${lead.id}`} size="sm" fw={600}>
        {lead.customer.displayName}
      </Anchor>
      {model && (
        <Text size="xs" c="dimmed">
          {model}
        </Text>
      )}
      <Group gap={4} mt={4}>
        <TemperatureBadge temperature={lead.temperature} />
        {/* a long name (Russian "Маркетинговые мероприятия") ends in an ellipsis inside the card */}
        <Badge
          size="sm"
          variant="outline"
          color="gray"
          maw="100%"
          title={sourceName(lead.source)}
          styles={{ label: { minWidth: 0 } }}
        >
          {sourceName(lead.source)}
        </Badge>
        {!lead.assignee && (
          <Badge size="sm" variant="dot" color="yellow">
            {t('leads.list.unassigned')}
          </Badge>
        )}
      </Group>
    </Card>
  );
}

/**
 * The kanban board of one consultant (his leads) or of a dealer: drag a card to another
 * column to move the lead; dropping on "lost" asks for the reason first.
 */
export function LeadBoardPage() {
  const { t } = useTranslation();
  usePageTitle(t('leads.board.title'));
  const me = useSession();
  const [view, setView] = useState<'mine' | 'all'>(me.role === 'sales_consultant' ? 'mine' : 'all');
  const [dealerId, setDealerId] = useState<string | null>(null);
  const dealers = useDealers();
  const board = useLeadBoard({
    assignee: view === 'mine' ? 'me' : undefined,
    dealerId: dealerId ?? undefined,
  });
  const move = useMoveLead();
  const [pendingLost, setPendingLost] = useState<string | null>(null);
  const [over, setOver] = useState<LeadStage | null>(null);

  const submit = (id: string, stageMove: StageMove) =>
    move.mutate(
      { id, ...stageMove },
      {
        onSuccess: () => {
          setPendingLost(null);
          notifications.show({
            color: 'green',
            message: t('leads.board.moved', { stage: t(`leads.stage.${stageMove.stage}`) }),
          });
        },
        onError: (error) => notifications.show({ color: 'red', message: errorMessage(error) }),
      },
    );

  const onDrop = (stage: LeadStage) => (event: DragEvent) => {
    event.preventDefault();
    setOver(null);
    const raw = event.dataTransfer.getData(dragType);
    if (!raw) return;
    const dragged = JSON.parse(raw) as { id: string; stage: LeadStage };
    if (dragged.stage === stage) return;
    if (stage === 'lost') setPendingLost(dragged.id);
    else submit(dragged.id, { stage });
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('leads.board.title')}
        </Title>
        <Group>
          <SegmentedControl
            value={view}
            onChange={(value) => setView(value as 'mine' | 'all')}
            data={[
              { value: 'mine', label: t('leads.board.mine') },
              { value: 'all', label: t('leads.board.all') },
            ]}
          />
          {me.scope !== 'dealer' && me.scope !== 'own' && (
            <Select
              aria-label={t('leads.board.dealer')}
              placeholder={t('leads.board.allDealers')}
              data={(dealers.data ?? []).map((dealer) => ({
                value: dealer.id,
                label: `${dealer.code} ${dealer.name}`,
              }))}
              value={dealerId}
              onChange={setDealerId}
              clearable
              searchable
              w={220}
            />
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('leads.board.dropHint')}
      </Text>
      {board.isError && <QueryError error={board.error} onRetry={() => void board.refetch()} />}
      <ScrollArea type="auto" offsetScrollbars>
        <Group align="flex-start" wrap="nowrap" gap="sm" data-testid="lead-board">
          {(board.data?.columns ?? []).map((column) => (
            <Card
              key={column.stage}
              style={{ flex: '1 0 190px' }}
              padding="xs"
              bg={over === column.stage ? 'var(--mantine-color-blue-light)' : undefined}
              onDragOver={(event) => {
                event.preventDefault();
                setOver(column.stage);
              }}
              onDragLeave={() => setOver(null)}
              onDrop={onDrop(column.stage)}
              data-testid={`board-column-${column.stage}`}
            >
              <Group justify="space-between" mb="xs" wrap="nowrap" gap={4}>
                <Text fw={600} size="sm">
                  {t(`leads.stage.${column.stage}`)}
                </Text>
                <Badge variant="light" color="gray">
                  {column.total}
                </Badge>
              </Group>
              <Stack gap={6} mih={80}>
                {column.items.map((lead) => (
                  <LeadCard key={lead.id} lead={lead} />
                ))}
                {column.total === 0 && (
                  <Text size="xs" c="dimmed" ta="center">
                    {t('leads.board.empty')}
                  </Text>
                )}
                {column.total > column.items.length && (
                  <Text size="xs" c="dimmed" ta="center">
                    {t('leads.board.more', { count: column.total - column.items.length })}
                  </Text>
                )}
              </Stack>
            </Card>
          ))}
        </Group>
      </ScrollArea>
      <LostReasonModal
        opened={pendingLost !== null}
        busy={move.isPending}
        onCancel={() => setPendingLost(null)}
        onConfirm={(stageMove) => pendingLost && submit(pendingLost, stageMove)}
      />
    </Stack>
  );
}
