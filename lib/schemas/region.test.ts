import { describe, expect, it } from 'vitest';
import { regionCreateSchema, regionUpdateSchema } from './region';

const good = {
  provider: 'aws',
  code: 'eu-south-2',
  name: 'Europe (Spain)',
  city: 'Zaragoza',
  country: 'es',
  jurisdiction: 'EU',
  lat: '41.65',
  lng: '-0.88',
  capacityRps: '30000',
};

describe('region validation', () => {
  it('accepts a good region from form strings and normalises it', () => {
    const r = regionCreateSchema.parse(good);
    expect(r).toMatchObject({ country: 'ES', lat: 41.65, lng: -0.88, capacityRps: 30000, status: 'active' });
  });

  it.each([
    ['name', '', 'Name is required'],
    ['name', 'x'.repeat(81), 'at most 80'],
    ['lat', '91', 'between -90 and 90'],
    ['lng', '-180.5', 'between -180 and 180'],
    ['lat', 'north', 'must be a number'],
    ['provider', 'ibm', 'Provider must be one of'],
    ['capacityRps', '-1', 'cannot be negative'],
    ['capacityRps', '1.5', 'whole number'],
    ['code', 'EU WEST', 'lowercase'],
    ['country', 'Spain', 'two-letter'],
    ['jurisdiction', 'MARS', 'Jurisdiction must be one of'],
  ])('refuses %s = %j with a field error', (field, value, message) => {
    const r = regionCreateSchema.safeParse({ ...good, [field]: value });
    expect(r.success).toBe(false);
    const issue = r.error?.issues.find((i) => i.path[0] === field);
    expect(issue?.message).toContain(message);
  });

  it('treats an empty number field as missing, not zero', () => {
    const r = regionCreateSchema.safeParse({ ...good, capacityRps: '' });
    expect(r.success).toBe(false);
  });

  it('needs an id and a version to update', () => {
    expect(regionUpdateSchema.safeParse({ ...good }).success).toBe(false);
    expect(regionUpdateSchema.safeParse({ ...good, id: 'aws-eu-south-2', version: '3' }).success).toBe(true);
  });
});
