import {
  ActionIcon,
  Button,
  Group,
  Input,
  Radio,
  Select,
  Stack,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { Option } from '../i18n/vocabulary-labels.ts';

export type ContactRow = { value: string; kind: string };

type Props = {
  rows: ContactRow[];
  onChange: (rows: ContactRow[]) => void;
  primary: number;
  onPrimary: (index: number) => void;
  kinds: Option[];
  label: string;
  addLabel: string;
  description?: string;
  type: 'tel' | 'email';
  errorAt: (index: number) => string | undefined;
  testId: string;
};

/** A growing list of phones or e-mails, each with its kind and one marked primary. */
export function ContactRows(props: Props) {
  const { t } = useTranslation();
  const update = (index: number, change: Partial<ContactRow>) =>
    props.onChange(props.rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const remove = (index: number) => {
    props.onChange(props.rows.filter((_, at) => at !== index));
    if (props.primary >= index && props.primary > 0) props.onPrimary(props.primary - 1);
  };

  return (
    <Input.Wrapper label={props.label} description={props.description}>
      <Stack gap="xs" mt={6}>
        {props.rows.map((row, index) => (
          <Group key={index} gap="xs" align="flex-start" wrap="nowrap">
            <TextInput
              style={{ flex: 1 }}
              aria-label={`${props.label} ${index + 1}`}
              type={props.type}
              inputMode={props.type === 'tel' ? 'tel' : 'email'}
              autoComplete="off"
              value={row.value}
              onChange={(event) => update(index, { value: event.currentTarget.value })}
              error={props.errorAt(index)}
              data-testid={`${props.testId}-${index}`}
            />
            <Select
              w={130}
              aria-label={`${props.label} ${index + 1}`}
              data={props.kinds}
              value={row.kind}
              onChange={(value) => value && update(index, { kind: value })}
            />
            <Tooltip label={t('common.primary')}>
              <Radio
                mt={8}
                aria-label={t('common.primary')}
                checked={props.primary === index}
                onChange={() => props.onPrimary(index)}
              />
            </Tooltip>
            <ActionIcon
              mt={4}
              variant="subtle"
              color="gray"
              aria-label={t('common.remove')}
              onClick={() => remove(index)}
              disabled={props.rows.length === 1}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button
            variant="subtle"
            size="compact-sm"
            leftSection={<IconPlus size={14} />}
            onClick={() =>
              props.onChange([...props.rows, { value: '', kind: props.kinds[0]?.value ?? '' }])
            }
            disabled={props.rows.length >= 10}
          >
            {props.addLabel}
          </Button>
        </Group>
      </Stack>
    </Input.Wrapper>
  );
}
