import { Checkbox, Group, Input, Select, Stack } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  consentMethods,
  contactChannels,
  type ConsentMethod,
  type ContactChannel,
} from '../../../modules/customers/vocabulary.ts';
import { useVocabulary } from '../../i18n/vocabulary-labels.ts';

export type ConsentChoice = { given: boolean; method: ConsentMethod };
export type ConsentChoices = Record<ContactChannel, ConsentChoice>;

export function noConsents(): ConsentChoices {
  return Object.fromEntries(
    contactChannels.map((channel) => [channel, { given: false, method: 'signed_form' }]),
  ) as ConsentChoices;
}

type Props = {
  value: ConsentChoices;
  onChange: (value: ConsentChoices) => void;
  errorAt: (channel: ContactChannel) => string | undefined;
};

/** One line per channel: did the customer agree, and how was it recorded. */
export function ConsentRows({ value, onChange, errorAt }: Props) {
  const { t } = useTranslation();
  const { label, options } = useVocabulary();
  const set = (channel: ContactChannel, change: Partial<ConsentChoice>) =>
    onChange({ ...value, [channel]: { ...value[channel], ...change } });

  return (
    <Input.Wrapper label={t('newCustomer.consents')} description={t('newCustomer.consentsHint')}>
      <Stack gap={6} mt={8}>
        {contactChannels.map((channel) => (
          <Group key={channel} gap="sm" wrap="nowrap" mih={36}>
            <Checkbox
              w={170}
              label={label('contactChannel', channel)}
              checked={value[channel].given}
              onChange={(event) => set(channel, { given: event.currentTarget.checked })}
              data-testid={`consent-${channel}`}
            />
            {value[channel].given && (
              <Select
                w={220}
                size="xs"
                aria-label={`${label('contactChannel', channel)}: ${t('newCustomer.method')}`}
                data={options('consentMethod', consentMethods)}
                value={value[channel].method}
                onChange={(method) => method && set(channel, { method: method as ConsentMethod })}
                error={errorAt(channel)}
              />
            )}
          </Group>
        ))}
      </Stack>
    </Input.Wrapper>
  );
}
