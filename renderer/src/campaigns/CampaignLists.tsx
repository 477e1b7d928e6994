import './campaignLists.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { formatPhone } from '../i18n/format.js';

/** Rows of the preview drawn at once: a 10,000-row file shows its refused rows first, then the first valid ones. */
const PREVIEW_ROWS_SHOWN = 200;

/**
 * Campaign target lists (supervisor: the branch's campaigns; headquarters: every branch's), in the
 * campaigns panel. Tab moves campaign → file → import → agents → assign: choose a CSV file
 * (phone and/or customer id; UTF-8 or GBK as Excel saves it), every row is checked and shown with
 * its reasons before anything is written; "Import" writes the valid rows in one step; then the
 * campaign's unassigned targets are shared out round-robin to the chosen agents.
 */
export function CampaignLists() {
  const { t } = useTranslation();
  const { campaignLists: store } = useStores();
  const s = useAppStore('campaignLists', (state) => state);
  const selectRef = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (s.phase === 'loaded') selectRef.current?.focus();
  }, [s.phase]);

  const campaign = s.campaigns.find((c) => c.id === s.campaignId) ?? null;
  const preview = s.preview;
  const shown = preview ? [...preview.rows.filter((r) => r.errors.length > 0), ...preview.rows.filter((r) => r.errors.length === 0)].slice(0, PREVIEW_ROWS_SHOWN) : [];
  const progress = s.progress;

  return (
    <section className="campaign-lists" data-testid="campaign-lists" aria-label={t('campaignLists.heading')}>
      <div className="form-actions">
        <h3>{t('campaignLists.heading')}</h3>
        <button type="button" className="button button-small" data-testid="campaign-lists-back" onClick={() => store.getState().hide()}>
          {t('campaignLists.back')}
        </button>
      </div>
      <p className="muted">{t('campaignLists.hint')}</p>
      {s.phase === 'loading' ? <p className="muted">{t('campaignLists.loading')}</p> : null}
      <label>
        {t('campaignLists.campaign')}
        <select ref={selectRef} data-testid="campaign-lists-campaign" value={s.campaignId ?? ''} onChange={(e) => void store.getState().chooseCampaign(e.target.value)}>
          {s.campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {t('campaignLists.campaignOption', {
                name: c.name,
                kind: t(`campaigns.kind.${c.kind}`),
                total: c.progress.pending + c.progress.done + c.progress.no_answer + c.progress.refused + c.progress.call_back,
              })}
            </option>
          ))}
        </select>
      </label>
      {campaign ? (
        <>
          <label className="campaign-lists-file">
            <span>{t('campaignLists.file')}</span>
            <span className="button button-small">{t('campaignLists.chooseFile')}</span>
            <span className="muted">{s.fileName ?? t('campaignLists.noFile')}</span>
            <input
              className="campaign-lists-file-input"
              type="file"
              accept=".csv,text/csv"
              data-testid="campaign-lists-file"
              disabled={s.busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                if (file) void file.arrayBuffer().then((buffer) => store.getState().chooseFile(file.name, new Uint8Array(buffer)));
              }}
            />
          </label>
          <p className="muted">{t('campaignLists.fileHint')}</p>
          {progress && s.busy ? (
            <p data-testid="campaign-lists-progress">
              <progress max={Math.max(progress.total, 1)} value={progress.done} aria-label={t(`campaignLists.stage.${progress.stage}`)} />{' '}
              {t(`campaignLists.stage.${progress.stage}`)} {t('campaignLists.progress', { done: progress.done, total: progress.total })}
            </p>
          ) : null}
          {s.error ? <ErrorText error={s.error} testId="campaign-lists-error" /> : null}
          {s.imported !== null ? (
            <p className="badge" data-testid="campaign-lists-imported" role="status">
              {t('campaignLists.imported', { count: s.imported })}
            </p>
          ) : null}
          {preview ? (
            <div data-testid="campaign-lists-preview" data-valid={preview.valid} data-invalid={preview.invalid}>
              {preview.problem ? (
                <p className="error-text" data-testid="campaign-lists-problem" role="alert">
                  {t(`campaignLists.problem.${preview.problem}`)}
                </p>
              ) : (
                <>
                  <p data-testid="campaign-lists-summary">
                    {t('campaignLists.summary', { file: s.fileName ?? '', encoding: t(`campaignLists.encoding.${preview.encoding}`), valid: preview.valid, invalid: preview.invalid })}
                  </p>
                  <div className="campaign-lists-table-wrap">
                    <table className="campaign-lists-table">
                      <thead>
                        <tr>
                          <th>{t('campaignLists.col.line')}</th>
                          <th>{t('campaignLists.col.customer')}</th>
                          <th>{t('campaignLists.col.phone')}</th>
                          <th>{t('campaignLists.col.result')}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {shown.map((r) => (
                          <tr key={r.line} data-testid="campaign-lists-row" data-line={r.line} data-ok={String(r.errors.length === 0)} className={r.errors.length > 0 ? 'is-refused' : ''}>
                            <td className="mono">{r.line}</td>
                            <td>{r.customerName ?? (r.errors.length > 0 ? (r.text ?? '') : '')}</td>
                            <td className="mono nowrap">{r.phone ? formatPhone(r.phone) : ''}</td>
                            <td data-testid="campaign-lists-row-result">
                              {r.errors.length === 0 ? t('campaignLists.rowOk') : r.errors.map((e) => t(`campaignLists.rowError.${e}`)).join('；')}
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  {preview.rows.length > shown.length ? <p className="muted">{t('campaignLists.moreRows', { count: preview.rows.length - shown.length })}</p> : null}
                  <div className="form-actions">
                    <button
                      type="button"
                      className="button button-primary"
                      data-testid="campaign-lists-import"
                      disabled={s.busy || preview.valid === 0}
                      onClick={() => void store.getState().importValid()}
                    >
                      {t('campaignLists.import', { count: preview.valid })}
                    </button>
                  </div>
                </>
              )}
            </div>
          ) : null}
          <fieldset data-testid="campaign-lists-agents">
            <legend>{t('campaignLists.assignLegend')}</legend>
            {s.agents.map((a) => (
              <label key={a.id} className="nowrap">
                <input type="checkbox" data-testid="campaign-lists-agent" data-login={a.login} checked={s.chosenAgents.includes(a.id)} onChange={() => store.getState().toggleAgent(a.id)} />
                {t('campaignLists.agentOption', { name: a.displayName, login: a.login })}
              </label>
            ))}
            <div className="form-actions">
              <button type="button" className="button" data-testid="campaign-lists-assign" disabled={s.busy || s.chosenAgents.length === 0} onClick={() => void store.getState().assign()}>
                {t('campaignLists.assign', { count: s.chosenAgents.length })}
              </button>
            </div>
            {s.assigned ? (
              <p data-testid="campaign-lists-assigned" role="status">
                {s.assigned.assigned
                  .map((x) => t('campaignLists.assignedTo', { name: s.agents.find((a) => a.id === x.agentId)?.displayName ?? x.agentId, count: x.count }))
                  .join('，')}
              </p>
            ) : null}
          </fieldset>
        </>
      ) : s.phase === 'loaded' ? (
        <p className="muted">{t('campaignLists.none')}</p>
      ) : null}
    </section>
  );
}
