import { z } from 'zod';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** Longest note kept (characters): a note is a remark, not a document. */
export const NOTE_MAX_CHARS = 1000;

export const NoteText = z.string().trim().min(1, 'the note is empty').max(NOTE_MAX_CHARS, `a note is at most ${NOTE_MAX_CHARS} characters`);

/**
 * A note an agent leaves on a customer, or on one of the customer's orders. Append-only: written
 * once with its author and time, never edited or deleted (the server refuses both), so it never
 * conflicts; a correction is a new note.
 */
export const Note = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  customerId: z.string().uuid(),
  /** The order the note is on; null for a note on the customer. */
  orderId: z.string().uuid().nullable(),
  authorId: z.string().uuid(),
  text: NoteText,
  createdAt: IsoTimestamp,
});
export type Note = z.infer<typeof Note>;

/** What the agent writes (the seat or the server adds the customer of an order, branch, author and time). */
export const NewNote = z
  .object({
    id: z.string().uuid('id must be a UUID').optional(),
    customerId: z.string().uuid('customerId must be a UUID').nullable().default(null),
    orderId: z.string().uuid('orderId must be a UUID').nullable().default(null),
    text: NoteText,
  })
  .refine((n) => n.customerId !== null || n.orderId !== null, { message: 'a note is on a customer or an order', path: ['customerId'] });
export type NewNote = z.input<typeof NewNote>;
export type NewNoteParsed = z.output<typeof NewNote>;
