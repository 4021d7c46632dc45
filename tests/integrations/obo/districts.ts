/** District names with ÅÄÖ and without, from Örebro's list. */
export const districtNames = ['Väster', 'Öster', 'Söder', 'Norr', 'Vivalla', 'Centrum', 'Rynninge', 'Lillån']
