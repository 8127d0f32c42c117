import { DataList } from '@mantine/core';
import { IconCar, IconBarcode } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { VehicleView } from '../../api/types.ts';
import { EmptyNote } from '../../components/empty-note.tsx';
import { SectionCard } from '../../components/section-card.tsx';
import { useFormat } from '../../i18n/format.ts';

function Facts({ rows }: { rows: [string, ReactNode][] }) {
  const { t } = useTranslation();
  const known = rows.filter(([, value]) => value !== null && value !== undefined && value !== '');
  if (known.length === 0) return <EmptyNote>{t('common.notSet')}</EmptyNote>;
  return (
    <DataList size="sm" gap={6} labelWidth={150}>
      {known.map(([name, value]) => (
        <DataList.Item key={name}>
          <DataList.ItemLabel c="dimmed">{name}</DataList.ItemLabel>
          <DataList.ItemValue>{value}</DataList.ItemValue>
        </DataList.Item>
      ))}
    </DataList>
  );
}

export function VehicleDetailsCard({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { vehicle: v } = view;
  return (
    <SectionCard title={t('vehicle.details')} icon={<IconCar size={18} />}>
      <Facts
        rows={[
          [t('vehicle.model'), [v.makeName, v.modelName].filter(Boolean).join(' ')],
          [t('vehicle.series'), v.series],
          [t('vehicle.trim'), v.trimName],
          [t('vehicle.body'), v.body],
          [t('vehicle.engine'), v.engine],
          [t('vehicle.colour'), v.colour],
          [t('vehicle.modelYear'), v.modelYear],
          [t('vehicle.plate'), v.plate],
          [t('vehicle.firstRegistration'), format.date(v.firstRegistration)],
          [
            t('vehicle.odometer'),
            v.odometerKm != null &&
              (v.odometerReadAt
                ? t('vehicle.odometerAt', {
                    value: format.km(v.odometerKm),
                    date: format.date(v.odometerReadAt),
                  })
                : format.km(v.odometerKm)),
          ],
        ]}
      />
    </SectionCard>
  );
}

export function VinDecodeCard({ view }: { view: VehicleView }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { vehicle, vinCheck } = view;
  const maker = vinCheck?.maker ?? vehicle.wmiMaker;
  const country = vinCheck?.country ?? vehicle.wmiCountry;
  return (
    <SectionCard title={t('vehicle.decoded')} icon={<IconBarcode size={18} />}>
      <Facts
        rows={[
          [t('vehicle.maker'), maker],
          [
            t('vehicle.country'),
            country && (country.length === 2 ? format.country(country) : country),
          ],
          [t('vehicle.modelYear'), vinCheck?.modelYear],
        ]}
      />
    </SectionCard>
  );
}
