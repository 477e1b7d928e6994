import './customer.css';
import { useTranslation } from 'react-i18next';
import { orderedTags, type CustomerTag } from '../../../shared/domain/customerTags.js';

/** The customer's tags as chips (card, screen pop), in the vocabulary's order; nothing when there are none. */
export function CustomerTagChips({ tags, testId = 'customer-tags' }: { tags: readonly CustomerTag[]; testId?: string }) {
  const { t } = useTranslation();
  if (tags.length === 0) return null;
  return (
    <ul className="tag-chips" data-testid={testId} aria-label={t('customerTags.label')}>
      {orderedTags(tags).map((tag) => (
        <li key={tag} className={`tag-chip tag-${tag}`} data-tag={tag}>
          {t(`customerTag.${tag}`)}
        </li>
      ))}
    </ul>
  );
}
