/**
 * All @podpis/gost benchmarks in one run, each figure next to its reference
 * measured on the same machine in the same run (OpenSSL's GOST engine for
 * the hash and ciphers, @noble/curves for the signatures), with the ratio.
 * Run from the repository root: `npm run bench -w @podpis/gost`.
 */
import { benchCipher } from './cipher.js';
import { benchHash } from './hash.js';
import { printRows } from './report.js';
import { benchSign } from './sign.js';

printRows('GOST R 34.11-2012 (Streebog) vs OpenSSL GOST engine', await benchHash());
printRows('GOST R 34.12-2015 block ciphers (CTR) vs OpenSSL GOST engine', await benchCipher());
printRows('GOST R 34.10-2012 signatures vs @noble/curves ECDSA in the same process', await benchSign());
