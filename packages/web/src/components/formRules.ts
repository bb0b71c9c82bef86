import type { FormRule } from 'antd';

/** A repeat field's rule (new PIN, new password): it must equal `field`, else `message`. */
export function sameAs(field: string, message: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value) => {
      if (value !== getFieldValue(field)) throw new Error(message);
    },
  });
}
