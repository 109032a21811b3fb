import { useRef, useState } from 'preact/hooks';
import type { ImportOutcome, ImportRefusalCode } from '@/utils/core/import-reading';
import { t, type MessageKey } from '@/utils/i18n';

export interface DataSectionProps {
  /** Exports everything as a file; resolves with how many submissions and drafts it holds. */
  onExport(): Promise<{ items: number; drafts: number }>;
  /** Imports an export file; resolves with what was imported or why nothing was. */
  onImport(file: File): Promise<ImportOutcome>;
  /** Deletes everything Form Outbox keeps. */
  onDeleteEverything(): Promise<void>;
}

const REFUSALS: Record<ImportRefusalCode, MessageKey> = {
  'not-json': 'importRefusedNotJson',
  foreign: 'importRefusedForeign',
  'newer-version': 'importRefusedNewerVersion',
  sealed: 'importRefusedSealed',
  'bad-item': 'importRefusedBadItem',
  'bad-draft': 'importRefusedBadDraft',
  'too-large': 'importRefusedTooLarge',
  incomplete: 'importRefusedIncomplete',
};

interface Status {
  tone: 'info' | 'error';
  text: string;
  detail?: string;
}

const failed = (error: unknown): Status => ({
  tone: 'error',
  text: t('commandFailed', error instanceof Error ? error.message : String(error)),
});

function importStatus(outcome: ImportOutcome): Status[] {
  if (outcome.kind === 'refused') {
    return [
      {
        tone: 'error',
        text: t('dataImportRefused', t(REFUSALS[outcome.refusal.code])),
        ...(outcome.refusal.detail ? { detail: outcome.refusal.detail } : {}),
      },
    ];
  }
  const { report } = outcome;
  const lines: Status[] = [{ tone: 'info', text: t('dataImported', report.items, report.drafts) }];
  if (report.skippedItems.length || report.skippedDrafts.length) {
    lines.push({
      tone: 'info',
      text: t('dataImportSkipped', report.skippedItems.length, report.skippedDrafts.length),
      detail: [...report.skippedItems, ...report.skippedDrafts].join(', '),
    });
  }
  return lines;
}

function StatusLines({ lines, testId }: { lines: Status[]; testId: string }) {
  return (
    <div role="status" data-testid={testId}>
      {lines.map((line) => (
        <p key={line.text} class={line.tone === 'error' ? 'error' : 'hint'} data-tone={line.tone}>
          {line.text}
          {line.detail && (
            <details>
              <summary>{t('technicalDetail')}</summary>
              <code>{line.detail}</code>
            </details>
          )}
        </p>
      ))}
    </div>
  );
}

/** "Your data": export everything, import an export file, delete everything (with a confirmation). */
export function DataSection({ onExport, onImport, onDeleteEverything }: DataSectionProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<'export' | 'import' | 'delete'>();
  const [exportStatus, setExportStatus] = useState<Status[]>([]);
  const [importLines, setImportLines] = useState<Status[]>([]);
  const [deleteStatus, setDeleteStatus] = useState<Status[]>([]);
  const [confirming, setConfirming] = useState(false);

  const runImport = async () => {
    const file = fileInput.current?.files?.[0];
    if (!file) return setImportLines([{ tone: 'error', text: t('dataImportNoFile') }]);
    setBusy('import');
    setImportLines([]);
    try {
      setImportLines(importStatus(await onImport(file)));
    } catch (error) {
      setImportLines([failed(error)]);
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section class="card" aria-labelledby="data-title" data-testid="your-data">
      <h2 id="data-title">{t('dataTitle')}</h2>
      <p class="hint">{t('dataIntro')}</p>

      <div class="setting">
        <button
          type="button"
          class="button"
          aria-describedby="data-export-hint"
          disabled={busy !== undefined}
          onClick={() => {
            setBusy('export');
            void onExport()
              .then(
                (done) => setExportStatus([{ tone: 'info', text: t('dataExported', done.items, done.drafts) }]),
                (error: unknown) => setExportStatus([failed(error)]),
              )
              .finally(() => setBusy(undefined));
          }}
        >
          {t('dataExport')}
        </button>
        <p id="data-export-hint" class="hint">
          {t('dataExportHint')}
        </p>
        <StatusLines lines={exportStatus} testId="data-export-status" />
      </div>

      <div class="setting">
        <label for="data-import-file" class="setting-label">
          {t('dataImportLabel')}
        </label>
        <p id="data-import-hint" class="hint">
          {t('dataImportHint')}
        </p>
        <div class="actions">
          <input
            id="data-import-file"
            ref={fileInput}
            type="file"
            accept="application/json,.json"
            aria-describedby="data-import-hint"
            disabled={busy !== undefined}
          />
          <button type="button" class="button" disabled={busy !== undefined} onClick={() => void runImport()}>
            {busy === 'import' ? t('dataImporting') : t('dataImportButton')}
          </button>
        </div>
        <StatusLines lines={importLines} testId="data-import-status" />
      </div>

      <div class="setting">
        <p id="data-delete-hint" class="hint">
          {t('dataDeleteHint')}
        </p>
        {confirming ? (
          <div role="group" aria-labelledby="data-delete-confirm">
            <p id="data-delete-confirm">{t('dataDeleteConfirm')}</p>
            <div class="actions">
              <button
                type="button"
                class="button button-danger"
                disabled={busy !== undefined}
                onClick={() => {
                  setConfirming(false);
                  setBusy('delete');
                  void onDeleteEverything()
                    .then(
                      () => setDeleteStatus([{ tone: 'info', text: t('dataDeleted') }]),
                      (error: unknown) => setDeleteStatus([failed(error)]),
                    )
                    .finally(() => setBusy(undefined));
                }}
              >
                {busy === 'delete' ? t('dataDeleting') : t('dataDeleteYes')}
              </button>
              <button type="button" class="button" onClick={() => setConfirming(false)}>
                {t('cancel')}
              </button>
            </div>
          </div>
        ) : (
          <button
            type="button"
            class="button button-danger"
            aria-describedby="data-delete-hint"
            disabled={busy !== undefined}
            onClick={() => setConfirming(true)}
          >
            {t('dataDelete')}
          </button>
        )}
        <StatusLines lines={deleteStatus} testId="data-delete-status" />
      </div>
    </section>
  );
}
