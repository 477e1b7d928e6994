import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppStore, useStores } from '../app/stores.js';
import { formatClock } from '../i18n/format.js';
import { showDesktopNotice } from './desktopNotices.js';
import type { MyWorkNotice } from './myWorkStore.js';

/** A notice's words: the notification's title line and body. */
function noticeText(t: TFunction, notice: MyWorkNotice): { text: string; body: string } {
  switch (notice.kind) {
    case 'handover': {
      const name = notice.fromAgentName;
      const text =
        notice.byAgentName && notice.count === 1
          ? t('myWork.notice.reassigned', { by: notice.byAgentName, number: notice.orderNumber })
          : notice.count > 1
          ? t('myWork.notice.handoverMore', { name: name ?? '', count: notice.count, number: notice.orderNumber })
          : name
            ? t('myWork.notice.handover', { name, number: notice.orderNumber })
            : t('myWork.notice.handoverUnknown', { number: notice.orderNumber });
      return { text, body: notice.note ? (notice.byAgentName ? t('myWork.reason', { reason: notice.note }) : t('myWork.notice.handoverBody', { note: notice.note })) : t('myWork.notice.handoverNoNote') };
    }
    case 'partsRequest':
      return { text: t('myWork.notice.partsRequest', { number: notice.orderNumber, part: notice.partNumber, status: t(`partsRequests.statusName.${notice.status}`) }), body: '' };
    case 'conflict':
      return { text: t('myWork.notice.conflict', { count: notice.count }), body: t('myWork.notice.conflictBody') };
    case 'callBack':
      return { text: t('myWork.notice.callBack', { name: notice.customerName, time: formatClock(notice.at) }), body: notice.about };
  }
}

/**
 * Turns what arrived for the agent (My work's notices) into desktop notifications, once each, in
 * the agent's language; the header's badge is the in-app sign. A call back whose time has come
 * is also shown on screen (the reminder) until the agent opens it (Enter) or dismisses it (Esc).
 */
export function MyWorkNotices() {
  const { t } = useTranslation();
  const { myWork } = useStores();
  const notices = useAppStore('myWork', (s) => s.notices);
  const reminder = useAppStore('myWork', (s) => s.reminders.at(-1) ?? null);
  const reminderCount = useAppStore('myWork', (s) => s.reminders.length);
  const told = useRef(0);
  useEffect(() => {
    for (const notice of notices) {
      if (notice.id <= told.current) continue;
      told.current = notice.id;
      const { text, body } = noticeText(t, notice);
      showDesktopNotice(text, body || t('myWork.notice.title'), `my-work-${notice.kind}-${notice.id}`);
    }
  }, [notices, t]);
  if (!reminder) return null;
  return (
    <div
      className="call-back-reminder"
      role="alert"
      data-testid="call-back-reminder"
      data-row-key={reminder.rowKey}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.stopPropagation();
          myWork.getState().dismissReminder(reminder.id);
        }
      }}
    >
      <strong>{t('myWork.reminder.heading', { count: reminderCount })}</strong>
      <span>{t('myWork.notice.callBack', { name: reminder.customerName, time: formatClock(reminder.at) })}</span>
      <span className="muted">{reminder.about}</span>
      <button type="button" className="button button-small button-primary" data-testid="call-back-reminder-open" onClick={() => myWork.getState().openReminder(reminder.id)}>
        {t('myWork.reminder.open')}
      </button>
      <button type="button" className="button button-small" data-testid="call-back-reminder-dismiss" title={t('myWork.reminder.dismissTitle')} onClick={() => myWork.getState().dismissReminder(reminder.id)}>
        {t('myWork.reminder.dismiss')}
      </button>
    </div>
  );
}
