import { Button, EmptyState } from '@mantine/core';
import { IconBug } from '@tabler/icons-react';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

function Crashed({ onRetry }: { onRetry: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      mt={80}
      icon={<IconBug size={32} stroke={1.5} />}
      withIndicatorBackground
      title={t('errors.title')}
      description={t('errors.pageCrashed')}
    >
      <EmptyState.Actions>
        <Button onClick={onRetry}>{t('common.retry')}</Button>
      </EmptyState.Actions>
    </EmptyState>
  );
}

type State = { failed: boolean };

/** A page that throws while rendering shows a way out instead of a blank screen. */
export class PageErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('page crashed', error, info.componentStack);
  }

  override render() {
    if (this.state.failed) return <Crashed onRetry={() => this.setState({ failed: false })} />;
    return this.props.children;
  }
}
