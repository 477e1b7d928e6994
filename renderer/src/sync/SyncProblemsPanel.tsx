import { CustomerTags } from '../../../shared/domain/customerTags.js';
import './sync.css';
import '../customer/customer.css';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { VipTier } from '../../../shared/domain/customer.js';
import { ServiceOrderStatus, ServiceOrderType } from '../../../shared/domain/serviceOrder.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { ChangeAuthor, ConflictAtSeat, DeadLetterAtSeat, SyncRecordLabel } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { GridTable } from '../app/GridTable.js';
import { PanelDialog } from '../app/PanelDialog.js';
import { TechnicalDetails } from '../app/TechnicalDetails.js';
import { useAppStore, useStores } from '../app/stores.js';
import { refusalText, rejectionText } from '../i18n/errorMessages.js';
import { formatDateTime, formatPhone } from '../i18n/format.js';
import { zhCN } from '../i18n/locales/zh-CN.js';
import { problemCount } from './syncProblemsStore.js';

type FieldName = keyof typeof zhCN.fieldNames;
const PHONE_FIELDS = new Set(['phone', 'altPhone']);
/** Bookkeeping fields a refused change carries that say nothing to an agent. */
const HIDDEN_FIELDS = new Set(['id', 'branchId', 'createdAt', 'updatedAt', 'version', 'deleted']);

/** A field's name as the agent knows it; a generic word when there is no translation (never the raw name). */
export function fieldLabel(t: TFunction, field: string): string {
  return Object.hasOwn(zhCN.fieldNames, field) ? t(`fieldNames.${field as FieldName}`) : t('syncProblems.otherField');
}

/** The record as agents know it: order number, customer, product; a plain word when this seat has none of them. */
export function recordText(t: TFunction, record: SyncRecordLabel): string {
  const parts = [record.orderNumber, record.customerName, record.product].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(' · ') : t('syncProblems.unknownRecord');
}

/** "李娜（坐席 07）": who made a change; an agent unknown to this seat reads as "another agent". */
function authorText(t: TFunction, author: ChangeAuthor): string {
  return t('syncProblems.author', { agent: author.agentName ?? t('syncProblems.unknownAgent'), seat: author.seatCode ?? t('syncProblems.unknownSeat') });
}

/** A value of a field in words: phone numbers readable, statuses and tiers translated, nothing as "(empty)". */
function formatValue(t: TFunction, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return t('syncProblems.emptyValue');
  if (typeof value === 'string') {
    if (PHONE_FIELDS.has(field)) return formatPhone(value);
    if (field === 'vipTier' && VipTier.safeParse(value).success) return t(`vip.${value as VipTier}`);
    if (field === 'status' && ServiceOrderStatus.safeParse(value).success) return t(`orderStatus.${value as ServiceOrderStatus}`);
    if (field === 'type' && ServiceOrderType.safeParse(value).success) return t(`orderType.${value as ServiceOrderType}`);
    return value;
  }
  // A customer's tags in words ("老年客户、偏好晚间联系"); an empty list reads as "(empty)".
  if (field === 'tags' && CustomerTags.safeParse(value).success) {
    const tags = CustomerTags.parse(value);
    return tags.length ? tags.map((tag) => t(`customerTag.${tag}`)).join(t('customerTags.separator')) : t('syncProblems.emptyValue');
  }
  return JSON.stringify(value);
}

/** What the agent types as a new value, as the field stores it (phone numbers in E.164). */
function editedValue(field: string, text: string): unknown {
  const trimmed = text.trim();
  if (PHONE_FIELDS.has(field)) {
    if (!trimmed) return field === 'altPhone' ? null : '';
    return normalisePhone(trimmed) ?? trimmed;
  }
  return trimmed;
}

/** Where a badge and panel list what the backend refused and which edits collided. */
export function SyncProblemsPanel() {
  const { t } = useTranslation();
  const { syncProblems } = useStores();
  const deadLetters = useAppStore('syncProblems', (s) => s.deadLetters);
  const conflicts = useAppStore('syncProblems', (s) => s.conflicts);
  const error = useAppStore('syncProblems', (s) => s.error);
  const count = problemCount({ deadLetters, conflicts });
  const panelRef = useRef<HTMLElement>(null);

  // A row that had the focus went (dismissed, resolved): keep the focus in the panel.
  useEffect(() => {
    if (document.activeElement === document.body || document.activeElement === null) panelRef.current?.focus();
  }, [deadLetters, conflicts]);

  return (
    <PanelDialog
      ref={panelRef}
      name="sync-problems"
      heading={t('syncProblems.heading')}
      closeLabel={t('syncProblems.close')}
      onClose={() => syncProblems.getState().closePanel()}
      autoFocusClose
      tabIndex={-1}
    >
      {error ? <ErrorText error={error} headline={t('syncProblems.loadError')} testId="sync-problems-error" /> : null}
      {count === 0 && !error ? <p className="muted">{t('syncProblems.none')}</p> : null}
      {conflicts.length > 0 ? (
        <section className="panel-section">
          <h3>{t('syncProblems.conflicts', { count: conflicts.length })}</h3>
          <p className="muted">{t('syncProblems.conflictsHint')}</p>
          <ul className="problem-list">
            {conflicts.map((c) => (
              <ConflictRow key={c.id} conflict={c} />
            ))}
          </ul>
        </section>
      ) : null}
      {deadLetters.length > 0 ? (
        <section className="panel-section">
          <h3>{t('syncProblems.deadLetters', { count: deadLetters.length })}</h3>
          <p className="muted">{t('syncProblems.deadLettersHint')}</p>
          <GridTable className="dead-letters" headings={[t('syncProblems.what'), t('syncProblems.why'), t('syncProblems.when'), '']}>
            {deadLetters.map((d) => (
              <DeadLetterRow key={d.mutationId} letter={d} />
            ))}
          </GridTable>
        </section>
      ) : null}
    </PanelDialog>
  );
}

/** The record a problem is about, as agents know it (a customer this seat has opens on click). */
function RecordName({ entity, entityId, record }: { entity: DeadLetterAtSeat['entity']; entityId: string; record: SyncRecordLabel }) {
  const { t } = useTranslation();
  const { card, syncProblems } = useStores();
  const name = recordText(t, record);
  if (entity !== 'customer' || !record.customerName) return <span className="record-name">{name}</span>;
  return (
    <button
      type="button"
      className="link-button record-name"
      title={t('syncProblems.openCard')}
      onClick={() => {
        void card.getState().open(entityId);
        syncProblems.getState().closePanel();
      }}
    >
      {name}
    </button>
  );
}

/** A row's action under way and its failure (by the mutation's or the conflict's id). */
function useRowState(id: string) {
  const busy = useAppStore('syncProblems', (s) => Boolean(s.busy[id]));
  const error = useAppStore('syncProblems', (s) => s.rowErrors[id]);
  return { busy, error };
}

function DeadLetterRow({ letter }: { letter: DeadLetterAtSeat }) {
  const { t } = useTranslation();
  const { syncProblems } = useStores();
  const { busy, error } = useRowState(letter.mutationId);
  const fields = Object.keys(letter.patch).filter((f) => !HIDDEN_FIELDS.has(f));

  return (
    <tr data-testid="dead-letter-row" data-mutation-id={letter.mutationId} data-entity={letter.entity} data-code={letter.code}>
      <td>
        <div>
          <strong>{t(`syncOp.${letter.op}`, { entity: t(`entity.${letter.entity}`) })}</strong> <RecordName entity={letter.entity} entityId={letter.entityId} record={letter.record} />
        </div>
        {letter.op === 'update' && fields.length > 0 ? (
          <div className="muted">
            {t('syncProblems.fields', { fields: fields.map((f) => `${fieldLabel(t, f)} → ${formatValue(t, f, letter.patch[f])}`).join('；') })}
          </div>
        ) : null}
      </td>
      <td className="why">
        <strong data-testid="dead-letter-why">{rejectionText(t, letter.code)}</strong>
        {/* The rule's own words with its facts (which status, which outlet…), where the backend gave them. */}
        {letter.refusal ? (
          <span className="dead-letter-refusal" data-testid="dead-letter-refusal">
            {refusalText(t, letter.refusal)}
          </span>
        ) : null}
        <TechnicalDetails text={letter.message} />
        {error ? <ErrorText error={error} testId="dead-letter-error" /> : null}
      </td>
      <td className="nowrap">{formatDateTime(letter.rejectedAt)}</td>
      <td>
        <button type="button" className="button button-small" data-testid="dead-letter-dismiss" disabled={busy} onClick={() => void syncProblems.getState().dismiss(letter.mutationId)}>
          {t('syncProblems.dismiss')}
        </button>
      </td>
    </tr>
  );
}

function ConflictRow({ conflict }: { conflict: ConflictAtSeat }) {
  const { t } = useTranslation();
  const { syncProblems } = useStores();
  const { busy, error } = useRowState(conflict.id);
  const { field, pushedHere } = conflict;
  // The record's `mine` is the pushing seat's value; on every other seat this agent's is the kept one.
  const myValue = pushedHere ? conflict.mine : conflict.theirs;
  const theirValue = pushedHere ? conflict.theirs : conflict.mine;
  const pushedWhen = formatDateTime(conflict.createdAt);
  // Who wrote the value headquarters kept, and when, where the server recorded it.
  const keptWhen = conflict.theirsAt ? formatDateTime(conflict.theirsAt) : null;
  const keptOrigin =
    keptWhen && conflict.keptHere
      ? t('syncProblems.keptFromHere', { time: keptWhen })
      : keptWhen && conflict.keptBy
        ? t('syncProblems.keptBy', { author: authorText(t, conflict.keptBy), time: keptWhen })
        : t(pushedHere ? 'syncProblems.keptByOther' : 'syncProblems.keptHere');
  const myOrigin = pushedHere ? t('syncProblems.changedHere', { time: pushedWhen }) : keptOrigin;
  const theirOrigin = pushedHere ? keptOrigin : t('syncProblems.changedBy', { author: authorText(t, conflict.pushedBy), time: pushedWhen });
  const [value, setValue] = useState(() => (typeof myValue === 'string' ? (PHONE_FIELDS.has(field) ? formatPhone(myValue) : myValue) : ''));
  const enumOptions = field === 'vipTier' ? VipTier.options : field === 'status' ? ServiceOrderStatus.options : field === 'type' ? ServiceOrderType.options : null;
  const product = conflict.entity === 'product';
  const resolve = syncProblems.getState().resolve;
  const inputId = `conflict-${conflict.id}-value`;

  return (
    <li className="conflict" data-testid="conflict-row" data-conflict-id={conflict.id} data-field={field} data-entity={conflict.entity} data-pushed-here={pushedHere}>
      <div className="conflict-head">
        <strong data-testid="conflict-field">{fieldLabel(t, field)}</strong>
        <span className="muted" data-testid="conflict-record">
          {t(`entity.${conflict.entity}`)} <RecordName entity={conflict.entity} entityId={conflict.entityId} record={conflict.record} />
        </span>
      </div>
      <div className="conflict-values">
        <div className="conflict-value conflict-mine">
          <span className="value-label">{t('syncProblems.mine')}</span>
          <span className="value" data-testid="conflict-mine">
            {formatValue(t, field, myValue)}
          </span>
          <span className="muted conflict-origin" data-testid="conflict-mine-origin">
            {myOrigin}
          </span>
          <button type="button" className="button button-small" data-testid="conflict-keep-mine" disabled={busy || product} onClick={() => void resolve(conflict.id, { choice: 'keepMine' })}>
            {t('syncProblems.keepMine')}
          </button>
        </div>
        <div className="conflict-value conflict-theirs">
          <span className="value-label">{t('syncProblems.theirs')}</span>
          <span className="value" data-testid="conflict-theirs">
            {formatValue(t, field, theirValue)}
          </span>
          <span className="muted conflict-origin" data-testid="conflict-theirs-origin">
            {theirOrigin}
          </span>
          <button type="button" className="button button-small" data-testid="conflict-keep-theirs" disabled={busy || product} onClick={() => void resolve(conflict.id, { choice: 'keepTheirs' })}>
            {t('syncProblems.keepTheirs')}
          </button>
        </div>
      </div>
      {product ? (
        <p className="muted">{t('syncProblems.productConflict')}</p>
      ) : (
        <form
          className="conflict-edit"
          onSubmit={(e) => {
            e.preventDefault();
            void resolve(conflict.id, { choice: 'edit', value: editedValue(field, value) });
          }}
        >
          <label htmlFor={inputId} className="value-label">
            {t('syncProblems.editValue')}
          </label>
          {enumOptions ? (
            <select id={inputId} data-testid="conflict-edit-value" value={value} onChange={(e) => setValue(e.target.value)}>
              {enumOptions.map((o) => (
                <option key={o} value={o}>
                  {formatValue(t, field, o)}
                </option>
              ))}
            </select>
          ) : (
            <input id={inputId} data-testid="conflict-edit-value" autoComplete="off" spellCheck={false} value={value} onChange={(e) => setValue(e.target.value)} />
          )}
          <button type="submit" className="button button-small button-primary" data-testid="conflict-save-edit" disabled={busy}>
            {t('syncProblems.saveEdit')}
          </button>
        </form>
      )}
      {error ? <ErrorText error={error} testId="conflict-error" /> : null}
    </li>
  );
}

/** The status line's badge: how many problems wait; opens the panel. Nothing when there are none. */
export function SyncProblemsBadge() {
  const { t } = useTranslation();
  const { syncProblems } = useStores();
  const count = useAppStore('syncProblems', (s) => problemCount(s));
  const open = useAppStore('syncProblems', (s) => s.panelOpen);
  if (count === 0) return null;
  return (
    <button
      type="button"
      className="badge-button problems-badge"
      data-testid="sync-problems-badge"
      data-count={count}
      title={t('syncProblems.badgeTitle')}
      aria-expanded={open}
      onClick={() => syncProblems.getState().togglePanel()}
    >
      {t('syncProblems.badge', { count })}
    </button>
  );
}
