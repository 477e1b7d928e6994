import '../forms/forms.css';
import { useEffect, useId, useRef, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { setsVipTier, VipTier } from '../../../shared/domain/customer.js';
import { ErrorText } from '../app/ErrorText.js';
import { useAppStore, useStores } from '../app/stores.js';
import { FieldError, fieldErrorId } from '../forms/FieldError.js';
import type { FieldProblems } from '../forms/fieldErrors.js';
import { useDiscardGuard } from '../forms/useDiscardGuard.js';
import type { RegionLevel } from '../../../shared/domain/region.js';
import { CUSTOMER_TAGS_MAX, CustomerTag } from '../../../shared/domain/customerTags.js';
import { changesBetween, draftTags, toggledTags, REGION_FIELDS, type CustomerDraft, type CustomerField, type RegionField } from './customerDraft.js';
import { RegionPicker } from './RegionPicker.js';

const TEST_IDS: Record<CustomerField, string> = {
  name: 'field-name',
  phone: 'field-phone',
  altPhone: 'field-alt-phone',
  provinceCode: 'field-province',
  cityCode: 'field-city',
  districtCode: 'field-district',
  address: 'field-address',
  vipTier: 'field-vip-tier',
  tags: 'field-tags',
  samePhoneReason: 'field-same-phone-reason',
};

/** Visual and tab order: who and how to reach them first, then where (the reason only when the phone is taken). */
const LAYOUT: readonly CustomerField[] = ['name', 'phone', 'altPhone', 'vipTier', 'provinceCode', 'cityCode', 'districtCode', 'address', 'tags', 'samePhoneReason'];

const MAX_LENGTH: Partial<Record<CustomerField, number>> = { name: 100, phone: 40, altPhone: 40, address: 300, samePhoneReason: 200 };

const REGION_LEVEL: Record<RegionField, RegionLevel> = { provinceCode: 'province', cityCode: 'city', districtCode: 'district' };
const REGION_PARENT: Record<RegionField, keyof CustomerDraft | null> = { provinceCode: null, cityCode: 'provinceCode', districtCode: 'cityCode' };
const isRegionField = (field: CustomerField): field is RegionField => (REGION_FIELDS as readonly string[]).includes(field);

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
  /** Whether the form asks why a second customer gets this phone. */
  asksReason: boolean;
}) {
  const { t } = useTranslation();
  const { formId, draft, errors, onChange, autoFocusField, asksReason } = props;
  const regions = useAppStore('regions', (s) => s.index);
  // Only supervisors set VIP tiers (shared/domain/customer.ts setsVipTier): an agent sees the tier, read-only.
  const mayChangeVipTier = useAppStore('session', (s) => (s.session ? setsVipTier(s.session.agent) : false));
  const { regions: regionsStore } = useStores();
  useEffect(() => void regionsStore.getState().load(), [regionsStore]);

  /** A picked region: a province with a single city (北京市, 上海市…) picks that city too; the focus goes on to the next box. */
  const pickRegion = (field: RegionField, code: string) => {
    onChange(field, code);
    const next = REGION_FIELDS[REGION_FIELDS.indexOf(field) + 1];
    const only = field === 'provinceCode' && code ? (regions?.children(code) ?? []) : [];
    if (only.length === 1) onChange('cityCode', only[0]!.code);
    const focusField = only.length === 1 ? 'districtCode' : (next ?? 'address');
    if (code) requestAnimationFrame(() => document.getElementById(`${formId}-${focusField}`)?.focus());
  };

  return (
    <div className="form-grid">
      {LAYOUT.filter((field) => field !== 'samePhoneReason' || asksReason).map((field) => {
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
        const parent = isRegionField(field) ? REGION_PARENT[field] : null;
        if (field === 'tags') {
          return (
            <div key={field} className={`field field-tags${problem ? ' has-error' : ''}`}>
              <TagPicker formId={formId} draft={draft} invalid={Boolean(problem)} describedBy={common['aria-describedby']} onChange={(value) => onChange('tags', value)} />
              <FieldError formId={formId} field={field} problem={problem} />
            </div>
          );
        }
        return (
          <div key={field} className={`field field-${field}${problem ? ' has-error' : ''}`}>
            <label className="field-label" htmlFor={id}>
              {t(`customerForm.${field}`)}
              {field === 'altPhone' || field === 'districtCode' ? <span className="field-optional">{t('customerForm.optional')}</span> : null}
            </label>
            {field === 'vipTier' ? (
              <select
                {...common}
                value={draft.vipTier}
                disabled={!mayChangeVipTier}
                title={mayChangeVipTier ? undefined : t('customerForm.vipTierSupervisorsOnly')}
                onChange={(e) => onChange(field, e.target.value)}
              >
                {VipTier.options.map((tier) => (
                  <option key={tier} value={tier}>
                    {t(`vip.${tier}`)}
                  </option>
                ))}
              </select>
            ) : isRegionField(field) ? (
              <RegionPicker
                id={id}
                testId={TEST_IDS[field]}
                level={REGION_LEVEL[field]}
                parentCode={parent ? draft[parent] || null : null}
                value={draft[field]}
                index={regions}
                invalid={Boolean(problem)}
                describedBy={common['aria-describedby']}
                autoFocus={common.autoFocus}
                onPick={(code) => pickRegion(field, code)}
              />
            ) : (
              <input
                {...common}
                type={field === 'phone' || field === 'altPhone' ? 'tel' : 'text'}
                inputMode={field === 'phone' || field === 'altPhone' ? 'tel' : undefined}
                autoComplete="off"
                spellCheck={false}
                maxLength={MAX_LENGTH[field]}
                placeholder={
                  field === 'phone' || field === 'altPhone'
                    ? t('customerForm.phonePlaceholder')
                    : field === 'address'
                      ? t('customerForm.addressPlaceholder')
                      : field === 'samePhoneReason'
                        ? t('customerForm.samePhoneReasonPlaceholder')
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
    </div>
  );
}

/**
 * The customer's tags as a row of ticks (shared/domain/customerTags.ts): Tab moves between them,
 * Space ticks one; once CUSTOMER_TAGS_MAX are ticked the others wait until one is unticked.
 */
function TagPicker(props: { formId: string; draft: CustomerDraft; invalid: boolean; describedBy: string | undefined; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const { formId, draft, invalid, describedBy, onChange } = props;
  const ticked = draftTags(draft);
  const full = ticked.length >= CUSTOMER_TAGS_MAX;
  return (
    <fieldset
      className="tag-picker"
      id={`${formId}-tags`}
      data-testid={TEST_IDS.tags}
      aria-invalid={invalid ? true : undefined}
      aria-describedby={describedBy}
      aria-labelledby={`${formId}-tags-label`}
    >
      <legend className="field-label" id={`${formId}-tags-label`}>
        {t('customerForm.tags')}
        <span className="field-optional">{t('customerForm.tagsHint', { max: CUSTOMER_TAGS_MAX })}</span>
      </legend>
      {CustomerTag.options.map((tag) => {
        const on = ticked.includes(tag);
        return (
          <label key={tag}>
            <input
              type="checkbox"
              data-testid={`field-tag-${tag}`}
              data-tag={tag}
              checked={on}
              disabled={!on && full}
              onChange={() => onChange(toggledTags(draft, tag))}
              onKeyDown={(e) => {
                // Enter saves from a tick as from every box of the form (Space ticks).
                if (e.key !== 'Enter' || isComposing(e)) return;
                e.preventDefault();
                e.currentTarget.form?.requestSubmit();
              }}
            />
            {t(`customerTag.${tag}`)}
          </label>
        );
      })}
    </fieldset>
  );
}

/** The number typed is already a customer's: say whose, offer their card, and say a reason lets a second one through. */
function PhoneHolderWarning() {
  const { t } = useTranslation();
  const { newCustomer } = useStores();
  const holder = useAppStore('newCustomer', (s) => s.phoneHolder);
  if (!holder) return null;
  return (
    <div className="form-warning" role="alert" data-testid="phone-holder-warning">
      <strong>{t('phoneHolder.warning', { name: holder.name })}</strong>
      <span className="muted">{t('phoneHolder.hint')}</span>
      <button type="button" className="button" data-testid="phone-holder-open" onClick={() => newCustomer.getState().openPhoneHolder()}>
        {t('phoneHolder.open')}
      </button>
    </div>
  );
}

/** The customer's region on record is free text that named no division: the agent is asked to pick. */
function RegionToPickNote() {
  const { t } = useTranslation();
  const text = useAppStore('editCustomer', (s) => s.regionToPick);
  if (!text) return null;
  return (
    <p className="form-warning" role="note" data-testid="region-to-pick">
      {t('customerForm.regionToPick', { text })}
    </p>
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
  const phoneTaken = useAppStore('newCustomer', (s) => form === 'newCustomer' && s.phoneHolder !== null);
  // The reason box shows once the phone is known to be taken, or while a reason is on record.
  const asksReason = phoneTaken || fieldErrors.phone?.refusal?.code === 'phone_taken' || draft.samePhoneReason !== '';
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
      {form === 'newCustomer' ? <PhoneHolderWarning /> : <RegionToPickNote />}
      <CustomerFields
        formId={formId}
        draft={draft}
        errors={fieldErrors}
        autoFocusField={autoFocusField}
        asksReason={asksReason}
        onChange={(field, value) => store.getState().setField(field, value)}
      />
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
