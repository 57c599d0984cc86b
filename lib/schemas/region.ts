import { z } from 'zod';
import { JURISDICTIONS, PROVIDERS, REGION_STATUSES } from '../fleet/types';
import { idField, intField, numberField, textField, versionField } from './common';

const regionFields = {
  name: textField('Name', 80),
  city: textField('City', 80),
  country: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z.string().regex(/^[A-Z]{2}$/, 'Country must be a two-letter ISO code, e.g. DE'),
  ),
  jurisdiction: z.enum(JURISDICTIONS, { error: `Jurisdiction must be one of ${JURISDICTIONS.join(', ')}` }),
  lat: numberField('Latitude').pipe(z.number().min(-90, 'Latitude must be between -90 and 90').max(90, 'Latitude must be between -90 and 90')),
  lng: numberField('Longitude').pipe(z.number().min(-180, 'Longitude must be between -180 and 180').max(180, 'Longitude must be between -180 and 180')),
  capacityRps: intField('Capacity').pipe(z.number().min(0, 'Capacity cannot be negative').max(50_000_000, 'Capacity must be at most 50,000,000 rps')),
  status: z.enum(REGION_STATUSES, { error: 'Status must be active, maintenance or retired' }).default('active'),
};

export const regionCreateSchema = z.object({
  provider: z.enum(PROVIDERS, { error: `Provider must be one of ${PROVIDERS.join(', ')}` }),
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z
      .string({ error: 'Region code is required' })
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'Region code must be 2-40 lowercase letters, digits or dashes, e.g. eu-west-1'),
  ),
  ...regionFields,
});
export type RegionCreateInput = z.infer<typeof regionCreateSchema>;

export const regionUpdateSchema = z.object({ id: idField, version: versionField, ...regionFields });
export type RegionUpdateInput = z.infer<typeof regionUpdateSchema>;

export const retireSchema = z.object({ id: idField, version: versionField });
