import { useTranslation } from 'react-i18next';
import type { VipTier } from '../../../shared/domain/customer.js';

/** The customer's VIP tier; nothing for ordinary customers unless `showNone`. */
export function VipBadge({ tier, showNone = false }: { tier: VipTier; showNone?: boolean }) {
  const { t } = useTranslation();
  if (tier === 'none' && !showNone) return null;
  return (
    <span className={`badge vip vip-${tier}`} data-testid="vip-tier" data-tier={tier}>
      {t(`vip.${tier}`)}
    </span>
  );
}
