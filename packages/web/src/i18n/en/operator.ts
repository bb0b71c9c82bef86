import type { Dictionary } from '../dictionary';
import type { operator as ru } from '../ru/operator';

export const operator: Dictionary<typeof ru> = {
  title: '',
};
