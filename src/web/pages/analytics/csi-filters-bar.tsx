import { Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CsiFilters } from '../../api/analytics.ts';
import { DealerUserSelect, PlaceFilterFields } from './dashboard-filters-bar.tsx';

type Props = { value: CsiFilters; onChange: (next: CsiFilters) => void };

/** The CSI page's filters: period, brand, region, dealer and the dealer's service advisor. */
export function CsiFiltersBar({ value, onChange }: Props) {
  const { t } = useTranslation();
  const set = (patch: Partial<CsiFilters>) => onChange({ ...value, ...patch });
  return (
    <Group gap="sm" align="flex-end">
      <PlaceFilterFields
        value={value}
        set={set}
        onDealer={{ advisorId: undefined }}
        dealerTestId="csi-dealer"
      />
      <DealerUserSelect
        label={t('analytics.csi.advisor')}
        dealerCode={value.dealerCode}
        role="service_advisor"
        value={value.advisorId}
        onChange={(advisorId) => set({ advisorId })}
      />
    </Group>
  );
}
