import {
  ActionIcon,
  Autocomplete,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { PeriodKind } from '../../../modules/sales/schema.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useCatalog, useSaveConquestPlan } from '../../api/sales.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';

type Props = { opened: boolean; onClose: () => void };

export function ConquestPlanModal({ opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.plans.newPlan')} size="lg">
      {opened && <ConquestPlanForm onClose={onClose} />}
    </Modal>
  );
}

type TargetRow = { series: string; targetUnits: number | null };

/** The first day of the coming month, or of the quarter holding it. */
function nextPeriodStart(kind: PeriodKind): string {
  const now = new Date();
  let year = now.getFullYear();
  let month = now.getMonth() + 1; // the next month, 0-based + 1
  if (month === 12) {
    month = 0;
    year += 1;
  }
  if (kind === 'quarter') month -= month % 3;
  return `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function periodOptions(kind: PeriodKind): string[] {
  const first = nextPeriodStart(kind);
  const step = kind === 'month' ? 1 : 3;
  const [year, month] = first.split('-').map(Number) as [number, number];
  return [-2, -1, 0, 1, 2].map((offset) => {
    const date = new Date(Date.UTC(year, month - 1 + offset * step, 1));
    return date.toISOString().slice(0, 10);
  });
}

function ConquestPlanForm({ onClose }: { onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const me = useSession();
  const navigate = useNavigate();
  const dealers = useDealers();
  const catalog = useCatalog();
  const save = useSaveConquestPlan();
  const [dealerCode, setDealerCode] = useState<string | null>(null);
  const [kind, setKind] = useState<PeriodKind>('month');
  const [start, setStart] = useState(nextPeriodStart('month'));
  const [targets, setTargets] = useState<TargetRow[]>([{ series: '', targetUnits: null }]);
  const errors = fieldErrors(save.error);
  const series = [
    ...new Set(
      (catalog.data?.makes ?? [])
        // a brand-level planner may only set his brand's series (the server refuses others)
        .filter((make) => me.scope !== 'brand' || make.brandId === me.brandId)
        .flatMap((make) =>
          make.models.map((model) => model.series).filter((name): name is string => Boolean(name)),
        ),
    ),
  ].sort();
  const monthName = new Intl.DateTimeFormat(i18n.language, { month: 'long', year: 'numeric' });
  const setTarget = (index: number, change: Partial<TargetRow>) =>
    setTargets(targets.map((row, i) => (i === index ? { ...row, ...change } : row)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(
      {
        ...(me.dealerId ? {} : dealerCode ? { dealerCode } : {}),
        periodKind: kind,
        periodStart: start,
        targets: targets.map((row) => ({
          series: row.series.trim(),
          targetUnits: row.targetUnits ?? 0,
        })),
      },
      {
        onSuccess: ({ id }) => {
          notifications.show({ color: 'teal', message: t('sales.plans.saved') });
          onClose();
          void navigate(`/conquest-plans/${id}`);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="conquest-plan-form">
      <Stack gap="sm">
        <FormError error={save.error} shownPaths={(path) => path in errors} />
        {!me.dealerId && (
          <Select
            label={t('sales.plans.dealer')}
            required
            searchable
            data={dealerOptions(
              dealers.data,
              (dealer) => dealer.inScope && dealer.kind === 'dealer',
            )}
            value={dealerCode}
            onChange={setDealerCode}
            error={errors.dealerCode}
          />
        )}
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('sales.plans.period')}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(value) => {
              setKind(value as PeriodKind);
              setStart(nextPeriodStart(value as PeriodKind));
            }}
            data={[
              { value: 'month', label: t('sales.plans.kind.month') },
              { value: 'quarter', label: t('sales.plans.kind.quarter') },
            ]}
          />
        </div>
        <Select
          label={t('sales.plans.periodStart')}
          required
          data={periodOptions(kind).map((value) => ({
            value,
            label: monthName.format(new Date(`${value}T12:00:00`)),
          }))}
          value={start}
          onChange={(value) => value && setStart(value)}
          error={errors.periodStart}
        />
        {targets.map((row, index) => (
          <Group key={index} align="flex-end" gap="sm" wrap="nowrap">
            <Autocomplete
              label={t('sales.plans.series')}
              required
              data={series}
              value={row.series}
              onChange={(value) => setTarget(index, { series: value })}
              style={{ flex: 1 }}
              error={errors[`targets.${index}.series`]}
            />
            <NumberInput
              label={t('sales.plans.units')}
              required
              value={row.targetUnits ?? ''}
              onChange={(value) =>
                setTarget(index, { targetUnits: typeof value === 'number' ? value : null })
              }
              min={1}
              w={130}
              error={errors[`targets.${index}.targetUnits`]}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              mb={2}
              aria-label={t('sales.plans.removeSeries')}
              disabled={targets.length === 1}
              onClick={() => setTargets(targets.filter((_, i) => i !== index))}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="xs"
            leftSection={<IconPlus size={14} />}
            onClick={() => setTargets([...targets, { series: '', targetUnits: null }])}
          >
            {t('sales.plans.addSeries')}
          </Button>
        </Group>
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('sales.plans.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
