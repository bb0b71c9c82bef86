import { AsnProp, AsnPropTypes } from '@peculiar/asn1-schema';

/**
 * IssuerSignTool (1.2.643.100.112, Order of the FSB No. 795): the CA's
 * signature tool and CA tool with their conformity certificates.
 */
export class IssuerSignTool {
  @AsnProp({ type: AsnPropTypes.Utf8String })
  signTool = '';

  @AsnProp({ type: AsnPropTypes.Utf8String })
  cATool = '';

  @AsnProp({ type: AsnPropTypes.Utf8String })
  signToolCert = '';

  @AsnProp({ type: AsnPropTypes.Utf8String })
  cAToolCert = '';

  constructor(params: Partial<IssuerSignTool> = {}) {
    Object.assign(this, params);
  }
}

/**
 * IdentificationKind (1.2.643.100.114): how the holder was identified —
 * 0 in person, 1 remotely with a valid qualified signature, 2 remotely by a
 * passport with a chip, 3 remotely through the unified biometric system.
 */
export type IdentificationKind = 0 | 1 | 2 | 3;
