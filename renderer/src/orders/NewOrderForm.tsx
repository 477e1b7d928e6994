import '../forms/forms.css';
import './orders.css';
import { useId, useRef, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PRODUCT_ORDER_TYPES } from '../../../shared/domain/orderLifecycle.js';
import { ServiceOrderType } from '../../../shared/domain/serviceOrder.js';
import type { ProductWithWarranty } from '../../../shared/workstationApi.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { FieldError, fieldErrorId } from '../forms/FieldError.js';
import { DuplicateOrders } from './DuplicateOrders.js';
import { NO_PRODUCT } from './newOrderStore.js';
import type { VipTier } from '../../../shared/domain/customer.js';
import { discountedFee, vipEntitlements } from '../../../shared/domain/vipEntitlements.js';
import { VipBanner } from '../customer/VipBanner.js';

/**
 * A new service order for the customer on the card: type, product (with its warranty), fault; the
 * customer's VIP entitlements on top, and out of warranty the fee they consent to after the discount.
 */
export function NewOrderForm({ products, vipTier }: { products: readonly ProductWithWarranty[]; vipTier: VipTier }) {
  const { t } = useTranslation();
  const { newOrder } = useStores();
  const type = useAppStore('newOrder', (s) => s.type);
  const productId = useAppStore('newOrder', (s) => s.productId);
  const fault = useAppStore('newOrder', (s) => s.fault);
  const fieldErrors = useAppStore('newOrder', (s) => s.fieldErrors);
  const error = useAppStore('newOrder', (s) => s.error);
  const pending = useAppStore('newOrder', (s) => s.pending);
  const formRef = useRef<HTMLFormElement>(null);
  const formId = `new-order${useId().replace(/[^\w-]/g, '')}`;
  const product = products.find((p) => p.id === productId);
  const duplicates = useAppStore('newOrder', (s) => s.duplicates);
  const feeEstimate = useAppStore('newOrder', (s) => s.feeEstimate);
  const feeConsent = useAppStore('newOrder', (s) => s.feeConsent);
  const duplicateReason = useAppStore('newOrder', (s) => s.duplicateReason);
  const needsProduct = PRODUCT_ORDER_TYPES.includes(type);
  const outOfWarranty = product?.warranty.status === 'out_of_warranty';
  const { feeDiscountPercent } = vipEntitlements(vipTier);
  const listFee = feeEstimate.trim() === '' ? NaN : Number(feeEstimate);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await newOrder.getState().submit();
    if (!created) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  };

  return (
    <form
      ref={formRef}
      className="entity-form entity-form-inline order-form"
      data-testid="new-order-form"
      aria-labelledby={`${formId}-heading`}
      aria-busy={pending}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (e.nativeEvent.isComposing || e.keyCode === 229) return;
        if (e.key === 'Escape') newOrder.getState().cancel();
      }}
    >
      <header className="form-head">
        <h3 id={`${formId}-heading`}>{t('newOrder.heading')}</h3>
        <span className="muted form-hint">{t('newOrder.hint')}</span>
      </header>
      <VipBanner tier={vipTier} testId="order-vip-banner" />
      <div className="form-grid order-grid">
        <div className="field field-type">
          <label className="field-label" htmlFor={`${formId}-type`}>
            {t('newOrder.type')}
          </label>
          <select
            id={`${formId}-type`}
            data-testid="order-type"
            autoFocus
            value={type}
            aria-invalid={fieldErrors.type ? true : undefined}
            aria-describedby={fieldErrors.type ? fieldErrorId(formId, 'type') : undefined}
            onChange={(e) => newOrder.getState().set({ type: e.target.value as ServiceOrderType })}
          >
            {ServiceOrderType.options.map((value) => (
              <option key={value} value={value}>
                {t(`orderType.${value}`)}
              </option>
            ))}
          </select>
          <FieldError formId={formId} field="type" problem={fieldErrors.type} />
        </div>
        <div className="field field-product">
          <label className="field-label" htmlFor={`${formId}-product`}>
            {t('newOrder.product')}
          </label>
          <div className="field-inline">
            <select
              id={`${formId}-product`}
              data-testid="order-product"
              value={productId}
              aria-invalid={fieldErrors.productId ? true : undefined}
              aria-describedby={fieldErrors.productId ? fieldErrorId(formId, 'productId') : undefined}
              onChange={(e) => newOrder.getState().set({ productId: e.target.value })}
            >
              {/* A repair or installation names its unit: with several, the agent chooses (never "no product" by default). */}
              <option value={NO_PRODUCT}>{needsProduct ? t('newOrder.chooseProduct') : t('newOrder.noProduct')}</option>
              {products.map((p) => (
                <option key={p.id} value={p.id}>
                  {t('newOrder.productOption', { model: p.model, serial: p.serialNumber, category: t(`category.${p.category}`) })}
                </option>
              ))}
            </select>
            {product ? (
              <span
                className={`badge warranty warranty-${product.warranty.status}`}
                data-testid="order-product-warranty"
                data-status={product.warranty.status}
                title={t(product.warranty.status === 'in_warranty' ? 'product.expires' : 'product.expired', { date: product.warranty.expiresOn })}
              >
                {t(`warranty.${product.warranty.status}`)}
              </span>
            ) : null}
            {product ? (
              <span className="muted nowrap">
                {t(product.warranty.status === 'in_warranty' ? 'product.expires' : 'product.expired', { date: product.warranty.expiresOn })}
              </span>
            ) : null}
          </div>
          <FieldError formId={formId} field="productId" problem={fieldErrors.productId} />
          <DuplicateOrders duplicates={duplicates} />
          {duplicates.length > 0 ? (
            <label className="field field-duplicate-reason">
              <span className="field-label">{t('newOrder.duplicateReason')}</span>
              <input
                type="text"
                data-testid="order-duplicate-reason"
                maxLength={500}
                placeholder={t('newOrder.duplicateReasonPlaceholder')}
                value={duplicateReason}
                aria-invalid={fieldErrors.duplicateReason ? true : undefined}
                aria-describedby={fieldErrors.duplicateReason ? fieldErrorId(formId, 'duplicateReason') : undefined}
                onChange={(e) => newOrder.getState().set({ duplicateReason: e.target.value })}
              />
              <FieldError formId={formId} field="duplicateReason" problem={fieldErrors.duplicateReason} />
            </label>
          ) : null}
          {outOfWarranty ? (
            <div className="fee-consent" data-testid="order-fee-consent">
              <label className="field-inline">
                <span className="field-label">{t('newOrder.feeEstimate')}</span>
                <input
                  type="number"
                  min={0}
                  max={100000}
                  step={1}
                  className="fee-input"
                  data-testid="order-fee-estimate"
                  value={feeEstimate}
                  aria-invalid={fieldErrors.feeEstimate ? true : undefined}
                  onChange={(e) => newOrder.getState().set({ feeEstimate: e.target.value })}
                />
                <span className="muted">{t('newOrder.yuan')}</span>
              </label>
              {/* The VIP discount (shared/domain/vipEntitlements.ts): the customer consents to the member price, which the seat records. */}
              {feeDiscountPercent > 0 && Number.isFinite(listFee) && listFee > 0 ? (
                <span className="fee-payable" data-testid="order-fee-payable" data-fee={discountedFee(listFee, vipTier)}>
                  {t('vipBanner.feePayable', { fee: discountedFee(listFee, vipTier), estimate: listFee, percent: feeDiscountPercent })}
                </span>
              ) : null}
              <label className="field-inline">
                <input
                  type="checkbox"
                  data-testid="order-fee-consent-given"
                  checked={feeConsent}
                  aria-invalid={fieldErrors.feeConsent ? true : undefined}
                  aria-describedby={fieldErrors.feeConsent ? fieldErrorId(formId, 'feeConsent') : undefined}
                  onChange={(e) => newOrder.getState().set({ feeConsent: e.target.checked })}
                />
                {t('newOrder.feeConsent')}
              </label>
              <FieldError formId={formId} field="feeEstimate" problem={fieldErrors.feeEstimate} />
              <FieldError formId={formId} field="feeConsent" problem={fieldErrors.feeConsent} />
            </div>
          ) : null}
        </div>
        <div className="field field-fault">
          <label className="field-label" htmlFor={`${formId}-fault`}>
            {t('newOrder.fault')}
          </label>
          <textarea
            id={`${formId}-fault`}
            data-testid="order-fault"
            rows={3}
            maxLength={2000}
            placeholder={t('newOrder.faultPlaceholder')}
            value={fault}
            aria-invalid={fieldErrors.fault ? true : undefined}
            aria-describedby={fieldErrors.fault ? fieldErrorId(formId, 'fault') : undefined}
            onChange={(e) => newOrder.getState().set({ fault: e.target.value })}
            onKeyDown={(e) => {
              // Enter creates the order (as in every form here); Shift+Enter starts a new line.
              if (e.key !== 'Enter' || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
              e.preventDefault();
              formRef.current?.requestSubmit();
            }}
          />
          <FieldError formId={formId} field="fault" problem={fieldErrors.fault} />
        </div>
      </div>
      {error ? <ErrorText error={error} testId="order-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="new-order-submit" disabled={pending}>
          {pending ? t('newOrder.pending') : t('newOrder.submit')}
        </button>
        <button type="button" className="button" data-testid="new-order-cancel" onClick={() => newOrder.getState().cancel()}>
          {t('newOrder.cancel')}
        </button>
      </div>
    </form>
  );
}
