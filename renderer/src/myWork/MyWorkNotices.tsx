import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { useAppStore } from '../app/stores.js';
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
  }
}

/**
 * Turns what arrived for the agent (My work's notices) into desktop notifications, once each, in
 * the agent's language. Renders nothing: the header's badge is the in-app sign.
 */
export function MyWorkNotices() {
  const { t } = useTranslation();
  const notices = useAppStore('myWork', (s) => s.notices);
  const told = useRef(0);
  useEffect(() => {
    for (const notice of notices) {
      if (notice.id <= told.current) continue;
      told.current = notice.id;
      const { text, body } = noticeText(t, notice);
      showDesktopNotice(text, body || t('myWork.notice.title'), `my-work-${notice.kind}-${notice.id}`);
    }
  }, [notices, t]);
  return null;
}
