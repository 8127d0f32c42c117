import {
  Badge,
  Button,
  Group,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useSaveEventTexts, type EventTextsView } from '../../api/event-care.ts';
import type { TemplateContent } from '../../api/marketing.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldProblemText } from '../../lib/field-errors.ts';
import { SmsCount } from './campaign-fields.tsx';
import {
  sameAsBuiltIn,
  textKey,
  textsInEditor,
  textsToSave,
  type CareKind,
  type CareLanguage,
  type TextKey,
} from './event-texts.ts';

const kinds: CareKind[] = ['reminder', 'morning', 'feedback'];
const languages: CareLanguage[] = ['ru', 'en', 'zh'];
const languageNames: Record<CareLanguage, string> = { en: 'English', ru: 'Русский', zh: '中文' };

/**
 * The event's reminder and feedback texts, one kind and language at a time: the campaign's own
 * where it has one, else the built-in text to start from. Saving sends the texts that differ
 * from the built-in ones; putting one back makes it built-in again.
 */
export function EventTextsEditor({
  campaignId,
  view,
  language: campaignLanguage,
}: {
  campaignId: string;
  view: EventTextsView;
  language: CareLanguage;
}) {
  const { t } = useTranslation();
  const save = useSaveEventTexts(campaignId);
  const [edited, setEdited] = useState(() => textsInEditor(view));
  const [kind, setKind] = useState<CareKind>('reminder');
  const [language, setLanguage] = useState<CareLanguage>(campaignLanguage);
  const [sent, setSent] = useState<TextKey[]>([]);
  const key = textKey(kind, language);
  const text = edited[key];
  const builtIn = view.texts.find((x) => x.kind === kind && x.language === language)?.builtIn;
  if (!text || !builtIn) return null;
  const own = !sameAsBuiltIn(view.channel, text, builtIn);
  const readOnly = !view.mayEdit;
  const change = (patch: Partial<TemplateContent>) =>
    setEdited({ ...edited, [key]: { ...text, ...patch } });
  const kindLabel = (k: CareKind) => t(`eventCare.texts.kinds.${k}`);

  // the API names texts by their place in the set sent: back to kind and language
  const problems = isApiError(save.error) ? save.error.fields : [];
  const where = (path: string) => {
    const index = Number(path.split('.')[1]);
    const sentKey = sent[index];
    return { key: sentKey, part: path.split('.')[2] ?? 'mjml' };
  };
  const errorOf = (part: string) =>
    problems
      .filter((p) => where(p.path).key === key && where(p.path).part === part)
      .map(fieldProblemText)
      .join('; ') || undefined;

  const submit = () => {
    const texts = textsToSave(view, edited);
    setSent(texts.map((x) => textKey(x.kind, x.language)));
    save.mutate(texts, {
      onSuccess: (data) => {
        setEdited(textsInEditor(data));
        notifications.show({ color: 'green', message: t('eventCare.saved') });
      },
    });
  };

  return (
    <Stack gap="xs" data-testid="event-texts">
      <Group gap="sm">
        <SegmentedControl
          size="xs"
          value={kind}
          onChange={(value) => setKind(value as CareKind)}
          data={kinds.map((value) => ({ value, label: kindLabel(value) }))}
        />
        <SegmentedControl
          size="xs"
          value={language}
          onChange={(value) => setLanguage(value as CareLanguage)}
          data={languages.map((value) => ({ value, label: languageNames[value] }))}
        />
        <Badge variant={own ? 'filled' : 'outline'} data-testid="event-text-state">
          {own ? t('eventCare.texts.own') : t('eventCare.texts.builtIn')}
        </Badge>
      </Group>
      <Text size="xs" c="dimmed">
        {t(kind === 'feedback' ? 'eventCare.texts.feedbackHint' : 'eventCare.texts.reminderHint')}
      </Text>
      {view.channel === 'email' ? (
        <>
          <TextInput
            label={t('marketing.campaigns.subject')}
            required
            maxLength={300}
            readOnly={readOnly}
            value={text.subject}
            error={errorOf('subject')}
            onChange={(e) => change({ subject: e.currentTarget.value })}
          />
          <Textarea
            label={t('marketing.campaigns.template')}
            autosize
            minRows={6}
            ff="monospace"
            readOnly={readOnly}
            value={text.mjml}
            error={errorOf('mjml')}
            onChange={(e) => change({ mjml: e.currentTarget.value })}
          />
        </>
      ) : (
        <Stack gap={4}>
          <Textarea
            label={t('marketing.campaigns.smsText')}
            required
            autosize
            minRows={3}
            maxLength={5000}
            readOnly={readOnly}
            value={text.text ?? ''}
            error={errorOf('text')}
            onChange={(e) => change({ text: e.currentTarget.value })}
          />
          <SmsCount text={text.text ?? ''} customer={null} />
        </Stack>
      )}
      {/* every problem is shown here by kind and language, none by its raw path */}
      <FormError error={save.error} shownPaths={() => true} />
      {problems.some((p) => where(p.path).key !== key) && (
        <Text size="xs" c="red">
          {t('eventCare.texts.otherProblems', {
            texts: [
              ...new Set(
                problems
                  .map((p) => where(p.path).key)
                  .filter((k): k is TextKey => Boolean(k) && k !== key)
                  .map((k) => {
                    const [kk, ll] = k.split(':') as [CareKind, CareLanguage];
                    return `${kindLabel(kk)} · ${languageNames[ll]}`;
                  }),
              ),
            ].join(', '),
          })}
        </Text>
      )}
      {!readOnly && (
        <Group>
          <Button variant="light" loading={save.isPending} onClick={submit}>
            {t('eventCare.texts.save')}
          </Button>
          <Button
            variant="subtle"
            disabled={!own}
            onClick={() => setEdited({ ...edited, [key]: builtIn })}
          >
            {t('eventCare.texts.reset')}
          </Button>
        </Group>
      )}
      {readOnly && (
        <Text size="xs" c="dimmed">
          {t('eventCare.texts.readOnly')}
        </Text>
      )}
    </Stack>
  );
}
