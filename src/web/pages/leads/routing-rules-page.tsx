import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useRoutingRules,
  useReorderRoutingRules,
  type RoutingRule,
} from '../../api/lead-settings.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useRoutingRuleAccess } from './lead-settings-access.ts';
import { RoutingRuleModal } from './routing-rule-modal.tsx';
import { useSourceName } from './source-name.ts';

type Editing = { rule?: RoutingRule } | null;

/**
 * The ordered routing rules (README "Routing"): conditions, where each sends a lead, the cap.
 * Editors add, change and reorder them; a move sends the whole new order in one request.
 */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  usePageTitle(t('leadSettings.rules.title'));
  const access = useRoutingRuleAccess();
  const rules = useRoutingRules();
  const reorder = useReorderRoutingRules();
  const [editing, setEditing] = useState<Editing>(null);
  const items = rules.data ?? [];
  const nextPosition = items.length ? Math.max(...items.map((rule) => rule.position)) + 10 : 10;

  // One rule trades places with its neighbour: the whole new order goes in one request.
  const move = (index: number, other: number) => {
    const ids = items.map((rule) => rule.id);
    [ids[index], ids[other]] = [ids[other]!, ids[index]!];
    reorder.mutate(ids);
  };

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('leadSettings.rules.title')}
        </Title>
        {access.write && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setEditing({})}
            data-testid="routing-rule-add"
          >
            {t('leadSettings.rules.add')}
          </Button>
        )}
      </Group>
      <Alert icon={<IconInfoCircle size={18} />} color="blue" variant="light">
        {t('leadSettings.rules.howApplied')}
      </Alert>
      {rules.isError && <QueryError error={rules.error} onRetry={() => void rules.refetch()} />}
      <Card padding={0}>
        <Table.ScrollContainer minWidth={860}>
          <Table verticalSpacing="sm" data-testid="routing-rules-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('leadSettings.rules.order')}</Table.Th>
                <Table.Th>{t('leadSettings.rules.name')}</Table.Th>
                <Table.Th>{t('leadSettings.rules.conditions')}</Table.Th>
                <Table.Th>{t('leadSettings.rules.target')}</Table.Th>
                <Table.Th ta="right">{t('leadSettings.rules.cap')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((rule, index) => (
                <Table.Tr key={rule.id} opacity={rule.active ? 1 : 0.6}>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Text size="sm" w={40}>
                        {rule.position}
                      </Text>
                      {access.write && (
                        <>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('leadSettings.rules.moveUp')}
                            disabled={index === 0 || reorder.isPending}
                            onClick={() => move(index, index - 1)}
                          >
                            <IconArrowUp size={16} />
                          </ActionIcon>
                          <ActionIcon
                            variant="subtle"
                            aria-label={t('leadSettings.rules.moveDown')}
                            disabled={index === items.length - 1 || reorder.isPending}
                            onClick={() => move(index, index + 1)}
                          >
                            <IconArrowDown size={16} />
                          </ActionIcon>
                        </>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={6}>
                      <Text size="sm" fw={600}>
                        {rule.name}
                      </Text>
                      {!rule.active && (
                        <Badge size="xs" color="gray">
                          {t('leadSettings.rules.inactive')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <RuleConditions rule={rule} />
                  </Table.Td>
                  <Table.Td>
                    {rule.useRelationship ? (
                      <Text size="sm">{t('leadSettings.rules.relationship')}</Text>
                    ) : (
                      <Text size="sm">{rule.dealerCode}</Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">{rule.openLeadCap}</Table.Td>
                  <Table.Td ta="right">
                    {access.write && (
                      <Button size="xs" variant="light" onClick={() => setEditing({ rule })}>
                        {t('leadSettings.rules.edit')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {rules.isSuccess && items.length === 0 && (
          <Stack p="md">
            <EmptyNote>{t('leadSettings.rules.empty')}</EmptyNote>
          </Stack>
        )}
      </Card>
      {editing && (
        <RoutingRuleModal
          {...(editing.rule ? { rule: editing.rule } : {})}
          nextPosition={nextPosition}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

/** "Brand: GEELY · Postcodes: 115, 117 · Sources: Website", or "any lead". */
function RuleConditions({ rule }: { rule: RoutingRule }) {
  const { t } = useTranslation();
  const sourceName = useSourceName();
  const parts: [string, string][] = [];
  if (rule.brandCode) parts.push([t('leadSettings.rules.brand'), rule.brandCode]);
  if (rule.postcodePrefixes.length)
    parts.push([t('leadSettings.rules.postcodes'), rule.postcodePrefixes.join(', ')]);
  if (rule.cities.length) parts.push([t('leadSettings.rules.cities'), rule.cities.join(', ')]);
  if (rule.models.length) parts.push([t('leadSettings.rules.models'), rule.models.join(', ')]);
  if (rule.sources.length)
    parts.push([t('leadSettings.rules.sources'), rule.sources.map(sourceName).join(', ')]);
  if (!parts.length) {
    return (
      <Text size="sm" c="dimmed">
        {t('leadSettings.rules.any')}
      </Text>
    );
  }
  return (
    <Stack gap={2}>
      {parts.map(([label, value]) => (
        <Text size="sm" key={label}>
          <Text span c="dimmed" size="sm">
            {label}:
          </Text>{' '}
          {value}
        </Text>
      ))}
    </Stack>
  );
}
