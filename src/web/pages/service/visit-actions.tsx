import { ActionIcon, Menu } from '@mantine/core';
import { IconDots } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

/** Correct or cancel a visit recorded wrongly (service advisors and managers). */
export function VisitActions({
  onCorrect,
  onCancel,
}: {
  onCorrect: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" aria-label={t('service.correction.actions')}>
          <IconDots size={16} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={onCorrect}>{t('service.correction.correct')}</Menu.Item>
        <Menu.Item color="red" onClick={onCancel}>
          {t('service.correction.cancel')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
