import type { Dictionary } from '../dictionary';
import type { admin as ru } from '../ru/admin';

export const admin: Dictionary<typeof ru> = {
  title: '',
};
