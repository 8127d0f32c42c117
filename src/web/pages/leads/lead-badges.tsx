import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { LeadStage, Temperature } from '../../../modules/leads/schema.ts';

const temperatureColor: Record<Temperature, string> = {
  hot: 'red',
  warm: 'orange',
  cold: 'blue',
  unknown: 'gray',
};

export function TemperatureBadge({ temperature }: { temperature: Temperature }) {
  const { t } = useTranslation();
  return (
    <Badge color={temperatureColor[temperature]} variant="light" size="sm">
      {t(`leads.temperature.${temperature}`)}
    </Badge>
  );
}

const stageColor: Record<LeadStage, string> = {
  new: 'gray',
  contacted: 'blue',
  showroom_visit: 'cyan',
  test_drive: 'teal',
  offer: 'violet',
  order: 'indigo',
  delivered: 'green',
  lost: 'red',
};

export function StageBadge({ stage }: { stage: LeadStage }) {
  const { t } = useTranslation();
  return (
    <Badge color={stageColor[stage]} variant="light">
      {t(`leads.stage.${stage}`)}
    </Badge>
  );
}
