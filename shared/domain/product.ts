import { z } from 'zod';
import { IsoDate, syncedRowFields } from './syncedRow.js';

export const ProductCategory = z.enum([
  'tv',
  'air_conditioner',
  'refrigerator',
  'washing_machine',
  'microwave',
  'kitchen',
  'small_appliance',
]);
export type ProductCategory = z.infer<typeof ProductCategory>;

/** The manufacturer's standard warranty per category, in months (applied at purchase). */
export const CATEGORY_WARRANTY_MONTHS: Record<ProductCategory, number> = {
  tv: 36,
  air_conditioner: 72,
  refrigerator: 36,
  washing_machine: 36,
  microwave: 12,
  kitchen: 12,
  small_appliance: 12,
};

/** A unit in the install base: one physical appliance a customer owns. */
export const Product = z.object({
  ...syncedRowFields,
  customerId: z.string().uuid(),
  branchId: z.string().uuid(),
  serialNumber: z
    .string()
    .trim()
    .regex(/^[A-Z0-9][A-Z0-9-]{5,31}$/, 'serial number is 6–32 capital letters, digits or dashes'),
  model: z.string().trim().min(1, 'model is required').max(60),
  category: ProductCategory,
  purchaseDate: IsoDate,
  warrantyMonths: z.number().int().min(0).max(240),
});
export type Product = z.infer<typeof Product>;
