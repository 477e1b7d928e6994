import { z } from 'zod';

/**
 * What an agent should know about a customer before saying hello (issue 11, "customer tags"):
 * shown as chips on the card and the screen pop, set in the edit-customer form.
 *
 * A fixed vocabulary, not free text: headquarters counts customers per tag across branches (how
 * many repeat complainers an outlet serves, how many elderly callers a branch has), and "老人",
 * "老年人", "高龄" typed by three agents would be three tags. A new tag is one word here and its
 * label in both locales (renderer/src/i18n/locales: `customerTag.*`); the stored value is this
 * code, never the words, so renaming a label changes no row.
 */
export const CustomerTag = z.enum([
  'repeat_complainer',
  'elderly',
  'prefers_evenings',
  'prefers_weekends',
  'hearing_impaired',
  'speaks_dialect',
  'media_sensitive',
  'business_customer',
  'pet_at_home',
]);
export type CustomerTag = z.infer<typeof CustomerTag>;

/** At most this many tags on one customer: a chip row the screen pop shows on one line at 1366×768. */
export const CUSTOMER_TAGS_MAX = 8;

/** A customer's tags: known codes, each once, at most CUSTOMER_TAGS_MAX. */
export const CustomerTags = z
  .array(CustomerTag)
  .max(CUSTOMER_TAGS_MAX, `a customer has at most ${CUSTOMER_TAGS_MAX} tags`)
  .refine((tags) => new Set(tags).size === tags.length, 'each tag at most once');

/** Tags in the vocabulary's order (how the card shows them, whatever order they were set in). */
export function orderedTags(tags: readonly CustomerTag[]): CustomerTag[] {
  return CustomerTag.options.filter((tag) => tags.includes(tag));
}
