import { Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export type Condition = 'new' | 'used';

/** New or used, for the car a prospect wants; clearable (not known). */
export function ConditionSelect({
  value,
  onChange,
}: {
  value: Condition | null;
  onChange: (value: Condition | null) => void;
}) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('leads.entry.condition')}
      data={[
        { value: 'new', label: t('leads.entry.new') },
        { value: 'used', label: t('leads.entry.used') },
      ]}
      value={value}
      onChange={(chosen) => onChange(chosen as Condition | null)}
      clearable
    />
  );
}
