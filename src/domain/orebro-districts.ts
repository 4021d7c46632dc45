/**
 * Örebro's districts and rural towns: the default district vocabulary (`HEMVIST_DISTRICTS`
 * replaces it at run time). A leaf module, imported by the schemas, so it imports nothing.
 */
export const orebroDistricts: readonly string[] = [
  'Centrum',
  'Väster',
  'Öster',
  'Söder',
  'Norr',
  'Markbacken',
  'Lillån',
  'Adolfsberg',
  'Rynninge',
  'Sörbyängen',
  'Tybble',
  'Mikrofonvägen',
  'Hovsta',
  'Vivalla',
  'Oxhagen',
  'Varberga',
  'Baronbackarna',
  'Brickebacken',
  'Odensbacken',
  'Glanshammar',
  'Garphyttan',
  'Vintrosa',
]
