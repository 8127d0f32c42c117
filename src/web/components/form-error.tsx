import { Alert, List } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import { fieldProblemText } from '../lib/field-errors.ts';

type Props = {
  error: unknown;
  title?: string;
  /** Paths the form shows under its own inputs; the rest are listed here. */
  shownPaths?: (path: string) => boolean;
};

/** Why a save failed: the server's message, plus field problems no input displays. */
export function FormError({ error, title, shownPaths = () => false }: Props) {
  const { t } = useTranslation();
  if (!error) return null;
  const fields = isApiError(error) ? error.fields : [];
  const unshown = fields.filter((field) => !shownPaths(field.path));
  // a refused form says "check the fields"; a conflict (a taken code) says which one it is
  const onlyFields = fields.length > 0 && isApiError(error) && error.code === 'validation_failed';
  return (
    <Alert
      color="red"
      icon={<IconAlertCircle size={18} />}
      title={title ?? t('errors.title')}
      data-testid="form-error"
    >
      {onlyFields ? t('errors.validation_failed') : errorMessage(error)}
      {unshown.length > 0 && (
        <List size="sm" mt={4}>
          {unshown.map((field) => (
            <List.Item key={field.path}>
              {field.path}: {fieldProblemText(field)}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
