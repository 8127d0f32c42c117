import {
  ActionIcon,
  Button,
  Card,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useClubs, type ClubView } from '../../api/club.ts';
import { useReplaceTiers, useUpdateClub } from '../../api/club-admin.ts';
import { DateField } from '../../components/date-fields.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { toMajor, toMinor } from '../sales/money.ts';

type RuleKey =
  | 'purchasePointsPer100'
  | 'servicePointsPer100'
  | 'eventPoints'
  | 'referralPoints'
  | 'pointsValidMonths'
  | 'tierWindowMonths';
const ruleKeys: RuleKey[] = [
  'purchasePointsPer100',
  'servicePointsPer100',
  'eventPoints',
  'referralPoints',
  'pointsValidMonths',
  'tierWindowMonths',
];

/** Clubs are set up by the group or a brand (clubs.service.ts): a dealer's club manager reads. */
function useMayConfigure(): boolean {
  const canManage = useCan('club:manage');
  const { scope } = useSession();
  return canManage && (scope === 'group' || scope === 'brand');
}

/** A club's earning rules and tiers; club managers change them, others read them. */
export function ClubSetupPage() {
  const { t } = useTranslation();
  usePageTitle(t('aftersales.club.setup.title'));
  const clubs = useClubs();
  const [clubId, setClubId] = useState<string | null>(null);
  useEffect(() => {
    if (!clubId && clubs.data?.items[0]) setClubId(clubs.data.items[0].id);
  }, [clubId, clubs.data]);
  const club = clubs.data?.items.find((item) => item.id === clubId) ?? null;
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('aftersales.club.setup.title')}
      </Title>
      {clubs.isError && <QueryError error={clubs.error} onRetry={() => void clubs.refetch()} />}
      <Select
        label={t('aftersales.club.club')}
        data={(clubs.data?.items ?? []).map((item) => ({ value: item.id, label: item.name }))}
        value={clubId}
        onChange={setClubId}
        w={280}
      />
      {/* keyed by club, so that the forms start from the chosen club's values */}
      {club && <RulesForm key={`rules-${club.id}`} club={club} />}
      {club && <TiersForm key={`tiers-${club.id}`} club={club} />}
    </Stack>
  );
}

function RulesForm({ club }: { club: ClubView }) {
  const { t } = useTranslation();
  const canManage = useMayConfigure();
  const update = useUpdateClub();
  const errors = fieldErrors(update.error);
  const [values, setValues] = useState<Record<RuleKey, number | string>>(() => ({
    purchasePointsPer100: club.purchasePointsPer100,
    servicePointsPer100: club.servicePointsPer100,
    eventPoints: club.eventPoints,
    referralPoints: club.referralPoints,
    pointsValidMonths: club.pointsValidMonths,
    tierWindowMonths: club.tierWindowMonths,
  }));
  const [earnFrom, setEarnFrom] = useState<string | null>(club.earnFrom);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const numbers = Object.fromEntries(ruleKeys.map((key) => [key, Number(values[key])])) as Record<
      RuleKey,
      number
    >;
    update.mutate(
      { clubId: club.id, ...numbers, ...(earnFrom ? { earnFrom } : {}) },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('aftersales.club.saved') }),
      },
    );
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate data-testid="club-rules">
        <Stack gap="sm">
          <Text fw={600}>{t('aftersales.club.setup.rules')}</Text>
          {!canManage && (
            <Text size="sm" c="dimmed">
              {t('aftersales.club.setup.readOnly')}
            </Text>
          )}
          <FormError error={update.error} shownPaths={(path) => path in errors} />
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            {ruleKeys.map((key) => (
              <NumberInput
                key={key}
                label={t(`aftersales.club.setup.${key}`)}
                value={values[key]}
                onChange={(value) => setValues((current) => ({ ...current, [key]: value }))}
                min={key.endsWith('Months') ? 1 : 0}
                allowDecimal={false}
                readOnly={!canManage}
                error={errors[key]}
              />
            ))}
            <DateField
              label={t('aftersales.club.setup.earnFrom')}
              value={earnFrom}
              onChange={setEarnFrom}
              error={errors.earnFrom}
            />
          </SimpleGrid>
          {canManage && (
            <Group justify="flex-end">
              <Button type="submit" loading={update.isPending}>
                {t('aftersales.club.setup.saveRules')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}

type TierRow = {
  key: number;
  code: string;
  name: string;
  rank: number | string;
  minPoints: number | string;
  /** in major units (roubles, yuan) for the form; the API takes minor units */
  minSpend: number | string;
};

function TiersForm({ club }: { club: ClubView }) {
  const { t } = useTranslation();
  const canManage = useMayConfigure();
  const replace = useReplaceTiers();
  const errors = fieldErrors(replace.error);
  const [rows, setRows] = useState<TierRow[]>(() =>
    [...club.tiers]
      .sort((a, b) => a.rank - b.rank)
      .map((tier, index) => ({
        key: index,
        code: tier.code,
        name: tier.name,
        rank: tier.rank,
        minPoints: tier.minPoints,
        minSpend: tier.minSpendMinor === null ? '' : toMajor(tier.minSpendMinor, club.currency),
      })),
  );
  const change = (key: number, patch: Partial<TierRow>) =>
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    replace.mutate(
      {
        clubId: club.id,
        tiers: rows.map((row) => ({
          code: row.code.trim(),
          name: row.name.trim(),
          rank: Number(row.rank),
          minPoints: Number(row.minPoints),
          minSpendMinor: row.minSpend === '' ? null : toMinor(Number(row.minSpend), club.currency),
        })),
      },
      {
        onSuccess: () => notifications.show({ color: 'teal', message: t('aftersales.club.saved') }),
      },
    );
  };
  return (
    <Card>
      <form onSubmit={submit} noValidate data-testid="club-tiers">
        <Stack gap="sm">
          <div>
            <Text fw={600}>{t('aftersales.club.setup.tiers')}</Text>
            <Text size="xs" c="dimmed">
              {t('aftersales.club.setup.tiersHint')}
            </Text>
          </div>
          <FormError error={replace.error} shownPaths={(path) => path in errors} />
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('aftersales.club.setup.code')}</Table.Th>
                  <Table.Th>{t('aftersales.club.setup.name')}</Table.Th>
                  <Table.Th>{t('aftersales.club.setup.rank')}</Table.Th>
                  <Table.Th>{t('aftersales.club.setup.minPoints')}</Table.Th>
                  <Table.Th>
                    {t('aftersales.club.setup.minSpend', { currency: club.currency })}
                  </Table.Th>
                  <Table.Th />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((row, index) => (
                  <Table.Tr key={row.key}>
                    <Table.Td>
                      <TextInput
                        aria-label={t('aftersales.club.setup.code')}
                        value={row.code}
                        onChange={(event) => change(row.key, { code: event.currentTarget.value })}
                        readOnly={!canManage}
                        maxLength={32}
                        error={errors[`tiers.${index}.code`]}
                      />
                    </Table.Td>
                    <Table.Td>
                      <TextInput
                        aria-label={t('aftersales.club.setup.name')}
                        value={row.name}
                        onChange={(event) => change(row.key, { name: event.currentTarget.value })}
                        readOnly={!canManage}
                        maxLength={80}
                        error={errors[`tiers.${index}.name`]}
                      />
                    </Table.Td>
                    <Table.Td w={90}>
                      <NumberInput
                        aria-label={t('aftersales.club.setup.rank')}
                        value={row.rank}
                        onChange={(value) => change(row.key, { rank: value })}
                        min={0}
                        max={20}
                        allowDecimal={false}
                        readOnly={!canManage}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t('aftersales.club.setup.minPoints')}
                        value={row.minPoints}
                        onChange={(value) => change(row.key, { minPoints: value })}
                        min={0}
                        allowDecimal={false}
                        thousandSeparator=" "
                        readOnly={!canManage}
                      />
                    </Table.Td>
                    <Table.Td>
                      <NumberInput
                        aria-label={t('aftersales.club.setup.minSpend', {
                          currency: club.currency,
                        })}
                        value={row.minSpend}
                        onChange={(value) => change(row.key, { minSpend: value })}
                        min={0}
                        thousandSeparator=" "
                        readOnly={!canManage}
                      />
                    </Table.Td>
                    <Table.Td w={40}>
                      {canManage && rows.length > 1 && (
                        <ActionIcon
                          variant="subtle"
                          color="red"
                          aria-label={t('common.remove')}
                          onClick={() =>
                            setRows((current) => current.filter((item) => item.key !== row.key))
                          }
                        >
                          <IconTrash size={16} />
                        </ActionIcon>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {canManage && (
            <Group justify="space-between">
              <Button
                variant="subtle"
                leftSection={<IconPlus size={14} />}
                disabled={rows.length >= 10}
                onClick={() =>
                  setRows((current) => [
                    ...current,
                    {
                      key: Math.max(0, ...current.map((row) => row.key)) + 1,
                      code: '',
                      name: '',
                      rank: current.length,
                      minPoints: 0,
                      minSpend: '',
                    },
                  ])
                }
              >
                {t('aftersales.club.setup.addTier')}
              </Button>
              <Button type="submit" loading={replace.isPending}>
                {t('aftersales.club.setup.saveTiers')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
