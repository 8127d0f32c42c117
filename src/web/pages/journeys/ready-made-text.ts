import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

type ReadyMade = { key: string; body: { name: string; description?: string | null } };

/**
 * A ready-made journey's name and description in the reader's language: the server sends its
 * English text, the web app has the others by key (a journey added on the server before its
 * texts are written keeps the English).
 */
export function useReadyMadeText(): (item: ReadyMade) => {
  name: string;
  description: string | null;
} {
  const { t } = useTranslation();
  return useCallback(
    (item) => {
      // the key comes from the server, so it cannot be checked against the resources' type
      const translate = t as unknown as (key: string, options: { defaultValue: string }) => string;
      const description = item.body.description ?? null;
      return {
        name: translate(`journeys.readyMade.${item.key}.name`, { defaultValue: item.body.name }),
        description:
          description === null
            ? null
            : translate(`journeys.readyMade.${item.key}.description`, {
                defaultValue: description,
              }),
      };
    },
    [t],
  );
}
