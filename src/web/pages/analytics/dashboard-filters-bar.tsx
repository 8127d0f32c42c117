import { Group, Select, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegions, type DashboardFilters } from '../../api/analytics.ts';
import { useBrands } from '../../api/imports.ts';
import { useLeadSources } from '../../api/leads.ts';
import { dealerOptions, useDealers, useDealerUsers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';
import { useFormat } from '../../i18n/format.ts';

type Props = { value: DashboardFilters; onChange: (next: DashboardFilters) => void };

/** Period, brand, region, dealer, consultant, channel and model series: every dashboard's filters. */
export function DashboardFiltersBar({ value, onChange }: Props) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const brands = useBrands();
  const regions = useRegions();
  const dealers = useDealers();
  const consultants = useDealerUsers(value.dealerCode ?? null);
  const sources = useLeadSources();
  const set = (patch: Partial<DashboardFilters>) => onChange({ ...value, ...patch });
  const label = (key: string) => t(`analytics.dashboards.filters.${key as 'from'}`);
  return (
    <Group gap="sm" align="flex-end">
      <DateField
        label={label('from')}
        value={value.from}
        onChange={(from) => from && set({ from })}
      />
      <DateField label={label('to')} value={value.to} onChange={(to) => to && set({ to })} />
      <Select
        label={label('brand')}
        placeholder={t('common.all')}
        data={(brands.data ?? []).map((brand) => ({ value: brand.code, label: brand.name }))}
        value={value.brandCode ?? null}
        onChange={(brandCode) => set({ brandCode: brandCode ?? undefined })}
        clearable
        w={150}
      />
      <Select
        label={label('region')}
        placeholder={t('common.all')}
        data={(regions.data ?? []).map((region) => ({ value: region.code, label: region.name }))}
        value={value.regionCode ?? null}
        onChange={(regionCode) => set({ regionCode: regionCode ?? undefined })}
        clearable
        w={170}
      />
      <Select
        label={label('dealer')}
        placeholder={t('common.all')}
        data={dealerOptions(dealers.data)}
        value={value.dealerCode ?? null}
        onChange={(dealerCode) =>
          set({ dealerCode: dealerCode ?? undefined, consultantId: undefined })
        }
        searchable
        clearable
        w={220}
      />
      <Select
        label={label('consultant')}
        placeholder={t('common.all')}
        data={(consultants.data ?? [])
          .filter((user) => user.role === 'sales_consultant')
          .map((user) => ({ value: user.id, label: user.displayName }))}
        value={value.consultantId ?? null}
        onChange={(consultantId) => set({ consultantId: consultantId ?? undefined })}
        disabled={!value.dealerCode}
        clearable
        w={190}
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
