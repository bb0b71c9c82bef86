/**
 * A signing thread of the software key store (see signing-pool.ts): it
 * imports the PKCS#8 it is sent, erases it, signs the digests and answers.
 * Nothing is kept between tasks.
 */
import { parentPort } from 'node:worker_threads';
import { importSoftwareKey } from '@podpis/pki';
import type { SigningTask, SigningTaskResult } from './signing-pool.js';

const port = parentPort;
if (!port) throw new Error('signing-worker runs as a worker thread');

port.on('message', (task: SigningTask) => {
  void sign(task).then((result) => {
    port.postMessage(result);
  });
});

async function sign(task: SigningTask): Promise<SigningTaskResult> {
  const pkcs8 = new Uint8Array(task.pkcs8);
  try {
    const signer = await importSoftwareKey(pkcs8, task.options);
    pkcs8.fill(0);
    const signatures: Uint8Array[] = [];
    for (const digest of task.digests) signatures.push(await signer.signDigest(digest));
    return { id: task.id, signatures };
  } catch (error) {
    return { id: task.id, error: error instanceof Error ? error.message : String(error) };
  } finally {
    pkcs8.fill(0);
  }
}
