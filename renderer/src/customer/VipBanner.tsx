import './customer.css';
import { useTranslation } from 'react-i18next';
import type { VipTier } from '../../../shared/domain/customer.js';
import { hasVipEntitlements, vipEntitlements } from '../../../shared/domain/vipEntitlements.js';

/**
 * What the customer's VIP tier entitles them to (shared/domain/vipEntitlements.ts), on the card and
 * the new-order form; nothing for a tier that entitles to nothing.
 */
export function VipBanner({ tier, testId = 'vip-banner' }: { tier: VipTier; testId?: string }) {
  const { t } = useTranslation();
  if (!hasVipEntitlements(tier)) return null;
  const { priorityDispatch, feeDiscountPercent } = vipEntitlements(tier);
  return (
    <p className={`vip-banner vip-${tier}`} data-testid={testId} data-tier={tier} role="note">
      <strong>{t('vipBanner.title', { tier: t(`vip.${tier}`) })}</strong>
      {priorityDispatch ? (
        <span className="vip-entitlement" data-testid="vip-priority-dispatch">
          {t('vipBanner.priorityDispatch')}
        </span>
      ) : null}
      {feeDiscountPercent > 0 ? (
        <span className="vip-entitlement" data-testid="vip-fee-discount" data-percent={feeDiscountPercent}>
          {t('vipBanner.feeDiscount', { percent: feeDiscountPercent })}
        </span>
      ) : null}
    </p>
  );
}
