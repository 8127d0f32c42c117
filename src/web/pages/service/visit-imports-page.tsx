import { Button, Card, FileInput, Group, Select, Stack, Text, Title } from '@mantine/core';
import { IconFileImport, IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { fileToBase64 } from '../../api/imports.ts';
import { dealerOptions, useDealers } from '../../api/org.ts';
import { useUploadVisitImport, useVisitImportJobs } from '../../api/service-imports.ts';
import { FormError } from '../../components/form-error.tsx';
import { usePageTitle } from '../../components/page-title.ts';
import { useSession } from '../../session/session-context.tsx';
import { ImportHistoryCard } from '../imports/import-history-card.tsx';

const maxBytes = 10 * 1024 * 1024;

function UploadCard() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useSession();
  const dealers = useDealers();
  const upload = useUploadVisitImport();
  const [file, setFile] = useState<File | null>(null);
  // a dealer's people import into their own dealer; staff above dealers pick one
  const [dealerChoice, setDealerChoice] = useState<string | null>(null);
  const ownCode = dealers.data?.find((dealer) => dealer.id === me.dealerId)?.code ?? null;
  const dealerCode = dealerChoice ?? ownCode;
  const tooLarge = file !== null && file.size > maxBytes;
  const dealerChoices = dealerOptions(dealers.data, (dealer) => dealer.inScope);
  const submit = async () => {
    if (!file || tooLarge || !dealerCode) return;
    const job = await upload.mutateAsync({
      fileName: file.name,
      contentBase64: await fileToBase64(file),
      dealerCode,
    });
    navigate(`/service/imports/${job.id}`);
  };
  return (
    <Card>
      <Title order={3} size="h4" mb="sm">
        {t('imports.page.upload')}
      </Title>
      <Stack gap="sm">
        <Group grow align="flex-start">
          <FileInput
            label={t('imports.page.file')}
            accept=".csv,.txt,.xlsx"
            value={file}
            onChange={setFile}
            leftSection={<IconFileImport size={16} />}
            error={tooLarge ? t('imports.page.tooLarge') : undefined}
            required
            data-testid="visit-import-file"
          />
          <Select
            label={t('service.dmsImport.dealer')}
            data={dealerChoices}
            value={dealerCode}
            onChange={setDealerChoice}
            disabled={me.scope === 'dealer'}
            searchable
            required
          />
        </Group>
        <FormError error={upload.error} />
        <Group>
          <Button
            leftSection={<IconUpload size={16} />}
            onClick={submit}
            loading={upload.isPending}
            disabled={!file || tooLarge || !dealerCode}
            data-testid="visit-import-upload"
          >
            {t('imports.page.uploadButton')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Repair orders from the dealer management system: upload an export, then map, check and run. */
export function VisitImportsPage() {
  const { t } = useTranslation();
  usePageTitle(t('service.dmsImport.title'));
  return (
    <Stack>
      <div>
        <Title order={2}>{t('service.dmsImport.title')}</Title>
        <Text c="dimmed" size="sm" maw={820}>
          {t('service.dmsImport.intro')}
        </Text>
      </div>
      <UploadCard />
      <ImportHistoryCard
        jobs={useVisitImportJobs()}
        jobPath={(job) => `/service/imports/${job.id}`}
        showSource={false}
      />
    </Stack>
  );
}
