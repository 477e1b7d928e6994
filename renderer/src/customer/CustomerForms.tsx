import '../forms/forms.css';
import { useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VipTier } from '../../../shared/domain/customer.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { FieldError, fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblems } from '../forms/fieldErrors.js';
import { useDiscardGuard } from '../forms/useDiscardGuard.js';
import { changesBetween, PROVINCES, type CustomerDraft, type CustomerField } from './customerDraft.js';

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
  const { newCustomer } = useStores();
  return <CustomerDraftForm form="newCustomer" className="entity-form" Heading="h2" autoFocusField="name" stillOpen={() => newCustomer.getState().open} />;
}

/** The customer's details as a form on the card (the edit button, or Alt+E). */
export function EditCustomerForm() {
  const { editCustomer } = useStores();
  return <CustomerDraftForm form="editCustomer" className="entity-form entity-form-inline" Heading="h3" autoFocusField="phone" stillOpen={() => editCustomer.getState().customerId !== null} />;
}

/** The testid prefix of each form; its texts are under its store's name. */
const FORM_TEST_IDS = { newCustomer: 'new-customer', editCustomer: 'edit-customer' } as const;

interface CustomerDraftFormProps {
  form: keyof typeof FORM_TEST_IDS;
  className: string;
  Heading: 'h2' | 'h3';
  autoFocusField: CustomerField;
  /** After a submit: the form is still there (the service refused), so its first wrong field gets the focus. */
  stillOpen: () => boolean;
}

/** A customer's details as a form: Enter saves, Esc cancels, errors next to their fields. */
function CustomerDraftForm({ form, className, Heading, autoFocusField, stillOpen }: CustomerDraftFormProps) {
  const { t } = useTranslation();
  const store = useStores()[form];
  const draft = useAppStore(form, (s) => s.draft);
  const fieldErrors = useAppStore(form, (s) => s.fieldErrors);
  const error = useAppStore(form, (s) => s.error);
  const pending = useAppStore(form, (s) => s.pending);
  const original = useAppStore(form, (s) => s.original);
  const guard = useDiscardGuard(changesBetween(original, draft) !== null, () => store.getState().cancel());
  const formRef = useRef<HTMLFormElement>(null);
  const testId = FORM_TEST_IDS[form];
  const formId = `${testId}${useId().replace(/[^\w-]/g, '')}`;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    await store.getState().submit();
    if (stillOpen()) focusFirstInvalid(formRef.current);
  };

  return (
    <form
      ref={formRef}
      className={className}
      data-testid={`${testId}-form`}
      aria-labelledby={`${formId}-heading`}
      aria-busy={pending}
      noValidate
      onSubmit={(e) => void onSubmit(e)}
      onKeyDown={(e) => {
        if (isComposing(e)) return;
        // Esc drops the form (asking first when something was typed); the workspace then puts the focus back.
        guard.onKeyDown(e);
      }}
    >
      <header className="form-head">
        <Heading id={`${formId}-heading`}>{t(`${form}.heading`)}</Heading>
        <span className="muted form-hint">{t(`${form}.hint`)}</span>
      </header>
      <CustomerFields formId={formId} draft={draft} errors={fieldErrors} autoFocusField={autoFocusField} onChange={(field, value) => store.getState().setField(field, value)} />
      {error ? <ErrorText error={error} testId={`${testId}-error`} /> : null}
      {guard.prompt}
      <div className="form-actions">
        <button type="submit" className="button button-primary" data-testid={`${testId}-submit`} disabled={pending}>
          {pending ? t(`${form}.pending`) : t(`${form}.submit`)}
        </button>
        <button type="button" className="button" data-testid={`${testId}-cancel`} onClick={guard.requestDiscard}>
          {t(`${form}.cancel`)}
        </button>
      </div>
    </form>
  );
}
