import {
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  Select,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fileToBase64, useImportJobs, useUploadImport } from '../../api/imports.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useCan, useSession } from '../../session/session-context.tsx';
import { ImportHistoryCard } from './import-history-card.tsx';
import { sourceKeys } from './import-vocabulary.ts';

const maxBytes = 10 * 1024 * 1024;

function UploadCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const dealers = useDealers();
  const upload = useUploadImport();
  const [file, setFile] = useState<File | null>(null);
  const [source, setSource] = useState<string | null>('marketing_events');
  // Until the user picks, a dealer's people import into their own dealer.
  const [dealerChoice, setDealerChoice] = useState<string | null | undefined>(undefined);
  const ownCode = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.code ?? null;
  const dealerCode = dealerChoice === undefined ? ownCode : dealerChoice;
  const [campaign, setCampaign] = useState('');
  // never on by default: purchased and event lists must not pass for confirmed data
  const [trusted, setTrusted] = useState(false);
  const mayImport = useCan('leads:import');
  const mayWriteCustomers = useCan('customers:write');
  const mayMarkTrusted = mayImport && mayWriteCustomers;
  const tooLarge = file !== null && file.size > maxBytes;
  const dealerChoices = dealerOptions(dealers.data, (dealer) => dealer.inScope);

  const submit = async () => {
    if (!file || !source || tooLarge) return;
    const job = await upload.mutateAsync({
      fileName: file.name,
      contentBase64: await fileToBase64(file),
      source,
      ...(campaign.trim() ? { campaign: campaign.trim() } : {}),
      ...(dealerCode ? { dealerCode } : {}),
      ...(trusted ? { trusted } : {}),
    });
    navigate(`/imports/${job.id}`);
  };

  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('imports.page.upload')}
      </Title>
      <Stack gap="sm">
        <FileInput
          label={t('imports.page.file')}
          accept=".csv,.txt,.xlsx,.xml,.adf"
          value={file}
          onChange={setFile}
          leftSection={<IconFileImport size={16} />}
          error={tooLarge ? t('imports.page.tooLarge') : undefined}
          required
          data-testid="import-file"
        />
        <Group grow align="flex-start">
          <Select
            label={t('imports.page.source')}
            data={sourceKeys.map((key) => ({ value: key, label: t(`imports.sources.${key}`) }))}
            value={source}
            onChange={setSource}
            required
          />
          <Select
            label={t('imports.page.dealer')}
            placeholder={t('imports.page.dealerAuto')}
            data={dealerChoices}
            value={dealerCode}
            onChange={setDealerChoice}
            clearable={me.scope === 'group'}
            searchable
          />
          <TextInput
            label={t('imports.page.campaign')}
            value={campaign}
            onChange={(event) => setCampaign(event.currentTarget.value)}
            maxLength={200}
          />
        </Group>
        {mayMarkTrusted && (
          <Checkbox
            label={t('imports.page.trusted')}
            description={t('imports.page.trustedHint')}
            checked={trusted}
            onChange={(event) => setTrusted(event.currentTarget.checked)}
            data-testid="import-trusted"
          />
        )}
        <FormError error={upload.error} />
        <Group>
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={submit}
            loading={upload.isPending}
            disabled={!file || !source || tooLarge}
            data-testid="import-upload"
          >
            {t('imports.page.uploadButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Upload a list and find earlier imports with their reports. */
export function ImportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('imports.page.title'));
  return (
    <Stack>
      <div>
        <Title order={2}>{t('imports.page.title')}</Title>
        <Text c="dimmed" size="sm" maw={820}>
          {t('imports.page.intro')}
        </Text>
      </div>
      <UploadCard />
      <ImportHistoryCard
        jobs={useImportJobs()}
        jobPath={(job) => `/imports/${job.id}`}
        showSource={true}
      />
    </Stack>
  );
}
