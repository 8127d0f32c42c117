import {
  ActionIcon,
  Chip,
  CloseButton,
  Group,
  Loader,
  Select,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { customerKinds, lifecycleStages } from '../../../modules/customers/vocabulary.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';
import type { ListParams } from './use-list-params.ts';

type Props = {
  params: ListParams;
  update: (changes: Partial<ListParams>, options?: { replace?: boolean }) => void;
  filtered: boolean;
  searching: boolean;
};

export function CustomerFilters({ params, update, filtered, searching }: Props) {
  const { t } = useTranslation();
  const { options } = useVocabulary();
  const dealers = useDealers();
  const [text, setText] = useState(params.q);
  const [seenQ, setSeenQ] = useState(params.q);

  // ?q= also changes from outside (the header's quick search, Back): follow it.
  if (params.q !== seenQ) {
    setSeenQ(params.q);
    setText(params.q);
  }

  // Typing should not fill the history with one entry per letter: replace, and wait a moment.
  const pushSearch = useDebouncedCallback((value: string) => {
    update({ q: value }, { replace: true });
  }, 300);

  const dealerChoices = dealerOptions(dealers.data, (dealer) => dealer.inScope);

  return (
    <Group gap="sm" align="flex-end" wrap="wrap">
      <TextInput
        style={{ flex: '1 1 240px' }}
        aria-label={t('customers.searchLabel')}
        placeholder={t('customers.searchPlaceholder')}
        leftSection={searching ? <Loader size={14} /> : <IconSearch size={16} />}
        value={text}
        data-testid="customer-search"
        onChange={(event) => {
          setText(event.currentTarget.value);
          pushSearch(event.currentTarget.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            pushSearch.flush();
          }
        }}
        rightSection={
          text ? (
            <CloseButton
              size="sm"
              aria-label={t('customers.clearFilters')}
              onClick={() => {
                pushSearch.cancel();
                setText('');
                update({ q: '' }, { replace: true });
              }}
            />
          ) : null
        }
      />
      <Select
        w={150}
        aria-label={t('customers.kindFilter')}
        placeholder={t('customers.anyKind')}
        data={options('kind', customerKinds)}
        value={params.kind ?? null}
        onChange={(value) => update({ kind: (value ?? undefined) as ListParams['kind'] })}
        clearable
      />
      <Select
        w={170}
        aria-label={t('customers.stageFilter')}
        placeholder={t('customers.anyStage')}
        data={options('stage', lifecycleStages)}
        value={params.stage ?? null}
        onChange={(value) => update({ stage: (value ?? undefined) as ListParams['stage'] })}
        clearable
      />
      <Select
        w={210}
        aria-label={t('customers.dealerFilter')}
        placeholder={t('customers.anyDealer')}
        data={dealerChoices}
        value={params.dealer ?? null}
        onChange={(value) => update({ dealer: value ?? undefined })}
        searchable
        clearable
        nothingFoundMessage={t('common.none')}
      />
      <Chip
        checked={params.mine}
        onChange={(checked) => update({ mine: checked })}
        variant="outline"
        size="md"
        styles={{ label: { height: 36, fontSize: 'var(--mantine-font-size-sm)' } }}
      >
        {t('customers.assignedToMe')}
      </Chip>
      {filtered && (
        <Tooltip label={t('customers.clearFilters')}>
          <ActionIcon
            size={36}
            variant="subtle"
            color="gray"
            aria-label={t('customers.clearFilters')}
            onClick={() => {
              pushSearch.cancel();
              setText('');
              update({ q: '', kind: undefined, stage: undefined, dealer: undefined, mine: false });
            }}
          >
            <IconFilterOff size={18} />
          </ActionIcon>
        </Tooltip>
      )}
    </Group>
  );
}
