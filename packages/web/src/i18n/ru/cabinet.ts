export const cabinet = {
  title: '',
} as const;
