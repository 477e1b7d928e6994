import { useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VipTier } from '../../../shared/domain/customer.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { FieldError, fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblems } from '../forms/fieldErrors.js';
import { PROVINCES, type CustomerDraft, type CustomerField } from './customerDraft.js';

const TEST_IDS: Record<CustomerField, string> = {
  name: 'field-name',
  phone: 'field-phone',
  altPhone: 'field-alt-phone',
  province: 'field-province',
  city: 'field-city',
  address: 'field-address',
  vipTier: 'field-vip-tier',
};

/** Visual and tab order: who and how to reach them first, then where. */
const LAYOUT: readonly CustomerField[] = ['name', 'phone', 'altPhone', 'vipTier', 'province', 'city', 'address'];

const MAX_LENGTH: Partial<Record<CustomerField, number>> = { name: 100, phone: 40, altPhone: 40, province: 30, city: 30, address: 300 };

/** After a refused submit: the first field the service named gets the focus. */
function focusFirstInvalid(form: HTMLFormElement | null): void {
  form?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/** Keys inside an IME composition (pinyin…) belong to the IME: Enter picks characters, Esc drops them. */
function isComposing(event: KeyboardEvent): boolean {
  return event.nativeEvent.isComposing || event.keyCode === 229;
}

function CustomerFields(props: {
  formId: string;
  draft: CustomerDraft;
  errors: FieldProblems<CustomerField>;
  onChange: (field: CustomerField, value: string) => void;
  autoFocusField?: CustomerField;
}) {
  const { t } = useTranslation();
  const { formId, draft, errors, onChange, autoFocusField } = props;
  const listId = `${formId}-provinces`;

  return (
    <div className="form-grid">
      {LAYOUT.map((field) => {
        const id = `${formId}-${field}`;
        const problem = errors[field];
        const common = {
          id,
          name: field,
          'data-testid': TEST_IDS[field],
          'aria-invalid': problem ? true : undefined,
          'aria-describedby': problem ? fieldErrorId(formId, field) : undefined,
          autoFocus: field === autoFocusField,
        };
        return (
          <div key={field} className={`field field-${field}${problem ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor={id}>
              {t(`customerForm.${field}`)}
              {field === 'altPhone' ? <span className="field-optional">{t('customerForm.optional')}</span> : null}
            </label>
            {field === 'vipTier' ? (
              <select {...common} value={draft.vipTier} onChange={(e) => onChange(field, e.target.value)}>
                {VipTier.options.map((tier) => (
                  <option key={tier} value={tier}>
                    {t(`vip.${tier}`)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...common}
                type={field === 'phone' || field === 'altPhone' ? 'tel' : 'text'}
                inputMode={field === 'phone' || field === 'altPhone' ? 'tel' : undefined}
                autoComplete="off"
                spellCheck={false}
                maxLength={MAX_LENGTH[field]}
                list={field === 'province' ? listId : undefined}
                placeholder={
                  field === 'phone' || field === 'altPhone'
                    ? t('customerForm.phonePlaceholder')
                    : field === 'province'
                      ? t('customerForm.provincePlaceholder')
                      : field === 'city'
                        ? t('customerForm.cityPlaceholder')
                        : field === 'address'
                          ? t('customerForm.addressPlaceholder')
                          : undefined
                }
                value={draft[field]}
                onChange={(e) => onChange(field, e.target.value)}
              />
            )}
            <FieldError formId={formId} field={field} problem={problem} />
          </div>
        );
      })}
      <datalist id={listId}>
        {PROVINCES.map((p) => (
          <option key={p} value={p} />
        ))}
      </datalist>
    </div>
  );
}

/** The new-customer form, in the card pane: Enter saves, Esc cancels, errors next to their fields. */
export function NewCustomerForm() {
  const { t } = useTranslation();
  const { newCustomer } = useStores();
  const draft = useAppStore('newCustomer', (s) => s.draft);
  const fieldErrors = useAppStore('newCustomer', (s) => s.fieldErrors);
  const error = useAppStore('newCustomer', (s) => s.error);
  const pending = useAppStore('newCustomer', (s) => s.pending);
  const formRef = useRef<HTMLFormElement>(null);
  const formId = `new-customer${useId().replace(/[^\w-]/g, '')}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const created = await newCustomer.getState().submit();
    if (!created) focusFirstInvalid(formRef.current);
  };

  return (
    <form
      ref={formRef}
      className="entity-form"
      data-testid="new-customer-form"
      aria-labelledby={`${formId}-heading`}
      aria-busy={pending}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (isComposing(e)) return;
        // Esc drops the form; the workspace then puts the focus back in the search box.
        if (e.key === 'Escape') newCustomer.getState().cancel();
      }}
    >
      <header className="form-head">
        <h2 id={`${formId}-heading`}>{t('newCustomer.heading')}</h2>
        <span className="muted form-hint">{t('newCustomer.hint')}</span>
      </header>
      <CustomerFields
        formId={formId}
        draft={draft}
        errors={fieldErrors}
        autoFocusField="name"
        onChange={(field, value) => newCustomer.getState().setField(field, value)}
      />
      {error ? <ErrorText error={error} testId="new-customer-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="new-customer-submit" disabled={pending}>
          {pending ? t('newCustomer.pending') : t('newCustomer.submit')}
        </button>
        <button type="button" className="button" data-testid="new-customer-cancel" onClick={() => newCustomer.getState().cancel()}>
          {t('newCustomer.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The customer's details as a form on the card (the edit button, or Alt+E). */
export function EditCustomerForm() {
  const { t } = useTranslation();
  const { editCustomer } = useStores();
  const draft = useAppStore('editCustomer', (s) => s.draft);
  const fieldErrors = useAppStore('editCustomer', (s) => s.fieldErrors);
  const error = useAppStore('editCustomer', (s) => s.error);
  const pending = useAppStore('editCustomer', (s) => s.pending);
  const formRef = useRef<HTMLFormElement>(null);
  const formId = `edit-customer${useId().replace(/[^\w-]/g, '')}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await editCustomer.getState().submit();
    if (editCustomer.getState().customerId) focusFirstInvalid(formRef.current);
  };

  return (
    <form
      ref={formRef}
      className="entity-form entity-form-inline"
      data-testid="edit-customer-form"
      aria-labelledby={`${formId}-heading`}
      aria-busy={pending}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (isComposing(e)) return;
        if (e.key === 'Escape') editCustomer.getState().cancel();
      }}
    >
      <header className="form-head">
        <h3 id={`${formId}-heading`}>{t('editCustomer.heading')}</h3>
        <span className="muted form-hint">{t('editCustomer.hint')}</span>
      </header>
      <CustomerFields
        formId={formId}
        draft={draft}
        errors={fieldErrors}
        autoFocusField="phone"
        onChange={(field, value) => editCustomer.getState().setField(field, value)}
      />
      {error ? <ErrorText error={error} testId="edit-customer-error" /> : null}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid="edit-customer-submit" disabled={pending}>
          {pending ? t('editCustomer.pending') : t('editCustomer.submit')}
        </button>
        <button type="button" className="button" data-testid="edit-customer-cancel" onClick={() => editCustomer.getState().cancel()}>
          {t('editCustomer.cancel')}
        </button>
      </div>
    </form>
  );
}
