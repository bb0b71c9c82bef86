import type { Dictionary } from '../dictionary';
import type { renewals as ru } from '../ru/renewals';

export const renewals: Dictionary<typeof ru> = {
  title: '',
};
