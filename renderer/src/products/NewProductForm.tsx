import '../forms/forms.css';
import { useTranslation } from 'react-i18next';
import { ProductCategory } from '../../../shared/domain/product.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { FieldError, fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblem } from '../forms/fieldErrors.js';
import { useDiscardGuard } from '../forms/useDiscardGuard.js';
import type { ProductField } from './newProductStore.js';

const FORM_ID = 'new-product-form';

/** "New product" on the card (Alt+I): opens and closes the form. */
export function NewProductButton({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const { newProduct } = useStores();
  const open = useAppStore('newProduct', (s) => s.customerId === customerId);
  return (
    <button
      type="button"
      className="button button-small"
      data-testid="new-product-button"
      title={t('newProduct.buttonTitle')}
      aria-pressed={open}
      onClick={() => (open ? newProduct.getState().cancel() : newProduct.getState().start(customerId))}
    >
      {t('newProduct.button')}
    </button>
  );
}

/** Registers a unit: serial number, model, category, purchase date; the warranty status shows once saved. Esc cancels. */
export function NewProductForm() {
  const { t } = useTranslation();
  const { newProduct } = useStores();
  const s = useAppStore('newProduct', (state) => state);
  const problem = (field: ProductField): FieldProblem | undefined => s.fieldErrors[field];
  const described = (field: ProductField) => (problem(field) ? fieldErrorId(FORM_ID, field) : undefined);
  const cancel = () => {
    newProduct.getState().cancel();
    document.querySelector<HTMLElement>('[data-testid="new-product-button"]')?.focus();
  };
  const guard = useDiscardGuard([s.serialNumber, s.model, s.purchaseDate].some((text) => text.trim() !== ''), cancel);

  return (
    <form
      id={FORM_ID}
      data-testid={FORM_ID}
      className="inline-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void newProduct.getState().submit();
      }}
      onKeyDown={(e) => {
        guard.onKeyDown(e);
        // Esc stays with the form: it gives the focus back to its button itself.
        if (e.key === 'Escape') e.preventDefault();
      }}
    >
      <label>
        {t('product.serial')}
        <input
          data-testid="new-product-serial"
          autoFocus
          value={s.serialNumber}
          aria-invalid={Boolean(problem('serialNumber'))}
          aria-describedby={described('serialNumber')}
          onChange={(e) => newProduct.getState().set({ serialNumber: e.target.value })}
        />
        <FieldError formId={FORM_ID} field="serialNumber" problem={problem('serialNumber')} />
      </label>
      <label>
        {t('product.model')}
        <input
          data-testid="new-product-model"
          value={s.model}
          aria-invalid={Boolean(problem('model'))}
          aria-describedby={described('model')}
          onChange={(e) => newProduct.getState().set({ model: e.target.value })}
        />
        <FieldError formId={FORM_ID} field="model" problem={problem('model')} />
      </label>
      <label>
        {t('product.category')}
        <select data-testid="new-product-category" value={s.category} onChange={(e) => newProduct.getState().set({ category: ProductCategory.parse(e.target.value) })}>
          {ProductCategory.options.map((c) => (
            <option key={c} value={c}>
              {t(`category.${c}`)}
            </option>
          ))}
        </select>
        <FieldError formId={FORM_ID} field="category" problem={problem('category')} />
      </label>
      <label>
        {t('product.purchaseDate')}
        <input
          data-testid="new-product-purchase-date"
          type="date"
          value={s.purchaseDate}
          aria-invalid={Boolean(problem('purchaseDate'))}
          aria-describedby={described('purchaseDate')}
          onChange={(e) => newProduct.getState().set({ purchaseDate: e.target.value })}
        />
        {problem('purchaseDate') ? (
          <span className="field-error" id={fieldErrorId(FORM_ID, 'purchaseDate')} role="alert" data-testid="field-error" data-field="purchaseDate">
            {t('newProduct.dateRule')}
          </span>
        ) : null}
      </label>
      {s.error ? <ErrorText error={s.error} testId="new-product-error" /> : null}
      {s.saved ? (
        <p role="status" data-testid="new-product-saved" data-serial={s.saved.serialNumber} data-warranty={s.saved.warranty.status}>
          {t('newProduct.saved', { serial: s.saved.serialNumber })}{' '}
          <span className={`badge warranty warranty-${s.saved.warranty.status}`} data-testid="new-product-warranty">
            {t(`warranty.${s.saved.warranty.status}`)}
          </span>{' '}
          <span className="muted">{t(s.saved.warranty.status === 'in_warranty' ? 'product.expires' : 'product.expired', { date: s.saved.warranty.expiresOn })}</span>
        </p>
      ) : null}
      {guard.prompt}
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" data-testid="new-product-submit" disabled={s.pending}>
          {t('newProduct.submit')}
        </button>
        <button type="button" className="button button-small" data-testid="new-product-cancel" onClick={guard.requestDiscard}>
          {t('newProduct.cancel')}
        </button>
      </div>
    </form>
  );
}
