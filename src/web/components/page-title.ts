import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';

/** "Иванов Иван · AutoCRM" in the browser tab, so a user with many tabs finds the right one. */
export function usePageTitle(title: string | undefined): void {
  const { t } = useTranslation();
  useDocumentTitle(title ? `${title} · ${t('app.name')}` : t('app.name'));
}
