import {
  Badge,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Table,
  Tabs,
  TagsInput,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSegments, type Condition } from '../../api/marketing.ts';
import { useOffers, useSaveOffer, type Offer } from '../../api/offers.ts';
import { DateField } from '../../components/date-fields.tsx';
import { EmptyNote } from '../../components/empty-note.tsx';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { QueryError } from '../../components/query-error.tsx';
import { useFormat } from '../../i18n/format.ts';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { ownOwner } from '../../../modules/marketing/owner-scope.ts';
import { conditionOf, emptyTarget, simpleOf, type SimpleTarget } from './offer-target.ts';

type Language = 'en' | 'ru' | 'zh';
const offerLanguages: Language[] = ['en', 'ru', 'zh'];
type Texts = Partial<Record<Language, { title: string; text: string }>>;
type TargetMode = 'conditions' | 'segment' | 'json';
/** Handlebars, not i18next: given as a value so that i18next leaves its braces alone */
const templateExample = '{{#each offers}}{{title}}: {{text}} ({{validTo}}){{/each}}';

/** The offer's title in the reader's language, else any it has. */
const titleOf = (texts: Texts, language: string) =>
  (texts[language as Language] ?? Object.values(texts)[0])?.title ?? '';

/**
 * An offer's form, new or existing: name, validity, priority, texts per language, and whom it
 * is for (simple conditions, a saved segment, or a condition tree as JSON).
 */
function OfferForm({ offer, onDone }: { offer: Offer | null; onDone: () => void }) {
  const { t } = useTranslation();
  const me = useSession();
  const segments = useSegments();
  const save = useSaveOffer(offer?.id ?? null);
  const [name, setName] = useState(offer?.name ?? '');
  const [validFrom, setValidFrom] = useState<string | null>(
    offer?.validFrom ?? dayjs().format('YYYY-MM-DD'),
  );
  const [validTo, setValidTo] = useState<string | null>(
    offer?.validTo ?? dayjs().add(1, 'month').format('YYYY-MM-DD'),
  );
  const [priority, setPriority] = useState<number>(offer?.priority ?? 0);
  const [active, setActive] = useState(offer?.active ?? true);
  const [texts, setTexts] = useState<Texts>(
    offer?.texts ?? { [me.locale]: { title: '', text: '' } },
  );
  const stored = (offer?.condition ?? null) as Condition | null;
  const simple = stored ? simpleOf(stored) : null;
  const [mode, setMode] = useState<TargetMode>(
    offer?.segmentId ? 'segment' : stored && !simple ? 'json' : 'conditions',
  );
  const [target, setTarget] = useState<SimpleTarget>(simple ?? emptyTarget);
  const [segmentId, setSegmentId] = useState<string | null>(offer?.segmentId ?? null);
  const [json, setJson] = useState(stored ? JSON.stringify(stored, null, 2) : '');
  const [jsonError, setJsonError] = useState<string | null>(null);
  const errors = fieldErrors(save.error);
  const setText = (language: Language, patch: Partial<{ title: string; text: string }>) =>
    setTexts({
      ...texts,
      [language]: { title: '', text: '', ...texts[language], ...patch },
    });

  const submit = () => {
    let condition: Condition | null = null;
    if (mode === 'conditions') condition = conditionOf(target);
    if (mode === 'json') {
      try {
        condition = JSON.parse(json) as Condition;
        setJsonError(null);
      } catch {
        setJsonError(t('marketing.offers.badJson'));
        return;
      }
    }
    // a language left without a title is not part of the offer
    const written = Object.fromEntries(
      Object.entries(texts).filter(([, value]) => value.title.trim()),
    );
    save.mutate(
      {
        name,
        ...(offer
          ? { ownerLevel: offer.ownerLevel, dealerId: offer.dealerId, brandId: offer.brandId }
          : ownOwner(me)),
        validFrom: validFrom ?? '',
        validTo: validTo ?? '',
        priority,
        active,
        texts: written,
        segmentId: mode === 'segment' ? segmentId : null,
        condition: mode === 'segment' ? null : condition,
      },
      { onSuccess: onDone },
    );
  };

  return (
    <Card withBorder data-testid="offer-form">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {offer ? t('marketing.offers.edit') : t('marketing.offers.new')}
        </Title>
        <Group grow align="start">
          <TextInput
            label={t('marketing.offers.name')}
            required
            value={name}
            error={errors.name}
            onChange={(e) => setName(e.currentTarget.value)}
          />
          <DateField
            label={t('marketing.offers.validFrom')}
            value={validFrom}
            onChange={setValidFrom}
            {...(errors.validFrom ? { error: errors.validFrom } : {})}
          />
          <DateField
            label={t('marketing.offers.validTo')}
            value={validTo}
            onChange={setValidTo}
            {...(errors.validTo ? { error: errors.validTo } : {})}
          />
          <NumberInput
            label={t('marketing.offers.priority')}
            description={t('marketing.offers.priorityHint')}
            min={-1000}
            max={1000}
            value={priority}
            onChange={(value) => setPriority(Number(value) || 0)}
          />
        </Group>
        <Switch
          label={t('marketing.offers.active')}
          checked={active}
          onChange={(e) => setActive(e.currentTarget.checked)}
        />
        <Tabs defaultValue={Object.keys(texts)[0] ?? me.locale}>
          <Tabs.List>
            {offerLanguages.map((language) => (
              <Tabs.Tab key={language} value={language}>
                {t(`language.${language}`)}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {offerLanguages.map((language) => (
            <Tabs.Panel key={language} value={language} pt="xs">
              <Stack gap="xs">
                <TextInput
                  label={t('marketing.offers.title')}
                  maxLength={200}
                  value={texts[language]?.title ?? ''}
                  error={errors[`texts.${language}.title`] ?? errors.texts}
                  onChange={(e) => setText(language, { title: e.currentTarget.value })}
                />
                <Textarea
                  label={t('marketing.offers.text')}
                  autosize
                  minRows={2}
                  maxLength={2000}
                  value={texts[language]?.text ?? ''}
                  onChange={(e) => setText(language, { text: e.currentTarget.value })}
                />
              </Stack>
            </Tabs.Panel>
          ))}
        </Tabs>
        <Text size="xs" c="dimmed">
          {t('marketing.offers.templateHint', { example: templateExample })}
        </Text>
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('marketing.offers.target')}
          </Text>
          <SegmentedControl
            value={mode}
            onChange={(value) => setMode(value as TargetMode)}
            data={(['conditions', 'segment', 'json'] as const).map((value) => ({
              value,
              label: t(`marketing.offers.targetModes.${value}`),
            }))}
          />
        </Stack>
        {mode === 'conditions' && (
          <Group grow align="start">
            <TagsInput
              label={t('marketing.offers.series')}
              description={t('marketing.offers.seriesHint')}
              value={target.series}
              onChange={(series) => setTarget({ ...target, series })}
            />
            <NumberInput
              label={t('marketing.offers.vehicleAgeMin')}
              min={0}
              max={100}
              value={target.vehicleAgeMin ?? ''}
              onChange={(value) =>
                setTarget({ ...target, vehicleAgeMin: value === '' ? null : Number(value) })
              }
            />
            <NumberInput
              label={t('marketing.offers.vehicleAgeMax')}
              min={0}
              max={100}
              value={target.vehicleAgeMax ?? ''}
              onChange={(value) =>
                setTarget({ ...target, vehicleAgeMax: value === '' ? null : Number(value) })
              }
            />
            <NumberInput
              label={t('marketing.offers.noVisitMonths')}
              min={1}
              max={240}
              value={target.noVisitMonths ?? ''}
              onChange={(value) =>
                setTarget({ ...target, noVisitMonths: value === '' ? null : Number(value) })
              }
            />
          </Group>
        )}
        {mode === 'segment' && (
          <Select
            label={t('marketing.offers.segment')}
            searchable
            value={segmentId}
            onChange={setSegmentId}
            error={errors.segmentId}
            data={(segments.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
        {mode === 'json' && (
          <Textarea
            label={t('marketing.offers.json')}
            autosize
            minRows={6}
            ff="monospace"
            value={json}
            error={jsonError ?? errors.condition}
            onChange={(e) => setJson(e.currentTarget.value)}
          />
        )}
        {mode !== 'segment' && errors.segmentId && (
          <Text size="sm" c="red">
            {t('marketing.offers.targetMissing')}
          </Text>
        )}
        <FormError error={save.error} />
        <Group>
          <Button onClick={submit} loading={save.isPending} disabled={!name.trim()}>
            {t('marketing.offers.save')}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t('marketing.campaigns.cancel')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** The offer catalogue: the group's, my brand's and my dealer's offers; new and edit. */
export function OffersPage() {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  usePageTitle(t('marketing.offers.heading'));
  const canWrite = useCan('marketing:write');
  const offers = useOffers();
  // null: no form; 'new': a new offer; else the id of the offer being edited
  const [editing, setEditing] = useState<string | null>(null);
  const editedOffer = offers.data?.find((offer) => offer.id === editing) ?? null;
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('marketing.offers.heading')}
        </Title>
        {canWrite && editing === null && (
          <Button onClick={() => setEditing('new')} data-testid="new-offer">
            {t('marketing.offers.new')}
          </Button>
        )}
      </Group>
      <Text size="sm" c="dimmed">
        {t('marketing.offers.intro', { loop: '{{#each offers}}' })}
      </Text>
      {editing !== null && (
        <OfferForm
          key={editing}
          offer={editing === 'new' ? null : editedOffer}
          onDone={() => setEditing(null)}
        />
      )}
      {offers.isError && <QueryError error={offers.error} onRetry={() => void offers.refetch()} />}
      <Card padding={0}>
        <Table verticalSpacing="sm" highlightOnHover data-testid="offers-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('marketing.offers.name')}</Table.Th>
              <Table.Th>{t('marketing.offers.title')}</Table.Th>
              <Table.Th>{t('marketing.offers.owner')}</Table.Th>
              <Table.Th>{t('marketing.offers.valid')}</Table.Th>
              <Table.Th>{t('marketing.offers.priority')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(offers.data ?? []).map((offer) => (
              <Table.Tr key={offer.id}>
                <Table.Td>
                  {offer.name}{' '}
                  {!offer.active && <Badge color="gray">{t('marketing.offers.inactive')}</Badge>}
                </Table.Td>
                <Table.Td>{titleOf(offer.texts, i18n.language)}</Table.Td>
                <Table.Td>{t(`marketing.offers.owners.${offer.ownerLevel}`)}</Table.Td>
                <Table.Td>
                  {format.date(offer.validFrom)} – {format.date(offer.validTo)}
                </Table.Td>
                <Table.Td>{format.number(offer.priority)}</Table.Td>
                <Table.Td>
                  {offer.mayEdit && (
                    <Button size="compact-xs" variant="light" onClick={() => setEditing(offer.id)}>
                      {t('marketing.offers.edit')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {offers.data?.length === 0 && <EmptyNote>{t('marketing.offers.none')}</EmptyNote>}
      </Card>
    </Stack>
  );
}
