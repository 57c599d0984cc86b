import { z } from 'zod';

/** Form fields arrive as strings: an empty field means "missing", not 0. */
const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

export const numberField = (label: string) =>
  z.preprocess(blankToUndefined, z.coerce.number({ error: `${label} must be a number` }).refine(Number.isFinite, `${label} must be a finite number`));

export const intField = (label: string) => numberField(label).pipe(z.number().int(`${label} must be a whole number`));

export const textField = (label: string, max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: `${label} is required` })
      .min(1, `${label} is required`)
      .max(max, `${label} must be at most ${max} characters`),
  );

export const idField = z.string().min(1, 'Missing id').max(100, 'Id is too long');
export const versionField = intField('Version').pipe(z.number().min(1));
