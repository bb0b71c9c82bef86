export const renewals = {
  title: '',
} as const;
