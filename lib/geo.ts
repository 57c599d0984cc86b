// Continent of a country (ISO 3166-1 alpha-2), for the overview's grouping. Covers every country the demo fleet and
// common cloud regions use; anything else is "Other".
const CONTINENT: Record<string, string> = {};
const add = (continent: string, codes: string) => {
  for (const c of codes.split(' ')) CONTINENT[c] = continent;
};
add('North America', 'US CA MX');
add('South America', 'BR CL AR CO PE');
add('Europe', 'IE DE GB SE NL BE FR IT ES PL CH AT FI NO DK PT CZ');
add('Asia', 'IN SG JP KR ID HK TW CN MY TH PH VN IL AE SA QA BH');
add('Oceania', 'AU NZ');
add('Africa', 'ZA NG KE EG MA');

export const continentOf = (country: string) => CONTINENT[country] ?? 'Other';
