import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { link, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { CliFailure, CliUsageError } from './failures.js';

/** Whether `path` names an existing directory (where -o puts results under their own names). */
export const isDirectory = (path: string): boolean => existsSync(path) && statSync(path).isDirectory();

/**
 * Where each input's result goes: `-o` a file (one input) or an existing
 * directory, else next to the input; `extension` appended, or `infix` put
 * before it when the input already has it (contract.pdf → contract.signed.pdf).
 * Two inputs may not come to one result (a.txt and b/a.txt into one -o directory).
 */
export function outputPaths(
  inputs: readonly string[],
  extension: string,
  output?: string,
  infix = '.signed',
): string[] {
  const named = (input: string): string =>
    input.toLowerCase().endsWith(extension)
      ? `${basename(input).slice(0, -extension.length)}${infix}${extension}`
      : `${basename(input)}${extension}`;
  let paths: string[];
  if (output !== undefined && isDirectory(output)) paths = inputs.map((input) => join(output, named(input)));
  else if (output !== undefined) {
    if (inputs.length > 1)
      throw new CliUsageError(`-o ${output}: with several files, -o names an existing directory`);
    paths = [output];
  } else paths = inputs.map((input) => join(dirname(input), named(input)));
  const twice = paths.find((path, i) => paths.indexOf(path) !== i);
  if (twice !== undefined) throw new CliUsageError(`two of the files would both be written to ${twice}`);
  return paths;
}

/** Refuses before any work is done when a result would overwrite a file (unless --force). */
export function checkOutputsFree(paths: readonly string[], force: boolean | undefined): void {
  if (force === true) return;
  const taken = paths.find((path) => existsSync(path));
  if (taken !== undefined)
    throw new CliFailure('OUTPUT_EXISTS', `${taken} exists; remove it, choose -o, or give --force`);
}

/**
 * Writes a result through a temporary file beside it and moves it into
 * place only when complete, so an interrupted download leaves no truncated
 * signature under the real name. Without `force` the move refuses an
 * existing file (link fails with EEXIST) rather than replacing it.
 */
export async function writeResult(
  path: string,
  force: boolean | undefined,
  write: (stream: WriteStream) => Promise<void>,
): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await write(createWriteStream(temporary, { flags: 'wx', mode: 0o644 }));
    if (force === true) {
      await rename(temporary, path);
      return;
    }
    try {
      await link(temporary, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST')
        throw new CliFailure('OUTPUT_EXISTS', `${path} exists; remove it, choose -o, or give --force`);
      throw new CliFailure('OUTPUT_NOT_WRITTEN', `cannot write ${path}: ${(error as Error).message}`);
    }
  } catch (error) {
    if (error instanceof CliFailure) throw error;
    const failure = error as NodeJS.ErrnoException;
    // File system errors name their path; anything else broke the download itself.
    if (failure.path !== undefined)
      throw new CliFailure('OUTPUT_NOT_WRITTEN', `cannot write ${path}: ${failure.code ?? failure.message}`);
    throw new CliFailure(
      'DOWNLOAD_FAILED',
      `the download of ${basename(path)} broke off: ${failure.code ?? failure.message}`,
      EXIT.CONNECTION,
    );
  } finally {
    await unlink(temporary).catch(() => undefined);
  }
}
