import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { ensureSystemTools, tempDir } from '@podpis/testkit';
import type { KeyHandle } from '../../src/keystore/key-store.js';

/** SoftHSM2's PKCS#11 module as Debian installs it (scripts/install-system-deps.sh). */
export const SOFTHSM_MODULE = '/usr/lib/softhsm/libsofthsm2.so';

/**
 * A fresh SoftHSM2 token in a temp dir, for this process only: SOFTHSM2_CONF
 * points the module at it. One module instance per process may be open at
 * a time (a second C_Initialize of the same library is refused).
 */
export function softHsmToken(label: string, userPin: string): void {
  ensureSystemTools();
  const dir = tempDir('podpis-softhsm-');
  mkdirSync(join(dir, 'tokens'));
  const conf = join(dir, 'softhsm2.conf');
  writeFileSync(
    conf,
    `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\nlog.level = ERROR\n`,
  );
  process.env.SOFTHSM2_CONF = conf;
  execFileSync(
    'softhsm2-util',
    ['--init-token', '--free', '--label', label, '--so-pin', '12345678', '--pin', userPin],
    {
      env: { ...process.env, SOFTHSM2_CONF: conf },
      stdio: 'pipe',
    },
  );
}

/**
 * What the token says about a stored private key, asked directly through
 * PKCS#11 — so no key store may be open in this process at the time.
 */
export function inspectPrivateKey(
  tokenLabel: string,
  userPin: string,
  handle: Pick<KeyHandle, 'id' | 'algorithm'>,
): { extractable: boolean; sensitive: boolean; valueError: string } {
  const module = new pkcs11js.PKCS11();
  module.load(SOFTHSM_MODULE);
  module.C_Initialize();
  try {
    const slot = module
      .C_GetSlotList(true)
      .find((s) => module.C_GetTokenInfo(s).label.trim() === tokenLabel)!;
    const session = module.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION);
    module.C_Login(session, pkcs11js.CKU_USER, userPin);
    module.C_FindObjectsInit(session, [
      { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY },
      { type: pkcs11js.CKA_ID, value: Buffer.from(handle.id.replace(/-/g, ''), 'hex') },
    ]);
    const [key] = module.C_FindObjects(session, 1);
    module.C_FindObjectsFinal(session);
    const [extractable, sensitive] = module.C_GetAttributeValue(session, key!, [
      { type: pkcs11js.CKA_EXTRACTABLE },
      { type: pkcs11js.CKA_SENSITIVE },
    ]);
    const secret = handle.algorithm.type === 'rsa' ? pkcs11js.CKA_PRIVATE_EXPONENT : pkcs11js.CKA_VALUE;
    let valueError = 'readable';
    try {
      module.C_GetAttributeValue(session, key!, [{ type: secret }]);
    } catch (error) {
      valueError = (error as Error).message;
    }
    return { extractable: extractable!.value[0] === 1, sensitive: sensitive!.value[0] === 1, valueError };
  } finally {
    module.C_Finalize();
    module.close();
  }
}
