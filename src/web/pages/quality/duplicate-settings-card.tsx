import { Button, Card, Group, NumberInput, Switch, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useDuplicateSettings,
  useSaveDuplicateSettings,
  type DuplicateSettings,
} from '../../api/quality.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSession } from '../../session/session-context.tsx';

/** Probabilities are stored 0..1 and typed in per cent, as the queue shows them. */
const toPercent = (value: number) => Math.round(value * 1000) / 10;

/**
 * The review band (pairs from the lower threshold are proposed) and the automatic merge above
 * the upper one. They are the group's: a steward of a brand, region or dealer only reads them.
 */
export function DuplicateSettingsCard() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const settings = useDuplicateSettings();
  const save = useSaveDuplicateSettings();
  const [draft, setDraft] = useState<DuplicateSettings | null>(null);
  useEffect(() => {
    if (settings.data) setDraft(settings.data);
  }, [settings.data]);
  if (settings.isError) return <QueryError error={settings.error} />;
  if (!settings.data || !draft) return null;
  const errors = fieldErrors(save.error);
  // said before the server says it, in the reader's language
  const crossed = draft.reviewLower >= draft.reviewUpper;
  if (crossed && !errors.reviewLower) errors.reviewLower = t('quality.settings.lowerAboveUpper');

  if (me.scope !== 'group') {
    return (
      <Text size="xs" c="dimmed" data-testid="duplicate-settings">
        {t('quality.settings.readOnly', {
          lower: format.percent(settings.data.reviewLower),
          upper: format.percent(settings.data.reviewUpper),
          auto: settings.data.autoMerge ? t('quality.settings.on') : t('quality.settings.off'),
        })}
      </Text>
    );
  }

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(draft);
  };
  const percent = (key: 'reviewLower' | 'reviewUpper', label: string, hint: string) => (
    <NumberInput
      label={label}
      description={hint}
      suffix=" %"
      min={1}
      max={100}
      decimalScale={1}
      value={toPercent(draft[key])}
      error={errors[key]}
      onChange={(value) => {
        save.reset();
        setDraft({ ...draft, [key]: Number(value) / 100 });
      }}
      w={220}
    />
  );

  return (
    <Card data-testid="duplicate-settings">
      <form onSubmit={submit} noValidate>
        <Text fw={600} mb="xs">
          {t('quality.settings.title')}
        </Text>
        <Group align="flex-end" gap="md">
          {percent('reviewLower', t('quality.settings.lower'), t('quality.settings.lowerHint'))}
          {percent('reviewUpper', t('quality.settings.upper'), t('quality.settings.upperHint'))}
          <Switch
            label={t('quality.settings.autoMerge')}
            checked={draft.autoMerge}
            onChange={(event) => {
              save.reset();
              setDraft({ ...draft, autoMerge: event.currentTarget.checked });
            }}
          />
          <Button type="submit" variant="default" loading={save.isPending} disabled={crossed}>
            {t('quality.settings.save')}
          </Button>
        </Group>
        {save.isSuccess && (
          <Text size="sm" c="teal" mt="xs">
            {t('quality.settings.saved')}
          </Text>
        )}
        {save.isError && !errors.reviewLower && !errors.reviewUpper && (
          <QueryError error={save.error} />
        )}
      </form>
    </Card>
  );
}
