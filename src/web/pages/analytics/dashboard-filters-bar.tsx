import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegions, type DashboardFilters } from '../../api/analytics.ts';
import { useBrands } from '../../api/imports.ts';
import { useLeadSources } from '../../api/leads.ts';
import { dealerOptions, useDealers, useDealerUsers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { useFormat } from '../../i18n/format.ts';

/** What every analytics filter bar starts with: the period and the brand, region and dealer. */
type PlaceFilters = {
  from: string;
  to: string;
  brandCode?: string;
  regionCode?: string;
  dealerCode?: string;
};

/**
 * The period, brand, region and dealer fields of an analytics filter bar (the dashboards', the
 * CSI page's). `set` takes a patch; a dealer change also applies `onDealer` (it clears the
 * dealer's person filter, whose choices are that dealer's users).
 */
export function PlaceFilterFields<F extends PlaceFilters>({
  value,
  set,
  onDealer,
  dealerTestId,
}: {
  value: F;
  set: (patch: Partial<F>) => void;
  onDealer: Partial<F>;
  dealerTestId?: string;
}) {
  const { t } = useTranslation();
  const brands = useBrands();
  const regions = useRegions();
  const dealers = useDealers();
  const label = (key: 'from' | 'to' | 'brand' | 'region' | 'dealer') =>
    t(`analytics.dashboards.filters.${key}`);
  const patch = (fields: Partial<PlaceFilters>) => set(fields as Partial<F>);
  return (
    <>
      <DateField
        label={label('from')}
        value={value.from}
        onChange={(from) => from && patch({ from })}
      />
      <DateField label={label('to')} value={value.to} onChange={(to) => to && patch({ to })} />
      <Select
        label={label('brand')}
        placeholder={t('common.all')}
        data={(brands.data ?? []).map((brand) => ({ value: brand.code, label: brand.name }))}
        value={value.brandCode ?? null}
        onChange={(brandCode) => patch({ brandCode: brandCode ?? undefined })}
        clearable
        w={150}
      />
      <Select
        label={label('region')}
        placeholder={t('common.all')}
        data={(regions.data ?? []).map((region) => ({ value: region.code, label: region.name }))}
        value={value.regionCode ?? null}
        onChange={(regionCode) => patch({ regionCode: regionCode ?? undefined })}
        clearable
        w={170}
      />
      <Select
        label={label('dealer')}
        placeholder={t('common.all')}
        data={dealerOptions(dealers.data)}
        value={value.dealerCode ?? null}
        onChange={(dealerCode) => set({ dealerCode: dealerCode ?? undefined, ...onDealer })}
        searchable
        clearable
        w={220}
        data-testid={dealerTestId}
      />
    </>
  );
}

/** One of the chosen dealer's users in a role (disabled until a dealer is chosen). */
export function DealerUserSelect(props: {
  label: string;
  dealerCode: string | undefined;
  role: string;
  value: string | undefined;
  onChange: (userId: string | undefined) => void;
}) {
  const { t } = useTranslation();
  const users = useDealerUsers(props.dealerCode ?? null);
  return (
    <Select
      label={props.label}
      placeholder={t('common.all')}
      data={(users.data ?? [])
        .filter((user) => user.role === props.role)
        .map((user) => ({ value: user.id, label: user.displayName }))}
      value={props.value ?? null}
      onChange={(userId) => props.onChange(userId ?? undefined)}
      disabled={!props.dealerCode}
      clearable
      w={190}
    />
  );
}

type Props = { value: DashboardFilters; onChange: (next: DashboardFilters) => void };

/** Period, brand, region, dealer, consultant, channel and model series: every dashboard's filters. */
export function DashboardFiltersBar({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const sources = useLeadSources();
  const set = (patch: Partial<DashboardFilters>) => onChange({ ...value, ...patch });
  const label = (key: string) => t(`analytics.dashboards.filters.${key as 'from'}`);
  return (
    <Group gap="sm" align="flex-end">
      <PlaceFilterFields value={value} set={set} onDealer={{ consultantId: undefined }} />
      <DealerUserSelect
        label={label('consultant')}
        dealerCode={value.dealerCode}
        role="sales_consultant"
        value={value.consultantId}
        onChange={(consultantId) => set({ consultantId })}
      />
      <Select
        label={label('channel')}
        placeholder={t('common.all')}
        data={(sources.data?.items ?? []).map((source) => ({
          value: source.key,
          label: source.names[locale],
        }))}
        value={value.channel ?? null}
        onChange={(channel) => set({ channel: channel ?? undefined })}
        clearable
        w={190}
      />
      <TextInput
        label={label('series')}
        placeholder={t('common.all')}
        defaultValue={value.series ?? ''}
        onBlur={(event) => set({ series: event.currentTarget.value.trim() || undefined })}
        w={140}
      />
    </Group>
  );
}
