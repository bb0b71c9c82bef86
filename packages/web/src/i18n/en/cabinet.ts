import type { Dictionary } from '../dictionary';
import type { cabinet as ru } from '../ru/cabinet';

export const cabinet: Dictionary<typeof ru> = {
  title: '',
};
