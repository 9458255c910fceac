/** Message keys for enum values (Chrome message names allow only letters, digits and "_"). */
import type { Category, Level } from '../engine/types';

export const categoryKey = (c: Category): string => `category_${c.replaceAll('-', '_')}`;
export const levelKey = (l: Level): string => `level_${l}`;
export const countryKey = (c: string): string => `country_${c}`;
