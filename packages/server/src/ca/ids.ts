/** The ids `podpis init` gives the CAs of a new installation. */
export const CA_IDS = {
  root: 'root',
  issuing: 'issuing',
  infrastructureRoot: 'infra-root',
} as const;
