export const admin = {
  title: '',
} as const;
