import { createCipheriv, createDecipheriv } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  acpkmMaster,
  acpkmNextKey,
  bytesToHex,
  ctr,
  ctrAcpkm,
  ctrAcpkmMaster,
  kuznyechik,
  magma,
  omacAcpkm,
  randomBytes,
  type BlockCipher,
  type BlockCipherAlgorithm,
} from '@podpis/gost';
import { describeEachImplementation } from './support/implementations.js';
import { hex, errorCode } from './support/helpers.js';

/**
 * RFC 8645's own examples use AES-256; the modes are generic over the block
 * cipher, so the test drives them with Node's AES as a BlockCipher.
 */
const aes256: BlockCipherAlgorithm = {
  name: 'aes-256',
  blockSize: 16,
  keySize: 32,
  create(key: Uint8Array): BlockCipher {
    const enc = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    const dec = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
    return {
      blockSize: 16,
      encryptBlock(src, srcOff, dst, dstOff) {
        dst.set(enc.update(src.subarray(srcOff, srcOff + 16)), dstOff);
      },
      decryptBlock(src, srcOff, dst, dstOff) {
        dst.set(dec.update(src.subarray(srcOff, srcOff + 16)), dstOff);
      },
    };
  },
};

// The key of RFC 8645 appendix A and of R 1323565.1.017-2018 appendix A.
const K = hex('8899aabbccddeeff0011223344556677fedcba98765432100123456789abcdef');
const P112 = hex(`
  1122334455667700ffeeddccbbaa9988 00112233445566778899aabbcceeff0a
  112233445566778899aabbcceeff0a00 2233445566778899aabbcceeff0a0011
  33445566778899aabbcceeff0a001122 445566778899aabbcceeff0a00112233
  5566778899aabbcceeff0a0011223344`);

describe('RFC 8645 appendix A.2 (AES-256)', () => {
  it('A.2.1 CTR-ACPKM: section keys and ciphertext, N = 256', () => {
    const k2 = acpkmNextKey(aes256, aes256.create(K));
    expect(bytesToHex(k2)).toBe('f680d1212fa43df4ec3a91de2ab16f1b36b0488a4fc12e0998d2e4a888e84f3d');
    const k3 = acpkmNextKey(aes256, aes256.create(k2));
    expect(bytesToHex(k3)).toBe('8eb97e43271a42f1ca8ee25f5cc7c83b1ace9e5ed06aa53b57b96acf365d24b8');
    expect(bytesToHex(acpkmNextKey(aes256, aes256.create(k3)))).toBe(
      'c5716cc96798bc2d4a1787b78adf94ace816f80bdbbcad7d6078129c0cb402f5',
    );
    const c = ctrAcpkm(aes256, K, hex('1234567890abcef0'), P112, 32);
    expect(bytesToHex(c)).toBe(
      bytesToHex(
        hex(`ec5ccbde8c18d3b8725668d0a737f458 1989e74232629d60997de24bc0e39fb8
             f5aaba0be364f053eef0bc15c2764cea 9e7cc376bd8719c9770fca2de2a37cb5
             5b2b771bf83a0517be042d8228fe2a95 844e9f08fdf7b8944cb7aab7de3c67b4
             56b843fc3231de46d5ab14f8ac09c739`),
      ),
    );
  });

  it('A.2.2 CTR-ACPKM-Master: key material and ciphertext, N = 256, T* = 512', () => {
    expect(bytesToHex(acpkmMaster(aes256, K, 64, 4 * 32))).toBe(
      bytesToHex(
        hex(`9f10bbf13a79fbbd4a4ca864c4907464 39fe506d4b869b2103a3b6a479283c60
             77911750e0d177e59a13782bf18908d0 ab6b59ee924905b3abc7a4e3696576c3
             e8762b308b08ebce3e939ac2c03e76d4 609aabd9153313d3cfd394e775df3a94
             f2ee91456bdc3de4912c87c329cf31a9 2f202e5ac49a2a653133d6748c4ff912`),
      ),
    );
    expect(bytesToHex(ctrAcpkmMaster(aes256, K, hex('1234567890abcef0'), P112, 32, 64))).toBe(
      bytesToHex(
        hex(`9d8085c6f236123f7151d52b2433d4d4 f6b787891c41789aab459bd31edb76ab
             5b256cc250e1051c8424c634dc0b2971 010622fa07aa763e1bd3f3544f584ac6
             9b4d38da9f33cb5665a2ed8fcb6684ca 82b608f9d31b007f6a82eb87b1e7b9dc
             d74d9e8f0f9dff599bc935a716da7366`),
      ),
    );
  });

  it('A.2.2 OMAC-ACPKM-Master: key material and MAC, N = 256, T* = 768', () => {
    expect(bytesToHex(acpkmMaster(aes256, K, 96, 3 * 48))).toBe(
      bytesToHex(
        hex(`9f10bbf13a79fbbd4a4ca864c4907464 39fe506d4b869b2103a3b6a479283c60
             77911750e0d177e59a13782bf18908d0 ab6b59ee924905b3abc7a4e3696576c3
             9dcc66420dff455b21f393f0d4d66e67 bb1b060b87666d087a9da74955c35b48
             f2ee91456bdc3de4912c87c329cf31a9 2f202e5ac49a2a653133d6748c4ff912
             7821c7c76cbd796356acf88e696a0007`),
      ),
    );
    expect(bytesToHex(omacAcpkm(aes256, K, P112.subarray(0, 80), { sectionSize: 32, frequency: 96 }))).toBe(
      'b3adb8921832054c0921e7b808cfa0b8',
    );
  });
});

describeEachImplementation('R 1323565.1.017-2018 appendix A (GOST ciphers)', () => {
  it('A.1 CTR-ACPKM for Magma, N = 128: section keys and ciphertext', () => {
    let key = K;
    const sectionKeys = [
      '863ea017842c3d372b18a85a28e2317d74befc107720de0c9e8ab974abd00ca0',
      '49a5e2677de555982b8ad5e826652d17eec847bf5b3997a81cf7fe7f1187bd27',
      '3256bf3f97b5667426a9fb1c5eaabe41893ccdd5a868f9b63b0aa90720fa43c4',
    ];
    for (const expected of sectionKeys) {
      key = acpkmNextKey(magma, magma.create(key));
      expect(bytesToHex(key)).toBe(expected);
    }
    const c = ctrAcpkm(magma, K, hex('12345678'), P112.subarray(0, 56), 16);
    expect(bytesToHex(c)).toBe(
      bytesToHex(
        hex(`2ab81deeeb1e4cab68e104c4bd6b94ea c72c67af6c2e5b6b0eafb61770f1b32e
             a1ae71149eed1382abd467180672ec6f 84a2f15b3fca72c1`),
      ),
    );
  });

  it('A.2 CTR-ACPKM for Kuznyechik, N = 256: section keys and ciphertext', () => {
    let key = K;
    const sectionKeys = [
      '2666ed40ae687811745ca0b448f57a7b390adb5780307e8e9659ac403ae60c60',
      'bb3dd5402e999b7a3debb0db45448ec530f07365dfee3aba8415f77ac8f34ce8',
      '23362fd553cad2178299a5b5a2d4722e3bb83c730a8bf57ce2dd004017f8c565',
    ];
    for (const expected of sectionKeys) {
      key = acpkmNextKey(kuznyechik, kuznyechik.create(key));
      expect(bytesToHex(key)).toBe(expected);
    }
    const c = ctrAcpkm(kuznyechik, K, hex('1234567890abcef0'), P112, 32);
    expect(bytesToHex(c)).toBe(
      bytesToHex(
        hex(`f195d8bec10ed1dbd57b5fa240bda1b8 85eee733f6a13e5df33ce4b33c45dee4
             4bceeb8f646f4c55001706275e85e800 587c4df568d094393e4834afd0805046
             cf30f57686aeece11cfc6c316b8a896e dffd07ec813636460c4f3b743423163e
             6409a9c282fac8d469d221e7fbd6de5d`),
      ),
    );
    expect(bytesToHex(ctrAcpkm(kuznyechik, K, hex('1234567890abcef0'), c, 32))).toBe(bytesToHex(P112));
  });

  it('A.3.1 OMAC-ACPKM for Magma, 1.5 blocks, N = 128, T* = 640', () => {
    expect(bytesToHex(acpkmMaster(magma, K, 80, 40))).toBe(
      '0df2f5273da328932ac49d81d36b2558a50dbf9bbcac74a614b2ccb2f1cbcd8a70638e3de8b3571e',
    );
    const mac = omacAcpkm(magma, K, hex('1122334455667700ffeeddcc'), { sectionSize: 16, frequency: 80 });
    expect(bytesToHex(mac)).toBe('a0540e3730acbcf3');
  });

  it('A.3.2 OMAC-ACPKM for Magma, 5 blocks, three sections', () => {
    expect(bytesToHex(acpkmMaster(magma, K, 80, 3 * 40))).toBe(
      bytesToHex(
        hex(`0df2f5273da328932ac49d81d36b2558 a50dbf9bbcac74a614b2ccb2f1cbcd8a
             70638e3de8b3571e8d3826d55e63a167 e2406640547b9f1f5f2b43612aaeafda
             180bac8604dfa6fe53c2ce270e9c9f52 68d0fdbfe1a3bdd9be5b96d0a1202348
             6ef1710f924ae0313052cb5fca0b791e 1babe8576d0fe3a8`),
      ),
    );
    const mac = omacAcpkm(magma, K, P112.subarray(0, 40), { sectionSize: 16, frequency: 80 });
    expect(bytesToHex(mac)).toBe('34008dad5496bb8e');
  });

  it('A.4.1 OMAC-ACPKM for Kuznyechik, 1.5 blocks, N = 256, T* = 768', () => {
    expect(bytesToHex(acpkmMaster(kuznyechik, K, 96, 48))).toBe(
      bytesToHex(
        hex(`0cabf1f2efbc4ac16048df1a24c605b2 c0d1673d7586a8ec0dd42c45a4f95bae
             0f2e2617e47148680fc3e6178df2c137`),
      ),
    );
    const mac = omacAcpkm(kuznyechik, K, P112.subarray(0, 24), { sectionSize: 32, frequency: 96 });
    expect(bytesToHex(mac)).toBe('b5367f47b62b995eeb2a648c5843145e');
  });

  it('A.4.2 OMAC-ACPKM for Kuznyechik, 5 blocks, three sections', () => {
    expect(bytesToHex(acpkmMaster(kuznyechik, K, 96, 3 * 48))).toBe(
      bytesToHex(
        hex(`0cabf1f2efbc4ac16048df1a24c605b2 c0d1673d7586a8ec0dd42c45a4f95bae
             0f2e2617e47148680fc3e6178df2c137 c9dda89cffa491feadd9b3eab703bb31
             bc7e927f0494729f51b49d3df9c94608 00fbbcf5edee610ea02f01093c7bc742
             d7d6271501b177775263c2a3495a8318 a81c79a04f29660ea3fda874c630799e
             142c577914fea90d3bc2502e833685d9`),
      ),
    );
    const mac = omacAcpkm(kuznyechik, K, P112.subarray(0, 80), { sectionSize: 32, frequency: 96 });
    expect(bytesToHex(mac)).toBe('fbb8dcee45bea67c35f58c5700898e5d');
  });
});

describeEachImplementation('ACPKM modes, properties and bad input', () => {
  it('CTR-ACPKM equals plain CTR within the first section', () => {
    const data = randomBytes(4096);
    const iv = randomBytes(8);
    expect(bytesToHex(ctrAcpkm(kuznyechik, K, iv, data, 4096))).toBe(
      bytesToHex(ctr(kuznyechik.create(K), iv, data)),
    );
  });

  it('truncates OMAC-ACPKM on request and handles an empty message', () => {
    const opts = { sectionSize: 32, frequency: 96 };
    const full = omacAcpkm(kuznyechik, K, P112, opts);
    expect(bytesToHex(omacAcpkm(kuznyechik, K, P112, { ...opts, tagLength: 8 }))).toBe(
      bytesToHex(full.subarray(0, 8)),
    );
    expect(omacAcpkm(magma, K, new Uint8Array(0), { sectionSize: 16, frequency: 80 }).length).toBe(8);
  });

  it('rejects bad sizes with stable codes', () => {
    expect(errorCode(() => ctrAcpkm(kuznyechik, K, hex('1234567890abcef0'), P112, 24))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorCode(() => ctrAcpkm(kuznyechik, K, hex('1234567890abcef0'), P112, 0))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorCode(() => ctrAcpkm(kuznyechik, K, hex('12345678'), P112, 32))).toBe('INVALID_IV_LENGTH');
    expect(errorCode(() => ctrAcpkm(magma, K.subarray(0, 16), hex('12345678'), P112, 16))).toBe(
      'INVALID_KEY_LENGTH',
    );
    expect(errorCode(() => omacAcpkm(magma, K, P112, { sectionSize: 16, frequency: 64 }))).toBe(
      'INVALID_ARGUMENT',
    );
    expect(errorCode(() => omacAcpkm(magma, K, P112, { sectionSize: 16, frequency: 80, tagLength: 9 }))).toBe(
      'INVALID_TAG_LENGTH',
    );
  });
});
