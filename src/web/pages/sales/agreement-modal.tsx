import {
  ActionIcon,
  Button,
  Group,
  Modal,
  NumberInput,
  Select,
  Stack,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { useSaveAgreement, type Agreement } from '../../api/sales.ts';
import type { CustomerListItem, Page } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';

type Props = { agreement: Agreement | null; opened: boolean; onClose: () => void };

export function AgreementModal({ agreement, opened, onClose }: Props) {
  const { t } = useTranslation();
  return (
    <Modal opened={opened} onClose={onClose} title={t('sales.agreements.formTitle')} size="lg">
      {opened && <AgreementForm agreement={agreement} onClose={onClose} />}
    </Modal>
  );
}

type TierRow = { minVehicles: number | null; discountPct: number | null };

function useCompanies(search: string) {
  return useQuery({
    queryKey: ['customers', 'companies', search],
    queryFn: () =>
      api.get<Page<CustomerListItem>>('/api/customers', { kind: 'company', search, limit: 20 }),
    select: (page) => page.items,
  });
}

function AgreementForm({
  agreement,
  onClose,
}: {
  agreement: Agreement | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const save = useSaveAgreement();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const companies = useCompanies(debounced);
  const [companyId, setCompanyId] = useState<string | null>(agreement?.company.id ?? null);
  const [year, setYear] = useState<number>(agreement?.year ?? new Date().getFullYear());
  const [tiers, setTiers] = useState<TierRow[]>(
    agreement?.tiers.map((tier) => ({
      minVehicles: tier.minVehicles,
      discountPct: tier.discountBp / 100,
    })) ?? [{ minVehicles: 1, discountPct: null }],
  );
  const [note, setNote] = useState(agreement?.note ?? '');
  const errors = fieldErrors(save.error);

  const companyOptions = [
    ...(agreement ? [{ value: agreement.company.id, label: agreement.company.displayName }] : []),
    ...(companies.data ?? [])
      .filter((company) => company.id !== agreement?.company.id)
      .map((company) => ({ value: company.id, label: company.displayName })),
  ];
  const setTier = (index: number, change: Partial<TierRow>) =>
    setTiers(tiers.map((tier, i) => (i === index ? { ...tier, ...change } : tier)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!companyId) return;
    save.mutate(
      {
        companyId,
        year,
        note: note.trim() || null,
        tiers: tiers.map((tier) => ({
          minVehicles: tier.minVehicles ?? 0,
          discountBp: Math.round((tier.discountPct ?? 0) * 100),
        })),
      },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('sales.agreements.saved') });
          onClose();
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate data-testid="agreement-form">
      <Stack gap="sm">
        <FormError error={save.error} shownPaths={(path) => path in errors} />
        <Select
          label={t('sales.agreements.company')}
          placeholder={t('sales.agreements.companySearch')}
          required
          searchable
          data={companyOptions}
          value={companyId}
          onChange={setCompanyId}
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          disabled={agreement !== null}
          error={errors.companyId}
        />
        <NumberInput
          label={t('sales.agreements.year')}
          required
          value={year}
          onChange={(value) => typeof value === 'number' && setYear(value)}
          min={2000}
          max={2100}
          w={140}
          disabled={agreement !== null}
          error={errors.year}
        />
        {tiers.map((tier, index) => (
          <Group key={index} align="flex-end" gap="sm" wrap="nowrap">
            <NumberInput
              label={t('sales.agreements.minVehicles')}
              required
              value={tier.minVehicles ?? ''}
              onChange={(value) =>
                setTier(index, { minVehicles: typeof value === 'number' ? value : null })
              }
              min={1}
              error={errors[`tiers.${index}.minVehicles`]}
            />
            <NumberInput
              label={t('sales.agreements.discountPct')}
              required
              value={tier.discountPct ?? ''}
              onChange={(value) =>
                setTier(index, { discountPct: typeof value === 'number' ? value : null })
              }
              min={0}
              max={100}
              decimalScale={2}
              error={errors[`tiers.${index}.discountBp`]}
            />
            <ActionIcon
              variant="subtle"
              color="gray"
              size="lg"
              mb={errors[`tiers.${index}.discountBp`] ? 22 : 2}
              aria-label={t('sales.agreements.removeTier')}
              disabled={tiers.length === 1}
              onClick={() => setTiers(tiers.filter((_, i) => i !== index))}
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
            onClick={() => setTiers([...tiers, { minVehicles: null, discountPct: null }])}
          >
            {t('sales.agreements.addTier')}
          </Button>
        </Group>
        <Textarea
          label={t('sales.agreements.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(event) => setNote(event.currentTarget.value)}
          maxLength={2000}
          error={errors.note}
        />
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending} disabled={!companyId}>
            {t('sales.agreements.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
