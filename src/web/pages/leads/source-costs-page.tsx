import {
  Button,
  Card,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBrands } from '../../api/imports.ts';
import { useLeadSources } from '../../api/leads.ts';
import { useDealers } from '../../api/org.ts';
import {
  useDeleteSourceCost,
  useSaveSourceCost,
  useSourceCosts,
  type SourceCost,
  type SourceCostOwner,
} from '../../api/source-costs.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat, type Formatters } from '../../i18n/format.ts';
import { intlLocales } from '../../i18n/i18n.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { useSourceName } from './source-name.ts';
import { toMajor, toMinor } from '../sales/money.ts';

/** The source column stays in view while the months scroll (a cell being edited scrolls them). */
const stuck = {
  position: 'sticky',
  left: 0,
  zIndex: 1,
  background: 'var(--mantine-color-body)',
} as const;

const months = Array.from({ length: 12 }, (_, index) => index + 1);
const monthKey = (year: number, month: number) => `${year}-${String(month).padStart(2, '0')}-01`;

/**
 * Owner choices as select values: 'group', 'brand:X', 'dealer:A', and for a dealer selling
 * several brands 'dealer:B:X' (B's costs for brand X only; plain 'dealer:B' is shared over them).
 */
function ownerOf(value: string | null): SourceCostOwner | null {
  if (!value) return null;
  const [level, code, brandCode] = value.split(':');
  if (level === 'brand') return { ownerLevel: 'brand', brandCode: code };
  if (level === 'dealer') return { ownerLevel: 'dealer', dealerCode: code, brandCode };
  return { ownerLevel: 'group' };
}

/** Amounts per currency, never added across currencies. */
function sumByCurrency(costs: SourceCost[]): Map<string, number> {
  const sums = new Map<string, number>();
  for (const cost of costs)
    sums.set(cost.currency, (sums.get(cost.currency) ?? 0) + cost.amountMinor);
  return sums;
}

function Amounts({ costs, format }: { costs: SourceCost[]; format: Formatters }) {
  const sums = [...sumByCurrency(costs).entries()].sort(([a], [b]) => a.localeCompare(b));
  if (sums.length === 0) return <>—</>;
  return (
    <>
      {sums.map(([currency, minor]) => (
        <div key={currency}>{format.money(minor, currency)}</div>
      ))}
    </>
  );
}

/**
 * Lead source costs (issues 5 and 7): sources × months of a year for one owner (the group, a
 * brand or a dealer), with totals; marketing staff click a cell to enter or change it.
 */
export function SourceCostsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('leads.costs.title'));
  const me = useSession();
  const canWrite = useCan('marketing:write');
  const sources = useLeadSources();
  const sourceName = useSourceName();
  const dealers = useDealers();
  const brands = useBrands();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const myBrand = brands.data?.find((brand) => brand.id === me.brandId);
  const ownerChoices = [
    ...(me.scope === 'group' ? [{ value: 'group', label: t('leads.costs.group') }] : []),
    ...(brands.data ?? [])
      .filter((brand) => me.scope === 'group' || brand.id === myBrand?.id)
      .map((brand) => ({
        value: `brand:${brand.code}`,
        label: t('leads.costs.brand', { code: brand.code }),
      })),
    ...(dealers.data ?? [])
      .filter((dealer) => dealer.inScope)
      .flatMap((dealer) => [
        {
          value: `dealer:${dealer.code}`,
          label:
            dealer.brands.length > 1
              ? t('leads.costs.dealerAllBrands', { dealer: `${dealer.code} · ${dealer.name}` })
              : `${dealer.code} · ${dealer.name}`,
        },
        // a dealer selling several brands may enter a cost for one of them
        ...(dealer.brands.length > 1 ? dealer.brands : []).map((brand) => ({
          value: `dealer:${dealer.code}:${brand}`,
          label: t('leads.costs.dealerForBrand', { dealer: dealer.code, code: brand }),
        })),
      ]),
  ];
  const [picked, setPicked] = useState<string | null>(null);
  const ownerValue = picked ?? ownerChoices[0]?.value ?? null;
  const owner = ownerOf(ownerValue);
  const costs = useSourceCosts(year, owner);
  const [editing, setEditing] = useState<{ sourceKey: string; month: string } | null>(null);

  // a dealer's rows for one brand and those shared over its brands are two owners
  const items = (costs.data ?? []).filter(
    (cost) => owner?.ownerLevel !== 'dealer' || cost.brandCode === (owner.brandCode ?? null),
  );
  const cellOf = (sourceKey: string, month: string) =>
    items.find((cost) => cost.sourceKey === sourceKey && cost.month === month);
  // the active sources, and any retired one that still has costs this year
  const shown = (sources.data?.items ?? []).filter(
    (source) => source.active || items.some((cost) => cost.sourceKey === source.key),
  );
  const ownerDealer = dealers.data?.find((dealer) => dealer.code === owner?.dealerCode);
  const defaultCurrency = ownerDealer?.currency ?? items[0]?.currency ?? 'RUB';
  const monthName = new Intl.DateTimeFormat(intlLocales[format.locale], { month: 'short' });
  const yearChoices = [thisYear - 3, thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map(
    (value) => ({ value: String(value), label: String(value) }),
  );

  return (
    <Stack gap="md">
      <div>
        <Title order={1} size="h2">
          {t('leads.costs.title')}
        </Title>
        <Text size="sm" c="dimmed" maw={760}>
          {t('leads.costs.intro')}
        </Text>
      </div>
      <Group align="flex-end">
        <Select
          label={t('leads.costs.year')}
          data={yearChoices}
          value={String(year)}
          onChange={(value) => value && setYear(Number(value))}
          w={120}
        />
        <Select
          label={t('leads.costs.owner')}
          data={ownerChoices}
          value={ownerValue}
          onChange={setPicked}
          searchable
          w={280}
          data-testid="cost-owner"
        />
      </Group>
      <Text size="xs" c="dimmed">
        {canWrite ? t('leads.costs.clickToEdit') : t('leads.costs.readOnly')}
      </Text>
      {costs.isError && <QueryError error={costs.error} onRetry={() => void costs.refetch()} />}
      <Card padding={0}>
        {shown.length === 0 ? (
          <EmptyNote>{t('leads.costs.empty')}</EmptyNote>
        ) : (
          <Table.ScrollContainer minWidth={1200}>
            <Table verticalSpacing="xs" withColumnBorders data-testid="source-costs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th style={stuck}>{t('leads.costs.source')}</Table.Th>
                  {months.map((month) => (
                    <Table.Th key={month} ta="right">
                      {monthName.format(new Date(year, month - 1, 1))}
                    </Table.Th>
                  ))}
                  <Table.Th ta="right">{t('leads.costs.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {shown.map((source) => (
                  <Table.Tr key={source.key}>
                    <Table.Td style={stuck}>{sourceName(source.key)}</Table.Td>
                    {months.map((month) => {
                      const key = monthKey(year, month);
                      const cost = cellOf(source.key, key);
                      const text = cost ? format.money(cost.amountMinor, cost.currency) : '—';
                      return (
                        <Table.Td key={month} ta="right" title={cost?.note ?? undefined}>
                          {canWrite ? (
                            <UnstyledButton
                              fz="sm"
                              onClick={() => setEditing({ sourceKey: source.key, month: key })}
                              data-testid={`cost-${source.key}-${month}`}
                            >
                              {text}
                            </UnstyledButton>
                          ) : (
                            text
                          )}
                        </Table.Td>
                      );
                    })}
                    <Table.Td ta="right" fw={600}>
                      <Amounts
                        costs={items.filter((cost) => cost.sourceKey === source.key)}
                        format={format}
                      />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr>
                  <Table.Th style={stuck}>{t('leads.costs.total')}</Table.Th>
                  {months.map((month) => (
                    <Table.Th key={month} ta="right">
                      <Amounts
                        costs={items.filter((cost) => cost.month === monthKey(year, month))}
                        format={format}
                      />
                    </Table.Th>
                  ))}
                  <Table.Th ta="right" data-testid="cost-total">
                    <Amounts costs={items} format={format} />
                  </Table.Th>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
      {editing && owner && (
        <CostModal
          key={`${editing.sourceKey} ${editing.month}`}
          title={t('leads.costs.edit', {
            source: sourceName(editing.sourceKey),
            month: new Intl.DateTimeFormat(intlLocales[format.locale], {
              month: 'long',
              year: 'numeric',
            }).format(new Date(`${editing.month}T12:00:00`)),
          })}
          owner={owner}
          sourceKey={editing.sourceKey}
          month={editing.month}
          current={cellOf(editing.sourceKey, editing.month)}
          defaultCurrency={defaultCurrency}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}

function CostModal(props: {
  title: string;
  owner: SourceCostOwner;
  sourceKey: string;
  month: string;
  current: SourceCost | undefined;
  defaultCurrency: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const save = useSaveSourceCost();
  const remove = useDeleteSourceCost();
  const { current } = props;
  const [amount, setAmount] = useState<number | string>(
    current ? toMajor(current.amountMinor, current.currency) : '',
  );
  const [currency, setCurrency] = useState(current?.currency ?? props.defaultCurrency);
  const [note, setNote] = useState(current?.note ?? '');
  const [amountMissing, setAmountMissing] = useState(false);
  const errors = fieldErrors(save.error);
  // a brand-level reader's part of a cost shared with other brands: shown, not his to change
  const readOnly = current?.brandPart === true;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setAmountMissing(typeof amount !== 'number');
    if (typeof amount !== 'number') return;
    await save.mutateAsync({
      ...props.owner,
      sourceKey: props.sourceKey,
      month: props.month,
      amountMinor: toMinor(amount, currency.trim()),
      currency: currency.trim(),
      ...(note.trim() ? { note: note.trim() } : {}),
    });
    notifications.show({ color: 'teal', message: t('leads.costs.saved') });
    props.onClose();
  };
  const removeCost = async () => {
    if (!current) return;
    await remove.mutateAsync(current.id);
    notifications.show({ color: 'teal', message: t('leads.costs.removed') });
    props.onClose();
  };

  return (
    <Modal opened onClose={props.onClose} title={props.title}>
      <form onSubmit={(event) => void submit(event).catch(() => undefined)}>
        <Stack gap="sm">
          <Group grow align="flex-start">
            <NumberInput
              label={t('leads.costs.amount')}
              value={amount}
              onChange={setAmount}
              min={0}
              decimalScale={2}
              thousandSeparator=" "
              disabled={readOnly}
              error={amountMissing ? t('leads.costs.amountRequired') : errors.amountMinor}
              data-autofocus
              data-testid="cost-amount"
            />
            <TextInput
              label={t('leads.costs.currency')}
              value={currency}
              onChange={(event) => setCurrency(event.currentTarget.value.toUpperCase())}
              maxLength={3}
              disabled={readOnly}
              error={errors.currency}
              w={100}
            />
          </Group>
          <Textarea
            label={t('leads.costs.note')}
            value={note}
            onChange={(event) => setNote(event.currentTarget.value)}
            maxLength={500}
            disabled={readOnly}
            autosize
            minRows={2}
            error={errors.note}
          />
          {readOnly && (
            <Text size="sm" data-testid="cost-brand-part">
              {t('leads.costs.brandPart')}
            </Text>
          )}
          {current?.enteredBy && (
            <Text size="xs" c="dimmed">
              {t('leads.costs.enteredBy', {
                name: current.enteredBy,
                time: format.dateTime(current.enteredAt),
              })}
            </Text>
          )}
          <FormError
            error={save.error ?? remove.error}
            shownPaths={(path) => ['amountMinor', 'currency', 'note'].includes(path)}
          />
          <Group justify="space-between" display={readOnly ? 'none' : undefined}>
            {current ? (
              <Button
                variant="subtle"
                color="red"
                onClick={() => void removeCost().catch(() => undefined)}
                loading={remove.isPending}
              >
                {t('leads.costs.remove')}
              </Button>
            ) : (
              <span />
            )}
            <Button type="submit" loading={save.isPending} data-testid="cost-save">
              {t('leads.costs.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
