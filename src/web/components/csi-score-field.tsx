import { SegmentedControl, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const scores = Array.from({ length: 10 }, (_, index) => String(index + 1));

/** The owner's satisfaction (CSI) from 1 to 10, asked on the after-service call. */
export function CsiScoreField(props: {
  value: number | null;
  onChange: (score: number) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <div data-testid="csi-score-field">
      <Text size="sm" fw={500}>
        {t('service.followUp.score')}
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        {t('service.followUp.scoreHint')}
      </Text>
      <SegmentedControl
        fullWidth
        data={scores}
        value={props.value === null ? '' : String(props.value)}
        onChange={(value) => props.onChange(Number(value))}
        aria-label={t('service.followUp.score')}
      />
      {props.error && (
        <Text size="xs" c="red">
          {props.error}
        </Text>
      )}
    </div>
  );
}
