import { Group, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRegions, type CsiFilters } from '../../api/analytics.ts';
import { useBrands } from '../../api/imports.ts';
import { dealerOptions, useDealers, useDealerUsers } from '../../api/org.ts';
import { DateField } from '../../components/date-fields.tsx';

type Props = { value: CsiFilters; onChange: (next: CsiFilters) => void };

/** The CSI page's filters: period, brand, region, dealer and the dealer's service advisor. */
export function CsiFiltersBar({ value, onChange }: Props) {
  const { t } = useTranslation();
  const brands = useBrands();
  const regions = useRegions();
  const dealers = useDealers();
  const advisors = useDealerUsers(value.dealerCode ?? null);
  const set = (patch: Partial<CsiFilters>) => onChange({ ...value, ...patch });
  const label = (key: 'from' | 'to' | 'brand' | 'region' | 'dealer') =>
    t(`analytics.dashboards.filters.${key}`);
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
          set({ dealerCode: dealerCode ?? undefined, advisorId: undefined })
        }
        searchable
        clearable
        w={220}
        data-testid="csi-dealer"
      />
      <Select
        label={t('analytics.csi.advisor')}
        placeholder={t('common.all')}
        data={(advisors.data ?? [])
          .filter((user) => user.role === 'service_advisor')
          .map((user) => ({ value: user.id, label: user.displayName }))}
        value={value.advisorId ?? null}
        onChange={(advisorId) => set({ advisorId: advisorId ?? undefined })}
        disabled={!value.dealerCode}
        clearable
        w={190}
      />
    </Group>
  );
}
