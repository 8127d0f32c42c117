import {
  Button,
  Checkbox,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useBrands } from '../../api/imports.ts';
import {
  useCreateRoutingRule,
  useUpdateRoutingRule,
  type RoutingRule,
  type RoutingRuleInput,
} from '../../api/lead-settings.ts';
import { useLeadSources } from '../../api/leads.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { fieldErrors } from '../../lib/field-errors.ts';
import { useSourceName } from './source-name.ts';

type Props = {
  /** the rule to edit; absent for a new one, which goes after `nextPosition` */
  rule?: RoutingRule;
  nextPosition: number;
  onClose: () => void;
};

const formPaths = new Set([
  'name',
  'position',
  'brandCode',
  'postcodePrefixes',
  'cities',
  'models',
  'sources',
  'dealerCode',
  'openLeadCap',
]);

function emptyRule(position: number): RoutingRuleInput {
  return {
    position,
    name: '',
    active: true,
    brandCode: null,
    postcodePrefixes: [],
    cities: [],
    models: [],
    sources: [],
    useRelationship: false,
    dealerCode: null,
    openLeadCap: 40,
  };
}

/** Create or change one routing rule: its conditions, where it sends the lead, the cap. */
export function RoutingRuleModal({ rule, nextPosition, onClose }: Props) {
  const { t } = useTranslation();
  const create = useCreateRoutingRule();
  const update = useUpdateRoutingRule();
  const save = rule ? update : create;
  const brands = useBrands();
  const dealers = useDealers();
  const sources = useLeadSources();
  const sourceName = useSourceName();
  const [draft, setDraft] = useState<RoutingRuleInput>(() => {
    if (!rule) return emptyRule(nextPosition);
    const { id: _id, ...fields } = rule;
    return fields;
  });
  const errors = fieldErrors(save.error);
  const set = <K extends keyof RoutingRuleInput>(key: K, value: RoutingRuleInput[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  // an array field's problem comes as "cities.2": shown under the whole input
  const errorOf = (path: string) =>
    errors[path] ??
    Object.entries(errors).find(([key]) => key.startsWith(`${path}.`))?.[1] ??
    undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { ...draft, name: draft.name.trim() };
    const done = (saved: RoutingRule) => {
      notifications.show({
        color: 'green',
        message: t('leadSettings.rules.saved', { name: saved.name }),
      });
      onClose();
    };
    if (rule) update.mutate({ id: rule.id, ...input }, { onSuccess: done });
    else create.mutate(input, { onSuccess: done });
  };

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={rule ? t('leadSettings.rules.editTitle') : t('leadSettings.rules.newTitle')}
    >
      <form onSubmit={submit} data-testid="routing-rule-form">
        <Stack>
          <Group grow align="flex-start">
            <TextInput
              label={t('leadSettings.rules.name')}
              required
              value={draft.name}
              onChange={(event) => set('name', event.currentTarget.value)}
              error={errorOf('name')}
              name="name"
            />
            <NumberInput
              label={t('leadSettings.rules.order')}
              required
              min={0}
              allowDecimal={false}
              value={draft.position}
              onChange={(value) => set('position', typeof value === 'number' ? value : 0)}
              error={errorOf('position')}
              name="position"
              maw={140}
            />
          </Group>
          <Select
            label={t('leadSettings.rules.brand')}
            placeholder={t('leadSettings.rules.anyBrand')}
            data={(brands.data ?? []).map((brand) => ({ value: brand.code, label: brand.name }))}
            value={draft.brandCode}
            onChange={(value) => set('brandCode', value)}
            error={errorOf('brandCode')}
            clearable
            data-testid="rule-brand"
          />
          <Group grow align="flex-start">
            <TagsInput
              label={t('leadSettings.rules.postcodes')}
              placeholder={t('leadSettings.rules.typeAndEnter')}
              value={draft.postcodePrefixes}
              onChange={(value) => set('postcodePrefixes', value)}
              error={errorOf('postcodePrefixes')}
              data-testid="rule-postcodes"
            />
            <TagsInput
              label={t('leadSettings.rules.cities')}
              placeholder={t('leadSettings.rules.typeAndEnter')}
              value={draft.cities}
              onChange={(value) => set('cities', value)}
              error={errorOf('cities')}
              data-testid="rule-cities"
            />
          </Group>
          <Group grow align="flex-start">
            <TagsInput
              label={t('leadSettings.rules.models')}
              placeholder={t('leadSettings.rules.typeAndEnter')}
              value={draft.models}
              onChange={(value) => set('models', value)}
              error={errorOf('models')}
              data-testid="rule-models"
            />
            <MultiSelect
              label={t('leadSettings.rules.sources')}
              data={(sources.data?.items ?? []).map((item) => ({
                value: item.key,
                label: sourceName(item.key),
              }))}
              value={draft.sources}
              onChange={(value) => set('sources', value)}
              error={errorOf('sources')}
              searchable
              data-testid="rule-sources"
            />
          </Group>
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              {t('leadSettings.rules.targetKind')}
            </Text>
            <SegmentedControl
              value={draft.useRelationship ? 'relationship' : 'dealer'}
              onChange={(value) => set('useRelationship', value === 'relationship')}
              data={[
                { value: 'dealer', label: t('leadSettings.rules.toDealer') },
                { value: 'relationship', label: t('leadSettings.rules.relationship') },
              ]}
              data-testid="rule-target-kind"
            />
            {draft.useRelationship && (
              <Text size="xs" c="dimmed">
                {t('leadSettings.rules.relationshipHint')}
              </Text>
            )}
          </Stack>
          <Group grow align="flex-start">
            <Select
              label={t('leadSettings.rules.dealer')}
              data={dealerOptions(dealers.data, (dealer) => dealer.kind === 'dealer')}
              value={draft.dealerCode}
              onChange={(value) => set('dealerCode', value)}
              error={errorOf('dealerCode')}
              required={!draft.useRelationship}
              searchable
              clearable
              data-testid="rule-dealer"
            />
            <NumberInput
              label={t('leadSettings.rules.cap')}
              description={t('leadSettings.rules.capHint')}
              min={1}
              allowDecimal={false}
              value={draft.openLeadCap}
              onChange={(value) => set('openLeadCap', typeof value === 'number' ? value : 1)}
              error={errorOf('openLeadCap')}
              name="openLeadCap"
            />
          </Group>
          <Checkbox
            label={t('leadSettings.rules.active')}
            checked={draft.active}
            onChange={(event) => set('active', event.currentTarget.checked)}
          />
          <FormError
            error={save.error}
            shownPaths={(path) => formPaths.has(path.split('.')[0] ?? path)}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('leadSettings.rules.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('leadSettings.rules.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
